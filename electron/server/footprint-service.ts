// GET /api/footprint: footprint bars of one code and day, folded from the day file and cached
// (footprint-cache.ts). Past days are cached as finished JSON (checked against the file's size and
// mtime). Today's entries keep their builder and fold every stored trade (onTrade), so a repeated
// query only re-serialises the open bar.
import fs from 'node:fs/promises';
import type { Logger } from '../log.ts';
import { classifyAuction, encodeAuctionState, newAuctionState } from '../shared/footprint/auction.ts';
import { FootprintBuilder, type FootprintOptions } from '../shared/footprint/builder.ts';
import { formatBarSpec, type BarSpec } from '../shared/footprint/spec.ts';
import { ParamError } from '../shared/param-error.ts';
import type { FootprintTrade } from '../shared/footprint/trade.ts';
import type { VenueFilter } from '../shared/footprint/index.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { FootprintEmpty } from '../shared/wire.ts';
import { dayFilePath } from '../store/day-file.ts';
import { scanDayFile } from '../store/day-scan.ts';
import { parseFootprintQuery } from './footprint-params.ts';
import { FootprintCache, serialise, type Entry } from './footprint-cache.ts';
import { ifExistsAsync } from '../store/missing.ts';


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
  /** Why there are no bars (header X-Footprint-Empty); null when there are. */
  empty: FootprintEmpty | null;
  /** The day file's epoch the bars were read at (header X-Day-Epoch, docs/backfill.md). */
  epoch: number;
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
  /** The day file's epoch (TradeStore.epoch): a fill's merge renumbered it, so bars of another epoch are stale. */
  epoch: (code: string, date: string) => number;
  log: Logger;
  /** Cache bounds (tests lower them). */
  maxEntries?: number;
  maxChars?: number;
}

/**
 * The most bars one answer may hold. Every bar is kept as an object and sent as JSON (a few hundred bytes
 * to a few KB), so a fine bar on a huge day (tick:1 on 1,000,000 trades) would cost the process and the
 * page gigabytes. The page's finest choices fit: time:10 makes 8,640 bars on a whole day, tick:50 makes
 * 20,000 on a 1,000,000-trade day. The fold stops as soon as the count passes it, so a refusal is cheap.
 */
export const MAX_BARS = 20_000;

/**
 * A bar too fine for the day asked: HTTP 400 naming the limit. A time bar can name one that fits (no
 * day has more than 8,640 ten-second bars); for the others the fold stopped early, so how much coarser
 * the day needs is unknown and no example is given that might be refused too.
 */
export function tooManyBars(bar: BarSpec, date: string): ParamError {
  const hint = bar.kind === 'time' ? `e.g. ${formatBarSpec({ kind: 'time', size: [60, 300, 900, 3600].find((s) => s > bar.size) ?? 86_400 })}` : `a size larger than ${bar.size}`;
  return new ParamError(`bar ${formatBarSpec(bar)} makes more than ${MAX_BARS.toLocaleString('en-US')} bars on ${date}, the most one answer holds (MAX_BARS); ask for a coarser bar (${hint})`);
}

const DEFAULT_MAX_ENTRIES = 32;
const DEFAULT_MAX_CHARS = 64 * 1024 * 1024;

export function createFootprintService(opts: FootprintServiceOptions): FootprintService {
  const cache = new FootprintCache(opts.maxEntries ?? DEFAULT_MAX_ENTRIES, opts.maxChars ?? DEFAULT_MAX_CHARS, MAX_BARS, opts.log);
  return {
    async query(q, today) {
      const p = parseFootprintQuery(q, today);
      const dir = opts.dataDir();
      const key = [dir, p.code, p.date, formatBarSpec(p.bar), p.rowTicks, p.venue].join('|');
      const isLive = p.date === today;
      let e = cache.get(key);
      if (e !== undefined && !(await usable(e, isLive, opts, cache).catch(() => false))) {
        cache.drop(e);
        e = cache.get(key);
      }
      if (e === undefined) {
        const entry = newEntry(key, dir, p.code, p.date, isLive);
        cache.add(entry);
        entry.ready = build(entry, { bar: p.bar, rowTicks: p.rowTicks, venue: p.venue, date: p.date }, opts, cache);
        entry.ready.catch(() => cache.drop(entry));
        e = entry;
      }
      await e.ready;
      cache.touch(e);
      const body = serialise(e);
      const answer: FootprintReply = { body, lastSeq: e.lastSeq, state: encodeAuctionState(e.auction), empty: body === '[]' ? emptyReason(e, p.venue) : null, epoch: e.epoch };
      cache.evict(e);
      return answer;
    },

    onTrade(code, date, seq, record) {
      cache.onTrade(opts.dataDir, code, date, seq, record);
    },
  };
}

function newEntry(key: string, dir: string, code: string, date: string, live: boolean): Entry {
  return {
    key, dir, code, date, live,
    ready: Promise.resolve(),
    builder: null,
    auction: newAuctionState(),
    lastSeq: 0,
    epoch: 0,
    venueTrades: 0,
    lastPrice: null,
    size: -1,
    mtimeMs: -1,
    closedJson: '',
    closed: 0,
    body: null,
    pending: live ? [] : null,
    broken: false,
  };
}

/** Folds the day file into `e`: today's up to what the store reported written, a past day's as it is now. */
async function build(e: Entry, options: FootprintOptions, opts: FootprintServiceOptions, cache: FootprintCache): Promise<void> {
  const started = performance.now();
  const path = dayFilePath(e.dir, e.code, e.date);
  let upTo: number | null = null;
  let expectSeq = -1;
  // Read before the file: a merge during the read makes later live trades carry a newer epoch, so the
  // page reloads instead of trusting bars that may mix the two files.
  e.epoch = opts.epoch(e.code, e.date);
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
  let venueTrades = 0;
  const res = await scanDayFile(path, upTo, (s) => {
    t.time = s.time;
    t.price = s.price;
    t.qty = s.qty;
    t.side = s.side;
    t.venue = s.venue;
    t.auction = classifyAuction(auction, s.time, s.venue, s.ms, s.md);
    builder.add(t);
    if (builder.barCount() > MAX_BARS) throw tooManyBars(options.bar, e.date);
    if (s.venue !== '') venueTrades++;
  });
  if (e.live && res.trades !== expectSeq) {
    opts.log.warn('footprint read a different trade count than the store reported', { code: e.code, date: e.date, read: res.trades, store: expectSeq });
  }
  e.builder = builder;
  e.auction = auction;
  e.lastSeq = res.trades;
  e.venueTrades = venueTrades;
  e.lastPrice = res.trades > 0 ? t.price : null;
  const pending = e.pending ?? [];
  e.pending = null;
  for (const p of pending) if (!e.broken) cache.apply(e, p.seq, p.record);
  opts.log.debug('footprint built', { code: e.code, date: e.date, trades: res.trades, ms: Math.round(performance.now() - started) });
}

/** Why an answer without bars is empty: no trades at all, none on the venue, or no venue recorded. */
function emptyReason(e: Entry, venue: VenueFilter): FootprintEmpty {
  const reason = e.lastSeq === 0 || venue === 'all' ? 'no_trades' : e.venueTrades === 0 ? 'no_venue_data' : 'no_venue_trades';
  return { reason, trades: e.lastSeq, last_price: e.lastPrice };
}

/** Whether a cached entry still answers: built, not dropped, and up to date with the store or the file. */
async function usable(e: Entry, isLive: boolean, opts: FootprintServiceOptions, cache: FootprintCache): Promise<boolean> {
  if (e.live !== isLive) return false;
  await e.ready;
  if (e.broken || !cache.holds(e) || e.epoch !== opts.epoch(e.code, e.date)) return false;
  if (isLive) return e.lastSeq >= (await opts.snapshot(e.code, e.date)).seq;
  const st = await statOrNull(dayFilePath(e.dir, e.code, e.date));
  return (st?.size ?? -1) === e.size && (st?.mtimeMs ?? -1) === e.mtimeMs;
}

function statOrNull(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  return ifExistsAsync(() => fs.stat(path));
}
