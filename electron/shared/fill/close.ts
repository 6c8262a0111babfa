// The day's tail after the close (docs/backfill.md, "After the close"). During the session the rows
// after a day file's last line are bounded by the next live trade; once every session of the day is
// over (NXT's after-market ends 20:00 KST, the latest, docs/ls-api.md#sessions) no live trade will
// come, so the fill fetches the tail itself and appends it. Pure: the clock is the caller's.
import type { TradeRecord } from '../trade.ts';
import { hmsToSeconds, kstDate, kstMidnightMs } from '../kst.ts';
import type { Hole } from './seam.ts';

/** The end of the day's last session (KST). */
export const SESSION_END = '200000';
/** Time after SESSION_END for the last prints to reach LS's time-and-sales and the live feed's last frames to arrive. */
export const SETTLE_MS = 5 * 60_000;

const DAY_MS = 24 * 3600 * 1000;

/** When `date` (YYYYMMDD) is over for the fill: its session end plus the settling time, UTC ms. */
export function dayOverAtMs(date: string): number {
  return kstMidnightMs(date) + hmsToSeconds(SESSION_END) * 1000 + SETTLE_MS;
}

/** The next instant strictly after `nowMs` at which a day is over (today's, or tomorrow's once today's has passed). */
export function nextDayOverMs(nowMs: number): number {
  const today = dayOverAtMs(kstDate(nowMs));
  return today > nowMs ? today : today + DAY_MS;
}

/**
 * Whether the fill appends `date`'s tail itself at `nowMs`: the day is over, and no live trade of the
 * code arrived at or after its session end (`lastLiveMs`, null when none in this run). A live trade
 * after the end means the feed still delivers: it bounds the tail like any live trade, and a tail
 * appended under it would write its prints twice.
 */
export function appendsTail(date: string, nowMs: number, lastLiveMs: number | null): boolean {
  if (nowMs < dayOverAtMs(date)) return false;
  return lastLiveMs === null || lastLiveMs < dayOverAtMs(date) - SETTLE_MS;
}

/** The tail after the day's last line (the whole day when there is none): fetched up to now. */
export function tailHole(lines: readonly TradeRecord[]): Hole {
  const last = lines.at(-1);
  return last === undefined
    ? { after: 0, before: null, afterLine: null, beforeLine: null }
    : { after: Number(last.volume), before: null, afterLine: last, beforeLine: null };
}
