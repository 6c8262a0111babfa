// Where a missed-trade mark goes: pure, so it is tested without a canvas (gap-marks.ts draws it).
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';

/** Index of the bar holding the first trade after the gap (chetime `before`); -1 when none does yet. */
export function gapBarIndex(bars: readonly FootprintBar[], before: string): number {
  return bars.findIndex((b) => b.end >= before);
}
