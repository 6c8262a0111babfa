// Big prints: trades of at least a size threshold. The default threshold of a code and day comes from
// that day's own trade sizes (docs/big-prints.md): the 99th percentile, never at or below the median
// size and never under ₩10,000,000 at the day's average price, rounded up to a number a trader would
// type. Pure: the server applies it to a day file, tests to made-up days. The answer of GET /api/bigprints
// is declared here too, beside the rule (see wire.ts).
import type { VenueFilter } from './footprint/index.ts';

/** Share of a day's prints that stay below the default threshold. */
export const BIG_PRINT_PERCENTILE = 0.99;
/** Won value under which a print is never big by default, however quiet the day. */
export const BIG_PRINT_FLOOR_WON = 10_000_000;
/** The largest threshold a trader may set (whole shares from 1). */
export const BIG_PRINT_MAX_MIN = 1_000_000_000;

/** The smallest 1, 2 or 5 × 10^n that is at least `v` (1 for v ≤ 1). */
export function roundUpNice(v: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, v)));
  for (const m of [1, 2, 5]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** A day's trade sizes, gathered one print at a time in little memory (sizes repeat a lot). */
export class SizeDistribution {
  private readonly counts = new Map<number, number>();
  private n = 0;
  private shares = 0;
  private won = 0;

  /** One print of `qty` shares at `price`; non-positive or non-finite sizes are not prints. */
  add(qty: number, price: number): void {
    if (!(qty > 0) || !Number.isFinite(qty)) return;
    this.counts.set(qty, (this.counts.get(qty) ?? 0) + 1);
    this.n++;
    if (price > 0 && Number.isFinite(price)) {
      this.shares += qty;
      this.won += qty * price;
    }
  }

  get size(): number {
    return this.n;
  }

  /** The default threshold for the prints added so far; null when there are none to judge from. */
  threshold(percentile = BIG_PRINT_PERCENTILE): number | null {
    if (this.n === 0) return null;
    const sizes = [...this.counts.keys()].sort((a, b) => a - b);
    const rankP = Math.min(this.n - 1, Math.floor(percentile * this.n));
    const rankMedian = Math.floor(this.n / 2);
    let atP = 0;
    let median = 0;
    let seen = 0;
    for (const s of sizes) {
      const next = seen + this.counts.get(s)!;
      if (rankMedian >= seen && rankMedian < next) median = s;
      if (rankP >= seen && rankP < next) atP = s;
      seen = next;
    }
    const floor = this.shares > 0 ? Math.ceil(BIG_PRINT_FLOOR_WON / (this.won / this.shares)) : 1;
    return Math.min(BIG_PRINT_MAX_MIN, roundUpNice(Math.max(atP, median + 1, floor)));
  }
}

/** The default threshold of a day of prints (see SizeDistribution.threshold). */
export function bigPrintThreshold(prints: Iterable<{ qty: number; price: number }>, percentile = BIG_PRINT_PERCENTILE): number | null {
  const d = new SizeDistribution();
  for (const p of prints) d.add(p.qty, p.price);
  return d.threshold(percentile);
}

// ---- GET /api/bigprints ----

/** One trade at or above the threshold. */
export interface BigPrint {
  /** Its seq in the day file. */
  seq: number;
  /**
   * Its 1-based position among the day's trades of the venue asked for (seq for `all`): footprint bars
   * of that venue count the same trades (`trades`), so the page finds the bar it lies in.
   */
  nth: number;
  /** HHMMSS (KST). */
  chetime: string;
  price: number;
  qty: number;
  side: '+' | '-';
  /** '' for lines without a venue. */
  venue: 'KRX' | 'NXT' | '';
}

/** At most this many prints per answer: beyond it the largest are kept (`truncated`). */
export const BIG_PRINTS_MAX = 10_000;

export interface BigPrintsAnswer {
  code: string;
  date: string;
  venue: VenueFilter;
  /** The threshold applied (shares); null when `auto` found no trades to derive it from. */
  min: number | null;
  /** `min` was derived from the day's trade sizes (no `min` parameter). */
  auto: boolean;
  /** Trades of the day read (every venue), up to `X-Last-Seq`. */
  trades: number;
  /** In seq order. */
  prints: BigPrint[];
  /** More trades qualified than BIG_PRINTS_MAX: only the largest are listed. */
  truncated: boolean;
}
