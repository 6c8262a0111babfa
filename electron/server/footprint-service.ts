// GET /api/footprint: footprint bars of one code and day, folded from the day file and cached.
// Past days are cached as finished JSON (checked against the file's size and mtime). Today's
// entries keep their builder and fold every stored trade (onTrade), so a repeated query only
// re-serialises the open bar. The cache is an LRU bounded by entry count and by held characters.
import fs from 'node:fs/promises';
import type { Logger } from '../log.ts';
import { classifyAuction, encodeAuctionState, newAuctionState, tickFromRecord, type AuctionState } from '../shared/footprint/auction.ts';
import { FootprintBuilder, type FootprintOptions } from '../shared/footprint/builder.ts';
import { formatBarSpec } from '../shared/footprint/spec.ts';
import type { FootprintTrade } from '../shared/footprint/trade.ts';
import type { TradeRecord } from '../shared/trade.ts';
import { dayFilePath } from '../store/day-file.ts';
import { scanDayFile } from '../store/day-scan.ts';
import { parseFootprintQuery } from './footprint-params.ts';

export { FootprintParamError } from '../shared/footprint/spec.ts';

/** One answer of GET /api/footprint, serialised once (the cache keeps it as text). */
export interface FootprintReply {
  /** JSON array of FootprintBar. */
  body: string;
  /** Seq of the last trade included (header X-Last-Seq). */
  lastSeq: number;
  /**
   * Auction classification state after that trade (header X-Footprint-State); the page passes it
   * to decodeAuctionState so its live trades are classified exactly as the server would.
   */
  state: string;
}

export interface FootprintService {
  query(q: Record<string, unknown>, today: string): Promise<FootprintReply>;
  /** Called for every stored trade, in seq order, after it was written. */
  onTrade(code: string, date: string, seq: number, record: TradeRecord): void;
}

export interface FootprintServiceOptions {
  /** The active store directory. */
  dataDir: () => string;
  /** Valid lines and byte length of the complete lines of a day file, as the store knows them now. */
  snapshot: (code: string, date: string) => Promise<{ seq: number; bytes: number }> | { seq: number; bytes: number };
  log: Logger;
  /** Cache bounds (tests lower them). */
  maxEntries?: number;
  maxChars?: number;
}

interface Entry {
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

const DEFAULT_MAX_ENTRIES = 32;
const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;

export function createFootprintService(opts: FootprintServiceOptions): FootprintService {
  const { log } = opts;
  const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  /** LRU: Map order is use order. */
  const cache = new Map<string, Entry>();
  /** Live entries by `code|date`, for onTrade. */
  const live = new Map<string, Set<Entry>>();

  const weight = (e: Entry): number => e.closedJson.length + (e.body?.length ?? 0);

  function drop(e: Entry): void {
    if (cache.get(e.key) === e) cache.delete(e.key);
    const set = live.get(`${e.code}|${e.date}`);
    if (set) {
      set.delete(e);
      if (set.size === 0) live.delete(`${e.code}|${e.date}`);
    }
  }

  function evict(keep: Entry): void {
    let total = 0;
    for (const e of cache.values()) total += weight(e);
    for (const e of cache.values()) {
      if (cache.size <= maxEntries && total <= maxChars) break;
      if (e === keep || e.pending !== null) continue;
      total -= weight(e);
      drop(e);
    }
  }

  function apply(e: Entry, seq: number, record: TradeRecord): void {
    if (seq <= e.lastSeq) return;
    if (seq !== e.lastSeq + 1 || e.builder === null) {
      // A trade went missing between the store and us: rebuild from the file on the next query.
      log.warn('footprint cache lost the seq order; it will be rebuilt', { code: e.code, date: e.date, seq, lastSeq: e.lastSeq });
      e.broken = true;
      drop(e);
      return;
    }
    e.builder.add(tickFromRecord(record, e.auction));
    e.lastSeq = seq;
    e.body = null;
  }

  function serialise(e: Entry): string {
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

  async function build(e: Entry, options: FootprintOptions): Promise<void> {
    const started = performance.now();
    const path = dayFilePath(e.dir, e.code, e.date);
    let upTo: number | null = null;
    let expectSeq = -1;
    if (e.live) {
      const snap = await opts.snapshot(e.code, e.date);
      upTo = snap.bytes;
      expectSeq = snap.seq;
    } else {
      const st = await statOrNull(path);
      e.size = st?.size ?? -1;
      e.mtimeMs = st?.mtimeMs ?? -1;
      upTo = st?.size ?? 0;
    }
    const builder = new FootprintBuilder(options);
    const auction = newAuctionState();
    const t: FootprintTrade = { time: 0, price: 0, qty: 0, side: 1, venue: '', auction: false };
    const res = await scanDayFile(path, upTo, (s) => {
      t.time = s.time;
      t.price = s.price;
      t.qty = s.qty;
      t.side = s.side;
      t.venue = s.venue;
      t.auction = classifyAuction(auction, s.time, s.venue, s.ms, s.md);
      builder.add(t);
    });
    if (e.live && res.trades !== expectSeq) {
      log.warn('footprint read a different trade count than the store reported', { code: e.code, date: e.date, read: res.trades, store: expectSeq });
    }
    e.builder = builder;
    e.auction = auction;
    e.lastSeq = res.trades;
    const pending = e.pending ?? [];
    e.pending = null;
    for (const p of pending) if (!e.broken) apply(e, p.seq, p.record);
    log.debug('footprint built', { code: e.code, date: e.date, trades: res.trades, ms: Math.round(performance.now() - started) });
  }

  async function usable(e: Entry, isLive: boolean): Promise<boolean> {
    if (e.live !== isLive) return false;
    await e.ready;
    if (e.broken || cache.get(e.key) !== e) return false;
    if (isLive) return e.lastSeq >= (await opts.snapshot(e.code, e.date)).seq;
    const st = await statOrNull(dayFilePath(e.dir, e.code, e.date));
    return (st?.size ?? -1) === e.size && (st?.mtimeMs ?? -1) === e.mtimeMs;
  }

  return {
    async query(q, today) {
      const p = parseFootprintQuery(q, today);
      const dir = opts.dataDir();
      const key = [dir, p.code, p.date, formatBarSpec(p.bar), p.rowTicks, p.venue].join('|');
      const isLive = p.date === today;
      let e = cache.get(key);
      if (e !== undefined && !(await usable(e, isLive).catch(() => false))) {
        drop(e);
        e = cache.get(key);
      }
      if (e === undefined) {
        const entry: Entry = {
          key,
          dir,
          code: p.code,
          date: p.date,
          live: isLive,
          ready: Promise.resolve(),
          builder: null,
          auction: newAuctionState(),
          lastSeq: 0,
          size: -1,
          mtimeMs: -1,
          closedJson: '',
          closed: 0,
          body: null,
          pending: isLive ? [] : null,
          broken: false,
        };
        cache.set(key, entry);
        if (isLive) {
          const dayKey = `${p.code}|${p.date}`;
          let set = live.get(dayKey);
          if (!set) live.set(dayKey, (set = new Set()));
          set.add(entry);
        }
        entry.ready = build(entry, { bar: p.bar, rowTicks: p.rowTicks, venue: p.venue, date: p.date });
        entry.ready.catch(() => drop(entry));
        e = entry;
      }
      await e.ready;
      if (cache.get(key) === e) {
        // Most recently used goes last.
        cache.delete(key);
        cache.set(key, e);
      }
      const answer: FootprintReply = { body: serialise(e), lastSeq: e.lastSeq, state: encodeAuctionState(e.auction) };
      evict(e);
      return answer;
    },

    onTrade(code, date, seq, record) {
      const set = live.get(`${code}|${date}`);
      if (set === undefined) return;
      const dir = opts.dataDir();
      for (const e of set) {
        if (e.dir !== dir) drop(e);
        else if (e.pending !== null) e.pending.push({ seq, record });
        else apply(e, seq, record);
      }
    },
  };
}

async function statOrNull(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    return await fs.stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
