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
