// The ranges of the control bar's number boxes, one rule each for the box and for stored prefs, so a
// value the box takes is never dropped at the next load. Pure (unit-tested without a DOM).
import { BIG_PRINT_MAX_MIN } from '../../../electron/shared/big-prints.ts';

/** Imbalance ratios the chart accepts: more than 1 (a ratio of 1 marks every cell), at most 100. */
export function validImbalanceRatio(v: number): boolean {
  return Number.isFinite(v) && v > 1 && v <= 100;
}

/** Big-print thresholds (the tape's highlighting and the chart's bubbles): whole shares, 1 to 10⁹. */
export function validLargeTrade(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= BIG_PRINT_MAX_MIN;
}

/** Why a typed threshold is refused. */
export type LargeTradeProblem = 'notNumber' | 'tooSmall' | 'tooLarge';

/**
 * What the threshold box makes of its text: a whole number of shares (rounded), null for an empty
 * box (the day's default), or why it is refused. `badInput`: the browser could not read a number
 * from what was typed (a number box then reports an empty value).
 */
export function readLargeTrade(typed: string, badInput = false): { value: number | null } | { problem: LargeTradeProblem } {
  const t = typed.trim();
  if (badInput) return { problem: 'notNumber' };
  if (t === '') return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n)) return { problem: 'notNumber' };
  const v = Math.round(n);
  if (v < 1) return { problem: 'tooSmall' };
  if (!validLargeTrade(v)) return { problem: 'tooLarge' };
  return { value: v };
}
