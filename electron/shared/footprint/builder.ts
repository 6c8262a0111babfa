// Folds trades, in file (seq) order, into footprint bars. The server folds whole day files and
// today's live trades with it; the page resumes the server's bars and folds live trades with the
// same code, so history + live always equals a fresh computation.
import { hmsToSeconds, kstMidnightMs, secondsToHms } from '../kst.ts';
import { rowPrice, tickIndex } from '../tick-size.ts';
import type { FootprintBar, FootprintRow } from './bar.ts';
import { valueArea } from './profile.ts';
import type { BarSpec, VenueFilter } from './spec.ts';
import type { FootprintTrade } from './trade.ts';

export interface FootprintOptions {
  bar: BarSpec;
  /** Row size in KRX ticks of the price band (1, 2, 5, 10). */
  rowTicks: number;
  venue: VenueFilter;
  /** KST trading date, YYYYMMDD (anchors `time`). */
  date: string;
}

/**
 * When a new bar starts:
 * - time:N — at the first trade of a later N-second bucket counted from KST midnight. A print whose
 *   chetime is earlier than the open bar's bucket (venues' clocks may differ by a second) stays in
 *   the open bar: closed bars never change.
 * - tick:N — once the open bar holds N trades.
 * - volume:N — once the open bar holds N shares or more; a print is never split across bars.
 * - range:N — when a trade would stretch the bar's high–low beyond N exchange ticks (measured on
 *   the tick ladder, so a range across a band edge counts real ticks).
 * Only the open (last) bar keeps its row map; closed bars are final plain objects.
 */
export class FootprintBuilder {
  private readonly opts: FootprintOptions;
  private readonly midnight: number;
  private list: FootprintBar[] = [];
  private cur: FootprintBar | null = null;
  private cells = new Map<number, FootprintRow>();
  /** The row of the previous trade's price in the open bar: runs of prints at one price skip the lookup. */
  private lastPrice = NaN;
  private lastRow: FootprintRow | null = null;
  /** Time bars: the open bar's bucket start, seconds since midnight. */
  private bucket = 0;
  private lastSec = -1;
  private cvd = 0;
  private rowsDirty = false;
  private statsDirty = false;

  constructor(opts: FootprintOptions) {
    this.opts = opts;
    this.midnight = kstMidnightMs(opts.date) / 1000;
  }

  /**
   * Continues after `bars` (as returned by bars() or /api/footprint). The closed bars are shared,
   * not copied; the given array and its last (open) bar are left as they are.
   */
  static resume(opts: FootprintOptions, bars: readonly FootprintBar[]): FootprintBuilder {
    const b = new FootprintBuilder(opts);
    if (bars.length === 0) return b;
    b.list = bars.slice();
    const last = bars[bars.length - 1]!;
    const rows = last.rows.map((r) => ({ ...r }));
    const open: FootprintBar = { ...last, rows };
    b.list[b.list.length - 1] = open;
    b.cur = open;
    for (const r of rows) b.cells.set(r.price, r);
    b.bucket = last.time - b.midnight;
    b.lastSec = hmsToSeconds(last.end);
    b.cvd = last.cvd;
    return b;
  }

  add(t: FootprintTrade): void {
    const venue = this.opts.venue;
    if (venue !== 'all' && t.venue !== venue) return;
    let bar = this.cur;
    if (bar === null || this.startsNewBar(bar, t)) bar = this.open(t);
    const p = t.price;
    const q = t.qty;
    let row = this.lastRow;
    if (p !== this.lastPrice || row === null) {
      const rp = rowPrice(p, this.opts.rowTicks);
      const found = this.cells.get(rp);
      if (found === undefined) {
        row = { price: rp, buy: 0, sell: 0, auction: 0, trades: 0 };
        this.cells.set(rp, row);
        this.rowsDirty = true;
      } else row = found;
      this.lastPrice = p;
      this.lastRow = row;
    }
    row.trades++;
    bar.trades++;
    bar.volume += q;
    if (t.auction) {
      row.auction += q;
      bar.auction += q;
    } else if (t.side > 0) {
      row.buy += q;
      bar.buy += q;
      bar.delta += q;
      this.cvd += q;
      if (bar.delta > bar.maxDelta) bar.maxDelta = bar.delta;
    } else {
      row.sell += q;
      bar.sell += q;
      bar.delta -= q;
      this.cvd -= q;
      if (bar.delta < bar.minDelta) bar.minDelta = bar.delta;
    }
    bar.cvd = this.cvd;
    if (p > bar.high) bar.high = p;
    if (p < bar.low) bar.low = p;
    bar.close = p;
    if (t.time !== this.lastSec) {
      this.lastSec = t.time;
      bar.end = secondsToHms(t.time);
    }
    this.statsDirty = true;
  }

  /** All bars in time order; the last one is open and its object is updated by later add() calls. */
  bars(): readonly FootprintBar[] {
    if (this.cur !== null && this.statsDirty) this.finish(this.cur);
    return this.list;
  }

  /** How many bars there are, the open one included, without computing the open bar's derived fields. */
  barCount(): number {
    return this.list.length;
  }

  /** The open bar's `time` (the bar the last trade went into), without computing its derived fields; null before any. */
  openBarTime(): number | null {
    return this.cur?.time ?? null;
  }

  private startsNewBar(bar: FootprintBar, t: FootprintTrade): boolean {
    const size = this.opts.bar.size;
    switch (this.opts.bar.kind) {
      case 'time':
        return t.time - (t.time % size) > this.bucket;
      case 'tick':
        return bar.trades >= size;
      case 'volume':
        return bar.volume >= size;
      case 'range': {
        const p = t.price;
        if (p >= bar.low && p <= bar.high) return false;
        return tickIndex(p > bar.high ? p : bar.high) - tickIndex(p < bar.low ? p : bar.low) > size;
      }
    }
  }

  private open(t: FootprintTrade): FootprintBar {
    const prev = this.cur;
    if (prev !== null && this.statsDirty) this.finish(prev);
    let time: number;
    if (this.opts.bar.kind === 'time') {
      this.bucket = t.time - (t.time % this.opts.bar.size);
      time = this.midnight + this.bucket;
    } else {
      time = this.midnight + t.time;
      if (prev !== null && time <= prev.time) time = prev.time + 1;
    }
    const hms = secondsToHms(t.time);
    const bar: FootprintBar = {
      time,
      start: hms,
      end: hms,
      open: t.price,
      high: t.price,
      low: t.price,
      close: t.price,
      volume: 0,
      buy: 0,
      sell: 0,
      auction: 0,
      delta: 0,
      deltaPct: 0,
      maxDelta: 0,
      minDelta: 0,
      cvd: this.cvd,
      trades: 0,
      poc: 0,
      vah: 0,
      val: 0,
      rows: [],
    };
    this.list.push(bar);
    this.cur = bar;
    this.cells = new Map();
    this.lastRow = null;
    this.lastSec = t.time;
    return bar;
  }

  /** Derived fields (sorted rows, POC, value area, delta %) of the open bar, computed when read. */
  private finish(bar: FootprintBar): void {
    if (this.rowsDirty) {
      bar.rows = Array.from(this.cells.values()).sort((a, b) => b.price - a.price);
      this.rowsDirty = false;
    }
    const va = valueArea(bar.rows);
    bar.poc = va.poc;
    bar.vah = va.vah;
    bar.val = va.val;
    bar.deltaPct = bar.volume > 0 ? Math.round((bar.delta / bar.volume) * 10_000) / 100 : 0;
    this.statsDirty = false;
  }
}
