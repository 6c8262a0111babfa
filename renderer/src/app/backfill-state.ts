// What the fill of a code's day (docs/backfill.md) looks like on the page: the `backfill` object of
// GET / and the status frames read into views, and the words and numbers the progress bar and the
// incomplete-day label show. Pure, so the wording is tested without a browser (backfill-bar.ts draws it).
import { groupThousands } from '../../../electron/shared/numbers.ts';
import type { BackfillState } from '../../../electron/shared/wire.ts';
import { isRecord } from '../data/api.ts';
import { defineTexts, type Lang } from '../ui/i18n.ts';

export const { text: fillText, textWith: fillTextWith } = defineTexts({
  ko: {
    queued: '채우기 대기',
    running: '누락 구간 채우는 중',
    paused: '채우기 일시정지',
    failed: '채우기 실패',
    fetched: '{n}건 받음',
    left: '남은 약 {n}건',
    leftUnknown: '남은 양 계산 중',
    eta: '약 {t} 남음',
    seconds: '{s}초',
    minutes: '{m}분',
    hours: '{h}시간 {m}분',
    pause: '일시정지',
    resume: '계속',
    incompleteFilling: '채우는 중 · 불완전한 날',
    incompletePaused: '채우기 멈춤 · 불완전한 날',
    incompleteFailed: '채우지 못함 · 불완전한 날',
    incompleteHint: '이 날의 기록에 빠진 체결이 있습니다. LS 체결 조회에서 받아 기록 파일에 채우며, 끝날 때까지 차트는 받은 만큼만 보여 줍니다.',
    meter: '채우기 진행',
  },
  en: {
    queued: 'Fill queued',
    running: 'Filling missed trades',
    paused: 'Fill paused',
    failed: 'Fill failed',
    fetched: '{n} fetched',
    left: 'about {n} left',
    leftUnknown: 'estimating what is left',
    eta: 'about {t} to go',
    seconds: '{s} s',
    minutes: '{m} min',
    hours: '{h} h {m} min',
    pause: 'Pause',
    resume: 'Resume',
    incompleteFilling: 'Filling · incomplete day',
    incompletePaused: 'Fill paused · incomplete day',
    incompleteFailed: 'Not filled · incomplete day',
    incompleteHint: 'Trades are missing from this day’s recording. They are fetched from LS time-and-sales into the day file; until that ends the chart shows what has arrived.',
    meter: 'Fill progress',
  },
});

/** One code's fill as the page needs it (wire.ts BackfillStatus). */
export interface FillView {
  state: BackfillState;
  fetched: number;
  /** Prints still to fetch; null while unknown. */
  remaining: number | null;
  etaSeconds: number | null;
  lastError: string | null;
}

const STATES: readonly string[] = ['idle', 'queued', 'running', 'paused', 'done', 'failed'] satisfies BackfillState[];

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** One code's status (an entry of `backfill`, or the pause route's answer); null when it is not one. */
export function readFillView(v: unknown): FillView | null {
  if (!isRecord(v) || typeof v.state !== 'string' || !STATES.includes(v.state)) return null;
  return {
    state: v.state as BackfillState,
    fetched: count(v.fetched) ?? 0,
    remaining: count(v.remaining_estimate),
    etaSeconds: count(v.eta_seconds),
    lastError: typeof v.last_error === 'string' && v.last_error !== '' ? v.last_error : null,
  };
}

/** `backfill` of GET / or a status frame, by code; null when absent (a server that does not send it). */
export function readBackfill(v: unknown): Map<string, FillView> | null {
  if (!isRecord(v)) return null;
  const out = new Map<string, FillView>();
  for (const [code, s] of Object.entries(v)) {
    const view = readFillView(s);
    if (view) out.set(code, view);
  }
  return out;
}

/** The fill has work left or is waiting to be resumed: the progress bar shows. */
export const isFilling = (s: BackfillState): boolean => s === 'queued' || s === 'running' || s === 'paused';

/** The day may still lack trades: anything but a fill that ended well (or never had to run). */
export const isIncomplete = (s: BackfillState): boolean => s !== 'done' && s !== 'idle';

/** Time left, rounded up to what a trader reads: `45초`, `3분`, `1시간 5분`. */
export function etaText(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return fillTextWith(lang, 'seconds', { s });
  const m = Math.ceil(s / 60);
  if (m < 60) return fillTextWith(lang, 'minutes', { m });
  return fillTextWith(lang, 'hours', { h: Math.floor(m / 60), m: m % 60 });
}

/** `1,230건 받음 · 남은 약 3,400건 · 약 3분 남음`: fetched, the estimate of what is left and the time it takes at the rate limit. */
export function progressText(v: FillView, lang: Lang): string {
  const parts = [fillTextWith(lang, 'fetched', { n: groupThousands(v.fetched) })];
  parts.push(v.remaining === null ? fillText(lang, 'leftUnknown') : fillTextWith(lang, 'left', { n: groupThousands(v.remaining) }));
  if (v.etaSeconds !== null && v.remaining !== 0) parts.push(fillTextWith(lang, 'eta', { t: etaText(v.etaSeconds, lang) }));
  return parts.join(' · ');
}

/** How far the fill is, 0 to 1; null while what is left is unknown. */
export function fillFraction(v: FillView): number | null {
  if (v.remaining === null) return null;
  const total = v.fetched + v.remaining;
  return total === 0 ? 0 : v.fetched / total;
}

/** The incomplete-day label for a state that is incomplete. */
export function incompleteText(s: BackfillState, lang: Lang): string {
  return fillText(lang, s === 'paused' ? 'incompletePaused' : s === 'failed' ? 'incompleteFailed' : 'incompleteFilling');
}
