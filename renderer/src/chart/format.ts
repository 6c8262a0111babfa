// Number and time labels for the chart. Pure: cells are pre-formatted when a bar changes, so these
// stay off the paint path; Intl is avoided because it is slow for thousands of labels.
import { formatHms, kstDate, kstTime } from '../../../electron/shared/kst.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { formatPrice, tickSize } from '../../../electron/shared/tick-size.ts';
import type { Lang } from '../ui/i18n.ts';

function trimmed(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '');
}

/**
 * Short volume label for narrow cells: Korean units (만 = 10⁴, 억 = 10⁸) or K/M. Values under
 * 10,000 keep every digit (grouped, as everywhere else) because a trader reads exact small prints.
 */
export function compactNumber(n: number, lang: Lang): string {
  const a = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (a < 10_000) return groupThousands(n);
  if (lang === 'ko') {
    return a < 1e8 ? `${sign}${trimmed(a / 1e4)}만` : `${sign}${trimmed(a / 1e8)}억`;
  }
  return a < 1e6 ? `${sign}${trimmed(a / 1e3)}K` : `${sign}${trimmed(a / 1e6)}M`;
}

/** Signed label: "+1,200", "-300", "0". */
export function signedGroup(n: number): string {
  return n > 0 ? `+${groupThousands(n)}` : groupThousands(n);
}

export function signedCompact(n: number, lang: Lang): string {
  const s = compactNumber(n, lang);
  return n > 0 ? `+${s}` : s;
}

/** "09:31:05" (KST) for UTC epoch seconds. */
export function kstClock(epochSec: number): string {
  return formatHms(kstTime(epochSec * 1000));
}

/** "09:31" (KST) for UTC epoch seconds. */
function kstMinute(epochSec: number): string {
  return kstClock(epochSec).slice(0, 5);
}

/** "11/25" (KST month/day) for UTC epoch seconds. */
export function kstMonthDay(epochSec: number): string {
  const d = kstDate(epochSec * 1000);
  return `${d.slice(4, 6)}/${d.slice(6, 8)}`;
}

/**
 * Time-axis label kinds, mirroring lightweight-charts' TickMarkType order (Year … TimeWithSeconds).
 * A time label is the bar's start: "09:31" on a whole minute, else "09:31:07". Tick, volume, range
 * and sub-minute bars start within a minute, and cutting their seconds off would label several
 * bars "09:31" (or a bar that opened at 09:31:40 as if at 09:31).
 */
export function axisLabel(epochSec: number, kind: 0 | 1 | 2 | 3 | 4): string {
  if (kind === 3 || kind === 4) return epochSec % 60 === 0 ? kstMinute(epochSec) : kstClock(epochSec);
  return kstMonthDay(epochSec);
}

/** formatPrice for integer won (the price axis). */
export function priceLabel(price: number): string {
  return formatPrice(Math.round(price));
}

/** Price-axis and crosshair label: the nearest KRX tick, with separators ("60,618" → "60,600"). */
export function tickLabel(price: number): string {
  const tick = tickSize(price);
  return priceLabel(Math.round(price / tick) * tick);
}

/**
 * The price scale's smallest step for a tick size. lightweight-charts steps by 1, 2, 2.5, 4 or 5 × 10ⁿ won,
 * never below its smallest step; on a 1, 10, 100 or 1,000-won tick a 2.5 step falls between ticks (labels of
 * 103,250 rounded to 103,300 read as uneven steps). From five ticks up, every step it picks is a
 * whole number of ticks. The 5 and 50-won ticks divide all its steps already.
 */
export function axisMinMove(tick: number): number {
  return Number.isInteger(Math.log10(tick)) ? 5 * tick : tick;
}
