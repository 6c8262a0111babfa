// A day file's big prints (docs/big-prints.md): one pass of the footprint scan (day-scan.ts, on the one
// day-file reader) gathers the day's size distribution, for the default threshold, and the trades of
// the venue asked for; the prints at or above the threshold are then picked from those. The trades
// are kept as columns of numbers, so a 300,000-trade day costs a few MB for the length of the request.
import { BIG_PRINTS_MAX, SizeDistribution, type BigPrint } from '../shared/big-prints.ts';
import { secondsToHms } from '../shared/kst.ts';
import type { VenueFilter } from '../shared/footprint/spec.ts';
import { scanDayFile } from './day-scan.ts';

export interface BigPrintScan {
  /** The threshold applied; null when it was to be derived and the day has no trades. */
  min: number | null;
  /** Trades read (every venue). */
  trades: number;
  prints: BigPrint[];
  truncated: boolean;
}

const VENUES = ['', 'KRX', 'NXT'] as const;

/** Growable columns of the trades of one venue. */
class Columns {
  n = 0;
  seq = new Uint32Array(1024);
  nth = new Uint32Array(1024);
  time = new Uint32Array(1024);
  price = new Float64Array(1024);
  qty = new Float64Array(1024);
  /** Bit 0: buy; bits 1–2: index into VENUES. */
  flags = new Uint8Array(1024);

  push(seq: number, nth: number, time: number, price: number, qty: number, flags: number): void {
    if (this.n === this.seq.length) this.grow();
    const i = this.n++;
    this.seq[i] = seq;
    this.nth[i] = nth;
    this.time[i] = time;
    this.price[i] = price;
    this.qty[i] = qty;
    this.flags[i] = flags;
  }

  print(i: number): BigPrint {
    const f = this.flags[i]!;
    return {
      seq: this.seq[i]!,
      nth: this.nth[i]!,
      chetime: secondsToHms(this.time[i]!),
      price: this.price[i]!,
      qty: this.qty[i]!,
      side: f & 1 ? '+' : '-',
      venue: VENUES[f >> 1]!,
    };
  }

  private grow(): void {
    const n = this.seq.length * 2;
    const more = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.seq = more(this.seq, (k) => new Uint32Array(k));
    this.nth = more(this.nth, (k) => new Uint32Array(k));
    this.time = more(this.time, (k) => new Uint32Array(k));
    this.price = more(this.price, (k) => new Float64Array(k));
    this.qty = more(this.qty, (k) => new Float64Array(k));
    this.flags = more(this.flags, (k) => new Uint8Array(k));
  }
}

/** The scan was given up (its client went away). */
export class ScanAborted extends Error {}

/**
 * The big prints of a day file up to `upToBytes`: trades of `venue` with at least `min` shares, or,
 * with `min` null, at least the day's default threshold (from every venue's trades). An aborted
 * `signal` stops the read (ScanAborted), so a page that left costs no more disk and CPU.
 */
export async function scanBigPrints(path: string, upToBytes: number, venue: VenueFilter, min: number | null, signal?: AbortSignal): Promise<BigPrintScan> {
  const dist = new SizeDistribution();
  const cols = new Columns();
  let nth = 0;
  const res = await scanDayFile(path, upToBytes, (t) => {
    if (signal?.aborted) throw new ScanAborted();
    if (min === null) dist.add(t.qty, t.price);
    if (venue !== 'all' && t.venue !== venue) return;
    nth++;
    if (min !== null && t.qty < min) return;
    cols.push(t.seq, nth, t.time, t.price, t.qty, (t.side > 0 ? 1 : 0) | (VENUES.indexOf(t.venue) << 1));
  });
  const threshold = min ?? dist.threshold();
  if (threshold === null) return { min: null, trades: res.trades, prints: [], truncated: false };
  let picked: number[] = [];
  for (let i = 0; i < cols.n; i++) if (cols.qty[i]! >= threshold) picked.push(i);
  const truncated = picked.length > BIG_PRINTS_MAX;
  if (truncated) {
    // The largest, the earlier first among equals, then back in file order.
    picked.sort((a, b) => cols.qty[b]! - cols.qty[a]! || a - b);
    picked = picked.slice(0, BIG_PRINTS_MAX).sort((a, b) => a - b);
  }
  return { min: threshold, trades: res.trades, prints: picked.map((i) => cols.print(i)), truncated };
}
