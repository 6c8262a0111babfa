// Order-flow readings of finished bar data, computed by the renderer for what it draws.
// Neighbouring rows are neighbours on the KRX tick ladder (nextRowUp/nextRowDown), so a bar that
// crosses a band edge (49,950 → 50,100) compares the rows a trader sees as adjacent.
import { nextRowDown, nextRowUp, rowPrice } from '../tick-size.ts';
import type { FootprintBar, FootprintRow } from './bar.ts';

export type FlowSide = 'buy' | 'sell';

export interface Imbalance {
  /** Row (lower bound) holding the dominant volume. */
  price: number;
  side: FlowSide;
  /** Dominant volume / diagonal opposite volume (Infinity when the opposite row traded nothing). */
  ratio: number;
}

export interface ImbalanceOptions {
  /** Dominant side must be at least this many times the diagonal opposite (default 3). */
  ratio?: number;
  /** Dominant volume must be at least this (default 1). */
  minVolume?: number;
}

function byPrice(bar: FootprintBar): Map<number, FootprintRow> {
  const m = new Map<number, FootprintRow>();
  for (const r of bar.rows) m.set(r.price, r);
  return m;
}

/**
 * Diagonal imbalances: buying at a row against selling one row below (buyers lifted the offer while
 * sellers hit the bid a tick lower), and selling at a row against buying one row above. Rows of the
 * bar's range that traded nothing count as 0; the bar's edge rows have no diagonal partner on their
 * outer side and are not compared there. Auction volume takes no part. Sorted by price descending.
 */
export function diagonalImbalances(bar: FootprintBar, rowTicks: number, opts: ImbalanceOptions = {}): Imbalance[] {
  const ratio = opts.ratio ?? 3;
  const minVolume = opts.minVolume ?? 1;
  const rows = byPrice(bar);
  const top = rowPrice(bar.high, rowTicks);
  const bottom = rowPrice(bar.low, rowTicks);
  const out: Imbalance[] = [];
  for (const r of bar.rows) {
    if (r.buy >= minVolume && r.price > bottom) {
      const against = rows.get(nextRowDown(r.price, rowTicks))?.sell ?? 0;
      if (r.buy >= ratio * against) out.push({ price: r.price, side: 'buy', ratio: r.buy / against });
    }
    if (r.sell >= minVolume && r.price < top) {
      const against = rows.get(nextRowUp(r.price, rowTicks))?.buy ?? 0;
      if (r.sell >= ratio * against) out.push({ price: r.price, side: 'sell', ratio: r.sell / against });
    }
  }
  return out;
}

export interface StackedZone {
  side: FlowSide;
  /** Lower bounds of the zone's top and bottom rows. */
  high: number;
  low: number;
  rows: number;
}

/** Runs of at least `minRows` (default 3) ladder-adjacent rows with an imbalance on the same side. */
export function stackedImbalances(imbalances: readonly Imbalance[], rowTicks: number, minRows = 3): StackedZone[] {
  const zones: StackedZone[] = [];
  for (const side of ['buy', 'sell'] as const) {
    const prices = imbalances
      .filter((i) => i.side === side)
      .map((i) => i.price)
      .sort((a, b) => b - a);
    let start = 0;
    for (let i = 1; i <= prices.length; i++) {
      if (i < prices.length && prices[i] === nextRowDown(prices[i - 1]!, rowTicks)) continue;
      if (i - start >= minRows) zones.push({ side, high: prices[start]!, low: prices[i - 1]!, rows: i - start });
      start = i;
    }
  }
  return zones;
}

export interface UnfinishedAuction {
  /** The bar's high row / low row traded on both sides (buyers and sellers both active at the extreme). */
  high: boolean;
  low: boolean;
}

export function unfinishedAuction(bar: FootprintBar): UnfinishedAuction {
  const first = bar.rows[0];
  const last = bar.rows[bar.rows.length - 1];
  return {
    high: first !== undefined && first.buy > 0 && first.sell > 0,
    low: last !== undefined && last.buy > 0 && last.sell > 0,
  };
}

export interface PocStatus {
  /** Index of the bar whose POC this is. */
  index: number;
  price: number;
  /** Index of the first later bar whose high–low rows include the POC row; null while it is naked. */
  revisitedAt: number | null;
}

/** Every bar's POC with the first later bar that traded through its row (naked POCs have null). */
export function nakedPocs(bars: readonly FootprintBar[], rowTicks: number): PocStatus[] {
  const out: PocStatus[] = bars.map((b, index) => ({ index, price: b.poc, revisitedAt: null }));
  // Open (not yet revisited) POCs sorted by price, so each bar removes the ones in its range at once.
  const open: PocStatus[] = [];
  const lowerBound = (price: number): number => {
    let lo = 0;
    let hi = open.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (open[mid]!.price < price) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let j = 0; j < bars.length; j++) {
    const bar = bars[j]!;
    const from = lowerBound(rowPrice(bar.low, rowTicks));
    let to = from;
    const top = rowPrice(bar.high, rowTicks);
    while (to < open.length && open[to]!.price <= top) open[to++]!.revisitedAt = j;
    open.splice(from, to - from);
    if (bar.rows.length > 0) open.splice(lowerBound(out[j]!.price), 0, out[j]!);
  }
  return out;
}
