// Time labels of tick, volume and range bars: the bar's real first trade (`start`). Their axis value is
// that second too, but pushed a second on for each bar that starts within the same second (times must
// increase), so in a burst the axis value runs seconds ahead of the trades. A time bar's first trade
// is never before its boundary, so time bars keep their boundary labels.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';

/** "09:31:05" of the bar whose axis value is `time`; null when no bar has it. */
export function barStartClock(bars: readonly FootprintBar[], time: number): string | null {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = bars[mid]!.time;
    if (t === time) {
      const s = bars[mid]!.start;
      return s.length === 6 ? `${s.slice(0, 2)}:${s.slice(2, 4)}:${s.slice(4, 6)}` : null;
    }
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
