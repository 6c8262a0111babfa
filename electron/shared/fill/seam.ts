// Where fetched rows belong in a day, decided on the cumulative `volume` alone (docs/backfill.md): a
// hole is the open interval between the cumulative volumes of the day-file lines around it, and a row
// belongs to it when its volume lies strictly inside. Content (time, price, size) never decides, because
// identical consecutive prints are real, separate trades.
import type { TradeRecord } from '../trade.ts';
import type { FillRow } from './row.ts';
import { STEP } from './steps.ts';

export interface Hole {
  /** Cumulative volume of the last line before the hole; 0 at the start of the day. */
  after: number;
  /** Cumulative volume of the first line after it; null when nothing follows yet (fetch up to now). */
  before: number | null;
  /**
   * The lines at `after` and `before`; null at the start of the day and when nothing follows. Their times
   * narrow the request (starttime/endtime); LS's rows at their volumes must be the same prints (samePrint).
   */
  afterLine: TradeRecord | null;
  beforeLine: TradeRecord | null;
}

/**
 * Whether LS's row at a line's cumulative volume is the print the line records (same volume, price and
 * size). It is whenever both come from the same view of the market; rows of another view (the day recorded
 * from US3, fetched from t1301) run on other cumulative volumes, so they must never be placed into it.
 */
export function samePrint(line: TradeRecord, row: FillRow): boolean {
  return Number(line.volume) === row.volume && Number(line.cvolume) === row.cvolume && Number(line.price) === Number(row.price);
}

/** Why a day file cannot be filled by volume, or null when it can. */
export function unfillableReason(lines: readonly TradeRecord[]): string | null {
  let last = 0;
  for (const r of lines) {
    if (r.volume === undefined) return 'the day file has lines without cumulative volume';
    const v = Number(r.volume);
    if (v <= last) return 'the day file\'s cumulative volume does not rise line by line';
    last = v;
  }
  return null;
}

/**
 * The holes of a day file (lines in file order, each with `volume`): before the first line when it is
 * not the day's first print, and between consecutive lines whose volumes do not chain. The tail after the
 * last line is not a hole: the next live trade bounds it. Pauses every STEP lines (steps.ts).
 */
export function* holesSteps(lines: readonly TradeRecord[]): Generator<void, Hole[]> {
  const holes: Hole[] = [];
  let prev = 0;
  let prevLine: TradeRecord | null = null;
  for (let i = 0; i < lines.length; i++) {
    const r = lines[i];
    const v = Number(r.volume);
    if (v - Number(r.cvolume) !== prev && v > prev) holes.push({ after: prev, before: v, afterLine: prevLine, beforeLine: r });
    prev = v;
    prevLine = r;
    if (i % STEP === STEP - 1) yield;
  }
  return holes;
}

/** What one page (newest first) holds for a hole. */
export interface PageCut {
  /** Rows inside the hole, newest first. */
  inside: FillRow[];
  /** The row at the hole's `after` volume (the print before the hole), when the page reached it. */
  seam: FillRow | null;
  /** The row at the hole's `before` volume (the print after the hole), when on this page. */
  bound: FillRow | null;
  /** A row at or below `after` was seen: older pages hold nothing for this hole. */
  reached: boolean;
}

export function cutPage(rows: readonly FillRow[], hole: Pick<Hole, 'after' | 'before'>): PageCut {
  const inside: FillRow[] = [];
  let seam: FillRow | null = null;
  let bound: FillRow | null = null;
  let reached = false;
  for (const r of rows) {
    if (r.volume <= hole.after) {
      reached = true;
      if (r.volume === hole.after) seam = r;
      break;
    }
    if (hole.before === null || r.volume < hole.before) inside.push(r);
    else if (r.volume === hole.before) bound = r;
  }
  return { inside, seam, bound, reached };
}

/** Volume between `after` and `before` that `rows` (oldest first) do not account for; 0 when they chain. */
export function missingVolume(after: number, before: { volume: number; cvolume: number } | null, rows: readonly FillRow[]): number {
  let prev = after;
  let missing = 0;
  for (const r of rows) {
    missing += r.volume - r.cvolume - prev;
    prev = r.volume;
  }
  if (before !== null) missing += before.volume - before.cvolume - prev;
  return missing;
}
