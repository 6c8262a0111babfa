// The fill's progress in a strip above the chart (docs/backfill.md, "What the user sees"): for the code on screen on
// the live day (the only day a fill runs for), a bar while its fill is queued, running or paused, with
// pause and resume on POST /api/backfill/{code}, and a label saying the day is incomplete until the
// fill has ended well. A failed fill shows its error for a moment; the label stays. The state comes
// from GET / and the status frames (`backfill`); the wording is in backfill-state.ts.
import type { BackfillAction } from '../../../electron/shared/wire.ts';
import { isRecord, requestJson } from '../data/api.ts';
import { el } from '../ui/dom.ts';
import type { Lang } from '../ui/i18n.ts';
import { fillFraction, fillText, incompleteText, isFilling, isIncomplete, progressText, readBackfill, readFillView, type FillView } from './backfill-state.ts';

/** How long a failed fill's error stays on the bar (ms). */
const FAILED_SHOWN_MS = 8_000;

export interface BackfillBar {
  /** The `backfill` of GET / or a status frame; a frame without it (an older server) changes nothing. */
  update(backfill: unknown): void;
  /** What the chart shows: `liveDay` false (a recorded day) hides everything, as no fill runs for it. */
  show(code: string, liveDay: boolean, lang: Lang): void;
}

export function createBackfillBar(host: HTMLElement): BackfillBar {
  const box = host.appendChild(el('div', 'backfill'));
  const label = box.appendChild(el('span', 'day-incomplete'));
  label.dataset.testid = 'day-incomplete';
  const bar = box.appendChild(el('div', 'backfill-progress'));
  bar.dataset.testid = 'backfill-progress';
  const state = bar.appendChild(el('strong', 'backfill-state'));
  const numbers = bar.appendChild(el('span', 'backfill-numbers'));
  numbers.dataset.testid = 'backfill-numbers';
  const meter = bar.appendChild(el('div', 'backfill-meter'));
  meter.setAttribute('role', 'progressbar');
  const filled = meter.appendChild(el('div', 'backfill-meter-fill'));
  const pause = bar.appendChild(el('button'));
  pause.type = 'button';
  pause.dataset.testid = 'backfill-pause';
  const resume = bar.appendChild(el('button'));
  resume.type = 'button';
  resume.dataset.testid = 'backfill-resume';
  const error = bar.appendChild(el('span', 'backfill-error'));
  error.dataset.testid = 'backfill-error';
  error.setAttribute('role', 'alert');

  let fills = new Map<string, FillView>();
  let shown = { code: '', liveDay: false, lang: 'ko' as Lang };
  /** The code whose failure is on the bar, until when. */
  let failure: { code: string; until: number } | null = null;
  let failureTimer: ReturnType<typeof setTimeout> | undefined;
  /** A request under way, or a pause asked for and not yet in effect; any change of state ends it. */
  let sending = false;
  let requestError: string | null = null;

  const render = (): void => {
    const { code, liveDay, lang } = shown;
    const v = liveDay ? fills.get(code) : undefined;
    const failedShown = v?.state === 'failed' && failure?.code === code && Date.now() < failure.until;
    label.hidden = v === undefined || !isIncomplete(v.state);
    bar.hidden = v === undefined || !(isFilling(v.state) || failedShown);
    box.hidden = label.hidden && bar.hidden;
    if (v === undefined) return;
    label.textContent = incompleteText(v.state, lang);
    label.title = fillText(lang, 'incompleteHint');
    bar.dataset.state = v.state;
    state.textContent = fillText(lang, v.state === 'queued' || v.state === 'paused' || v.state === 'failed' ? v.state : 'running');
    numbers.textContent = progressText(v, lang);
    const fraction = fillFraction(v);
    meter.classList.toggle('unknown', fraction === null);
    filled.style.width = `${Math.round((fraction ?? 0) * 100)}%`;
    meter.setAttribute('aria-label', fillText(lang, 'meter'));
    if (fraction === null) meter.removeAttribute('aria-valuenow');
    else meter.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    pause.textContent = fillText(lang, 'pause');
    resume.textContent = fillText(lang, 'resume');
    pause.hidden = v.state !== 'running' && v.state !== 'queued';
    resume.hidden = v.state !== 'paused';
    pause.disabled = resume.disabled = sending;
    error.textContent = requestError ?? (v.state === 'failed' ? (v.lastError ?? '') : '');
  };

  const send = async (action: BackfillAction): Promise<void> => {
    const { code } = shown;
    sending = true;
    requestError = null;
    render();
    try {
      const { body } = await requestJson('POST', `/api/backfill/${encodeURIComponent(code)}`, { body: { action } });
      // The state shown comes from the status frames only (an answer may be older than a frame). A pause
      // takes effect between pages: until the frame saying so comes, the buttons wait.
      const answered = isRecord(body) ? readFillView(body.backfill) : null;
      sending = action === 'pause' && answered?.state === 'running' && fills.get(code)?.state === 'running';
    } catch (err) {
      sending = false;
      requestError = err instanceof Error ? err.message : String(err);
    }
    render();
  };

  function apply(next: Map<string, FillView>): void {
    const { code } = shown;
    const was = fills.get(code)?.state;
    const now = next.get(code)?.state;
    if (now !== was) sending = false;
    for (const [c, v] of next) {
      if (v.state === 'failed' && fills.get(c)?.state !== 'failed') {
        failure = { code: c, until: Date.now() + FAILED_SHOWN_MS };
        clearTimeout(failureTimer);
        failureTimer = setTimeout(render, FAILED_SHOWN_MS);
      }
    }
    fills = next;
    render();
  }

  pause.addEventListener('click', () => void send('pause'));
  resume.addEventListener('click', () => void send('resume'));
  render();
  return {
    update(backfill) {
      const next = readBackfill(backfill);
      if (next) apply(next);
    },
    show(code, liveDay, lang) {
      if (code !== shown.code) {
        requestError = null;
        sending = false;
      }
      shown = { code, liveDay, lang };
      render();
    },
  };
}
