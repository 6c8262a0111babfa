// KRX 호가가격단위 for stocks since 2023-01-25 (docs/ls-api.md#tick-size); NXT is assumed to use the same
// ladder (inferred). Every band edge is a multiple of every row size K × tick used by the app
// (K in 1, 2, 5, 10), so flooring to the row size never straddles a band edge.
import { groupThousands } from './numbers.ts';

const BANDS: ReadonlyArray<readonly [upTo: number, tick: number]> = [
  [2_000, 1],
  [5_000, 5],
  [20_000, 10],
  [50_000, 50],
  [200_000, 100],
  [500_000, 500],
];

/** Tick size of a stock price. */
export function tickSize(price: number): number {
  for (const [upTo, tick] of BANDS) if (price < upTo) return tick;
  return 1_000;
}

/**
 * Lower bound of the footprint row holding a price, for rows of `rowTicks` ticks.
 * Mid-point (half-tick) prints such as 99,350 on a 100-won tick floor into the row below
 * (99,300), so no trade is ever dropped and a row's price is always on the tick grid.
 */
export function rowPrice(price: number, rowTicks: number): number {
  const step = tickSize(price) * rowTicks;
  return Math.floor(price / step) * step;
}

/** True when the price sits on the tick grid (false for mid-point prints). */
export function isOnTick(price: number): boolean {
  return price % tickSize(price) === 0;
}

/** Price one row above a row's lower bound (crossing into a wider band where needed). */
export function nextRowUp(row: number, rowTicks: number): number {
  return rowPrice(row + tickSize(row) * rowTicks, rowTicks);
}

/** Price one row below a row's lower bound. */
export function nextRowDown(row: number, rowTicks: number): number {
  return rowPrice(row - 1, rowTicks);
}

/** Thousands separators, Korean style: 99300 → "99,300"; a mid-point print keeps its half: "1,234.5". */
export function formatPrice(price: number): string {
  const whole = Math.trunc(price);
  const half = price - whole;
  return half === 0 ? groupThousands(whole) : `${groupThousands(whole)}${String(half).slice(1)}`;
}

/**
 * Position of a price on the tick ladder, in ticks from zero (a mid-point print lands on .5), so
 * the distance between two prices in exchange ticks is a subtraction even across band edges.
 */
export function tickIndex(price: number): number {
  let base = 0;
  let from = 0;
  for (const [upTo, tick] of BANDS) {
    if (price < upTo) return base + (price - from) / tick;
    base += (upTo - from) / tick;
    from = upTo;
  }
  return base + (price - from) / 1_000;
}
