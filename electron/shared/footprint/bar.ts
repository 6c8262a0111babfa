// The footprint bar as served by GET /api/footprint and drawn by the renderer (plain JSON numbers).

/**
 * One price row. `price` is the row's lower bound (`rowPrice`); a mid-point print floors into the
 * row below. Auction prints of the row are in `auction`, apart from aggressor `buy`/`sell`, so
 * buy + sell + auction over all rows is the bar's whole volume. `trades` counts every print.
 */
export interface FootprintRow {
  price: number;
  buy: number;
  sell: number;
  auction: number;
  trades: number;
}

export interface FootprintBar {
  /**
   * Chart axis value, UTC epoch seconds. Time bars: the KST clock boundary the bar starts on.
   * Tick/volume/range bars: the second of their first trade, pushed to previous bar's time + 1
   * when several bars start within one second, so times always increase (labels use `start`).
   */
  time: number;
  /** chetime (HHMMSS) of the bar's first and last trade. */
  start: string;
  end: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** buy + sell + auction: every share traded in the bar. */
  volume: number;
  buy: number;
  sell: number;
  auction: number;
  /** buy − sell (auction prints excluded). */
  delta: number;
  /** delta / volume × 100, two decimals. */
  deltaPct: number;
  /** Highest and lowest running delta within the bar, counted from 0 at its open (so max ≥ 0 ≥ min). */
  maxDelta: number;
  minDelta: number;
  /** Cumulative delta of the session (this venue view) at the bar's last trade. */
  cvd: number;
  trades: number;
  /** Row with the most volume (ties: the higher row). */
  poc: number;
  /** Highest and lowest row (lower bounds) of the 70% value area grown from the POC. */
  vah: number;
  val: number;
  /** Sorted by price, descending. */
  rows: FootprintRow[];
}
