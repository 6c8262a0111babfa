// The replay controls (FEED=replay, docs/replay.md): play, pause, speed, a forward seek to a KST time,
// and the replay's time and mode. Hidden for the other feeds. The state comes from GET / and the
// status frames (`replay_state`), and from GET /api/replay once a second while the replay moves (the
// frames carry the time of a change only). A seek's skipped trades never come over /ws: when `seeks`
// grows, `onReload` tells the app to load the day again.
import {
  REPLAY_MAX_SPEED,
  REPLAY_MODES,
  REPLAY_SPEEDS,
  type ReplayCommand,
  type ReplayMode,
  type ReplaySpeed,
  type ReplayState,
} from '../../../electron/shared/wire.ts';
import { isRecord, requestJson } from '../data/api.ts';
import { el } from '../ui/dom.ts';
import { defineTexts, type Lang } from '../ui/i18n.ts';

const { text, textWith } = defineTexts({
  ko: {
    title: '기록 재생',
    play: '▶ 재생',
    pause: '❚❚ 일시정지',
    speed: '배속',
    max: '최대',
    seek: '이동할 시각 (KST, 앞으로만)',
    go: '이동',
    playing: '재생 중',
    paused: '일시정지',
    seeking: '이동 중…',
    finished: '재생 끝',
    badTime: '시각은 HH:MM:SS로 입력하세요 (예: 10:30:00)',
    range: '기록 {start}–{end}',
  },
  en: {
    title: 'Replay',
    play: '▶ Play',
    pause: '❚❚ Pause',
    speed: 'Speed',
    max: 'max',
    seek: 'Go to time (KST, forward only)',
    go: 'Go',
    playing: 'playing',
    paused: 'paused',
    seeking: 'seeking…',
    finished: 'finished',
    badTime: 'Enter the time as HH:MM:SS (e.g. 10:30:00)',
    range: 'recorded {start}–{end}',
  },
});

const HMS = /^\d{2}:\d{2}:\d{2}$/;
const CLOCK_MS = 1_000;

/** `replay_state` of GET /, a status frame or GET /api/replay; null for anything else (or another feed). */
export function readReplayState(v: unknown): ReplayState | null {
  if (!isRecord(v)) return null;
  const { mode, date, speed, time, start, end, seeks } = v;
  if (typeof mode !== 'string' || !(REPLAY_MODES as readonly string[]).includes(mode)) return null;
  if (typeof date !== 'string' || typeof time !== 'string' || !HMS.test(time)) return null;
  if (speed !== 'max' && !(typeof speed === 'number' && speed >= 1 && speed <= REPLAY_MAX_SPEED)) return null;
  const hms = (x: unknown): string | null => (typeof x === 'string' && HMS.test(x) ? x : null);
  if (typeof seeks !== 'number' || !Number.isSafeInteger(seeks)) return null;
  return { mode: mode as ReplayMode, date, speed, time, start: hms(start), end: hms(end), seeks };
}

export interface ReplayControls {
  /** The replay's state (null: the feed is not a replay, the controls hide). */
  update(state: ReplayState | null): void;
  setLang(lang: Lang): void;
}

const speedLabel = (s: ReplaySpeed, lang: Lang): string => (s === 'max' ? text(lang, 'max') : `${s}×`);

export function createReplayControls(host: HTMLElement, initialLang: Lang, onReload: () => void): ReplayControls {
  let lang = initialLang;
  let state: ReplayState | null = null;
  let clock: ReturnType<typeof setInterval> | undefined;

  const box = host.appendChild(el('div', 'replay-controls'));
  box.dataset.testid = 'replay-controls';
  box.hidden = true;
  const title = box.appendChild(el('strong', 'replay-title'));
  const play = box.appendChild(el('button'));
  play.type = 'button';
  play.dataset.testid = 'replay-play';
  const pause = box.appendChild(el('button'));
  pause.type = 'button';
  pause.dataset.testid = 'replay-pause';
  const speedLabelEl = box.appendChild(el('label'));
  const speedName = speedLabelEl.appendChild(el('span'));
  const speed = speedLabelEl.appendChild(el('select'));
  speed.dataset.testid = 'replay-speed';
  const form = box.appendChild(el('form', 'replay-seek'));
  const seek = form.appendChild(el('input'));
  seek.dataset.testid = 'replay-seek';
  seek.placeholder = 'HH:MM:SS';
  seek.size = 8;
  seek.inputMode = 'numeric';
  const go = form.appendChild(el('button'));
  go.type = 'submit';
  go.dataset.testid = 'replay-seek-go';
  const time = box.appendChild(el('span', 'replay-time'));
  time.dataset.testid = 'replay-time';
  const mode = box.appendChild(el('span', 'replay-mode'));
  mode.dataset.testid = 'replay-mode';
  const range = box.appendChild(el('span', 'replay-range'));
  const error = box.appendChild(el('span', 'replay-error'));
  error.dataset.testid = 'replay-error';
  error.setAttribute('role', 'alert');

  const send = async (command: ReplayCommand): Promise<void> => {
    error.textContent = '';
    try {
      const { body } = await requestJson('POST', '/api/replay', { body: command });
      apply(readReplayState(body));
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err);
    }
  };

  const poll = async (): Promise<void> => {
    try {
      const { body } = await requestJson('GET', '/api/replay');
      apply(readReplayState(body));
    } catch {
      // The page's connection badge tells when the server is away; the last state stays shown.
    }
  };

  const render = (): void => {
    box.hidden = state === null;
    title.textContent = text(lang, 'title');
    play.textContent = text(lang, 'play');
    pause.textContent = text(lang, 'pause');
    speedName.textContent = `${text(lang, 'speed')} `;
    seek.title = text(lang, 'seek');
    seek.setAttribute('aria-label', text(lang, 'seek'));
    go.textContent = text(lang, 'go');
    if (!state) return;
    const choices: ReplaySpeed[] = [...REPLAY_SPEEDS];
    if (!choices.includes(state.speed)) choices.splice(choices.length - 1, 0, state.speed);
    speed.replaceChildren(...choices.map((s) => el('option', '', speedLabel(s, lang))));
    choices.forEach((s, i) => ((speed.options[i] as HTMLOptionElement).value = String(s)));
    speed.value = String(state.speed);
    play.disabled = state.mode === 'playing' || state.mode === 'finished';
    pause.disabled = state.mode === 'paused' || state.mode === 'finished';
    time.textContent = state.time;
    mode.textContent = text(lang, state.mode);
    box.dataset.mode = state.mode;
    range.textContent = state.start && state.end ? textWith(lang, 'range', { start: state.start, end: state.end }) : '';
  };

  function apply(next: ReplayState | null): void {
    const before = state;
    state = next;
    const moving = next !== null && (next.mode === 'playing' || next.mode === 'seeking');
    if (moving && clock === undefined) clock = setInterval(() => void poll(), CLOCK_MS);
    if (!moving && clock !== undefined) {
      clearInterval(clock);
      clock = undefined;
    }
    render();
    if (before && next && next.seeks > before.seeks) onReload();
  }

  play.addEventListener('click', () => void send({ action: 'play' }));
  pause.addEventListener('click', () => void send({ action: 'pause' }));
  speed.addEventListener('change', () => {
    const v = speed.value;
    void send({ action: 'speed', speed: v === 'max' ? 'max' : Number(v) });
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = seek.value.trim();
    const full = /^\d{1,2}:\d{2}$/.test(v) ? `${v}:00` : v;
    const padded = full.length === 7 ? `0${full}` : full;
    if (!HMS.test(padded)) {
      error.textContent = text(lang, 'badTime');
      return;
    }
    void send({ action: 'seek', time: padded });
  });

  render();
  return {
    update: apply,
    setLang(next) {
      lang = next;
      render();
    },
  };
}
