// The footprint service's cache (footprint-service.ts): entries of finished or live footprints, an LRU
// bounded by entry count and by held characters, with the live entries of each code and day indexed for
// the trades the store hands on. An entry folds trades in seq order and re-serialises only its open bar.
import type { Logger } from '../log.ts';
import { tickFromRecord, type AuctionState } from '../shared/footprint/auction.ts';
import type { FootprintBuilder } from '../shared/footprint/builder.ts';
import type { TradeRecord } from '../shared/trade.ts';

export interface Entry {
  key: string;
  dir: string;
  code: string;
  date: string;
  /** Built as today's: folds onTrade and is checked against the store's seq. */
  live: boolean;
  ready: Promise<void>;
  /** Live entries: the builder and its auction state; null for finished past days. */
  builder: FootprintBuilder | null;
  auction: AuctionState;
  lastSeq: number;
  /** The day file's epoch when the file was read (docs/backfill.md). */
  epoch: number;
  /** Trades folded that carry a venue, and the last trade's price (any venue): why an answer is empty. */
  venueTrades: number;
  lastPrice: number | null;
  /** Past days: the file's identity when read. */
  size: number;
  mtimeMs: number;
  /** Serialised bars 0..closed-1 (each followed by a comma), reused while the open bar changes. */
  closedJson: string;
  closed: number;
  body: string | null;
  /** Trades stored while the file was being read, applied once the read ends. */
  pending: { seq: number; record: TradeRecord }[] | null;
  broken: boolean;
}

const weight = (e: Entry): number => e.closedJson.length + (e.body?.length ?? 0);
const dayKey = (code: string, date: string): string => `${code}|${date}`;

export class FootprintCache {
  /** LRU: Map order is use order. */
  readonly #entries = new Map<string, Entry>();
  /** Live entries by code and day, for the trades stored. */
  readonly #live = new Map<string, Set<Entry>>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
    /** A live entry folded past this many bars is dropped: the next query refuses it (footprint-service.ts MAX_BARS). */
    private readonly maxBars: number,
    private readonly log: Logger,
  ) {}

  get(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  /** Whether `e` is still the entry of its key (not dropped nor replaced). */
  holds(e: Entry): boolean {
    return this.#entries.get(e.key) === e;
  }

  add(e: Entry): void {
    this.#entries.set(e.key, e);
    if (!e.live) return;
    let set = this.#live.get(dayKey(e.code, e.date));
    if (!set) this.#live.set(dayKey(e.code, e.date), (set = new Set()));
    set.add(e);
  }

  /** Marks `e` most recently used (it goes last). */
  touch(e: Entry): void {
    if (!this.holds(e)) return;
    this.#entries.delete(e.key);
    this.#entries.set(e.key, e);
  }

  drop(e: Entry): void {
    if (this.holds(e)) this.#entries.delete(e.key);
    const set = this.#live.get(dayKey(e.code, e.date));
    if (set) {
      set.delete(e);
      if (set.size === 0) this.#live.delete(dayKey(e.code, e.date));
    }
  }

  /** Drops the least recently used entries beyond the bounds, never `keep` nor one still being read. */
  evict(keep: Entry): void {
    let total = 0;
    for (const e of this.#entries.values()) total += weight(e);
    for (const e of this.#entries.values()) {
      if (this.#entries.size <= this.maxEntries && total <= this.maxChars) break;
      if (e === keep || e.pending !== null) continue;
      total -= weight(e);
      this.drop(e);
    }
  }

  /** A stored trade: folded into the live entries of its code and day in the active folder; the others are dropped. */
  onTrade(dataDir: () => string, code: string, date: string, seq: number, record: TradeRecord): void {
    const set = this.#live.get(dayKey(code, date));
    if (set === undefined) return;
    const dir = dataDir();
    for (const e of set) {
      if (e.dir !== dir) this.drop(e);
      else if (e.pending !== null) e.pending.push({ seq, record });
      else this.apply(e, seq, record);
    }
  }

  /** Folds one trade into a built entry; a trade out of seq order drops it, to be rebuilt from the file. */
  apply(e: Entry, seq: number, record: TradeRecord): void {
    if (seq <= e.lastSeq) return;
    if (seq !== e.lastSeq + 1 || e.builder === null) {
      // A trade went missing between the store and us: rebuild from the file on the next query.
      this.log.warn('footprint cache lost the seq order; it will be rebuilt', { code: e.code, date: e.date, seq, lastSeq: e.lastSeq });
      e.broken = true;
      this.drop(e);
      return;
    }
    e.builder.add(tickFromRecord(record, e.auction));
    if (e.builder.barCount() > this.maxBars) {
      this.drop(e);
      return;
    }
    e.lastSeq = seq;
    if (record.exchname !== undefined) e.venueTrades++;
    e.lastPrice = Number(record.price);
    e.body = null;
  }
}

/** The entry's bars as JSON, reusing the closed bars' text; a past day keeps only its answer. */
export function serialise(e: Entry): string {
  if (e.body !== null) return e.body;
  const bars = e.builder === null ? [] : e.builder.bars();
  for (; e.closed < bars.length - 1; e.closed++) e.closedJson += `${JSON.stringify(bars[e.closed])},`;
  e.body = bars.length === 0 ? '[]' : `[${e.closedJson}${JSON.stringify(bars[bars.length - 1])}]`;
  if (!e.live) {
    // A past day never changes: keep only its answer.
    e.builder = null;
    e.closedJson = '';
  }
  return e.body;
}
