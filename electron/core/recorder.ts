// The Recorder: the trade pipeline as one straight path. A validated trade of a watched code is
// appended to its day file; once its line is written (at once, or when a failing disk recovers) it is
// broadcast on /ws, folded into the live footprint, counted and checked for trades missed before it;
// a gap is written beside the day file (its one queue) before its frame goes out. Trades the store
// refuses (its queue full) become one exact gap with cause `store` per stretch. A trade no real print
// could carry is quarantined instead (quarantine.ts), whichever feed sent it. It owns the store, the
// folder's lock, the per-code counters and the recording part of GET /.
import { ContinuityTracker, PRIME_LINES, type Boundary, type Missed } from '../collector/continuity.ts';
import type { Logger } from '../log.ts';
import type { Gap } from '../shared/gap.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { CodeStats, GapFrame, StoreAlarm, StoreStats } from '../shared/wire.ts';
import { RECORD_FIELDS } from '../shared/trade.ts';
import { tradeProblem, type RawTrade } from '../shared/trade-sanity.ts';
import { dayFilePath } from '../store/day-file.ts';
import { acquireDirLock, type DirLock } from '../store/dir-lock.ts';
import { appendGap, readGaps } from '../store/gap-file.ts';
import * as dayReader from '../store/day-reader.ts';
import type { DaySnapshot } from '../store/day-snapshots.ts';
import { TradeStore, type SwapResult, type TradeStoreOptions } from '../store/trade-store.ts';
import { Quarantine } from './quarantine.ts';
import { CLOSED, CLOSING, RUNNING, STARTING, type LifecycleState } from '../shared/lifecycle.ts';
import { SerialQueue } from './serial-queue.ts';

export interface RecorderDeps {
  log: Logger;
  /** /ws fan-out. */
  broadcast(data: string): void;
  /** The live footprint cache, given every stored trade in seq order. */
  onTrade(code: string, date: string, seq: number, record: TradeRecord): void;
  /** The feed's trading day (today KST, or the replayed date). */
  today(): string;
  /** The watched codes: only these are recorded. */
  codes(): readonly string[];
  /** The store's alarm (StoreAlarm) changed. */
  onStoreAlarm?(): void;
  /** Tests make the disk fail and the queue small. */
  store?: Pick<TradeStoreOptions, 'io' | 'maxPendingTotal' | 'retryIntervalMs'>;
}

/** A stretch of trades of one code the store refused, closed by the next trade it accepts. */
interface Refused {
  date: string;
  /** chetime of the last trade accepted before it (the first refused one's when none was). */
  after: string;
  volume: number;
  trades: number;
}

/** How long a gap line waits before it is tried again while the disk refuses it. */
const GAP_RETRY_MS = 1_000;

/** A folder taken for recording (its lock held) but not yet recorded into. */
export interface Reservation {
  dir: string;
  lock: DirLock;
}

type Counters = Omit<CodeStats, 'continuity' | 'quarantined_today'> & { date: string };

const NOT_YET: Omit<CodeStats, 'continuity' | 'quarantined_today'> = { last_trade_time: null, last_price: null, trades_today: 0, gaps_today: 0 };

export class Recorder {
  state: LifecycleState = STARTING;
  readonly #deps: RecorderDeps;
  #dir: string;
  #lock: DirLock;
  #store: TradeStore;
  /** Trades of a code just removed may still be in flight; only listed codes are recorded. */
  #recording: Set<string>;
  readonly #perCode = new Map<string, Counters>();
  #continuity = new ContinuityTracker();
  readonly #gaps = new SerialQueue();
  /** Per code: chetime of the last trade the store accepted, and the refused stretch after it. */
  readonly #accepted = new Map<string, string>();
  readonly #refused = new Map<string, Refused>();
  /** Accepted trades that close a refused stretch: its gap is recorded once they are written. */
  readonly #afterRefused = new WeakMap<TradeRecord, Refused>();
  /** Trades recorded without being sent (a replay seek), until their line is written. */
  readonly #quiet = new WeakSet<TradeRecord>();
  readonly #quarantine: Quarantine;
  /** Codes whose last received trade was quarantined, and the trades that follow one (see #written). */
  readonly #afterQuarantine = new Set<string>();
  readonly #followsQuarantine = new WeakSet<TradeRecord>();
  /** Per code: the last trade taken and its day, to know the broker repeating it (docs/durability.md#repeats). */
  readonly #last = new Map<string, { date: string; record: TradeRecord }>();
  /** Per code: the cumulative volume up to which the fill appended the day's tail after the close (filledTo). */
  readonly #filled = new Map<string, { date: string; volume: number }>();
  #repeats = 0;

  /** Takes `dir`'s lock before any day file is opened or repaired (another collector may be appending); throws DirLockError. */
  constructor(deps: RecorderDeps, dir: string) {
    this.#deps = deps;
    this.#quarantine = new Quarantine(deps.log);
    this.#lock = acquireDirLock(dir);
    this.#dir = dir;
    this.#store = this.#newStore(dir);
    this.#recording = new Set(deps.codes());
  }

  /** Counts what the folder holds today (GET /, the gap check across the restart), then records. */
  async start(): Promise<void> {
    await this.#countRecorded();
    if (this.state === STARTING) this.state = RUNNING;
  }

  dir(): string {
    return this.#dir;
  }

  snapshot(code: string, date: string): DaySnapshot {
    return this.#store.snapshot(code, date);
  }

  /** How many times fills replaced the day file (TradeStore.epoch). */
  epoch(code: string, date: string): number {
    return this.#store.epoch(code, date);
  }

  snapshotAsync(code: string, date: string): Promise<DaySnapshot> {
    return this.#store.snapshotAsync(code, date);
  }

  /** Replaces a day file with no append in between (the fill's merge, docs/backfill.md); see TradeStore.replaceDay. */
  replaceDay(code: string, date: string, swap: (path: string) => SwapResult): number | 'declined' | null {
    return this.#store.replaceDay(code, date, swap);
  }

  /**
   * One trade: appended; the rest happens in #written once its line is in the file. A `quiet` trade
   * (a replay seek's skipped trade) is recorded and folded but not sent.
   */
  trade(code: string, record: TradeRecord, quiet = false): void {
    if (this.state !== RUNNING || !this.#recording.has(code)) return;
    const problem = tradeProblem(record);
    if (problem !== null) {
      this.quarantine(code, record, problem);
      return;
    }
    const date = this.#deps.today();
    if (this.#isRepeat(code, date, record) || this.#isFilled(code, date, record)) return;
    if (this.#afterQuarantine.delete(code)) this.#followsQuarantine.add(record);
    if (quiet) this.#quiet.add(record);
    // If accepted, this trade closes the refused stretch before it (#written records the gap).
    const open = this.#refused.get(code);
    if (open) this.#afterRefused.set(record, open);
    if (this.#store.append(code, date, record) !== 'refused') {
      this.#accepted.set(code, record.chetime);
      this.#refused.delete(code);
      return;
    }
    if (open) this.#afterRefused.delete(record);
    this.#quiet.delete(record);
    this.#followsQuarantine.delete(record);
    const volume = Math.max(0, Number(record.cvolume) || 0);
    if (open && open.date === date) {
      open.trades++;
      open.volume += volume;
    } else {
      this.#refused.set(code, { date, after: this.#accepted.get(code) ?? record.chetime, trades: 1, volume });
    }
  }

  /**
   * A received trade of a watched code that must not be recorded (`reason` from tradeProblem): counted,
   * logged and kept beside the day file, never stored or sent. The next trade's volume step, which
   * includes this one, is no missed trade (see #written).
   */
  quarantine(code: string, raw: RawTrade, reason: string): void {
    if (this.state !== RUNNING || !this.#recording.has(code)) return;
    this.#quarantine.put(this.#dir, code, this.#deps.today(), raw, reason);
    this.#afterQuarantine.add(code);
  }

  /**
   * The code's last trade again, cumulative volume included: every real print adds its size to the
   * volume, so this is the broker sending a frame twice (or again after a resubscribe), never a trade.
   */
  #isRepeat(code: string, date: string, record: TradeRecord): boolean {
    if (record.volume === undefined) return false;
    const last = this.#last.get(code);
    if (last === undefined || last.date !== date || !sameTrade(last.record, record)) {
      this.#last.set(code, { date, record });
      return false;
    }
    this.#repeats++;
    this.#deps.log.limited('repeated-trade', 'warn', 'a repeated trade frame was not recorded', { code, chetime: record.chetime, volume: record.volume });
    return true;
  }

  /**
   * The fill appended `code`'s day after the close up to cumulative `volume` (docs/backfill.md, "After the
   * close"): a live trade of that day at or below it is one of those prints, arriving late.
   */
  filledTo(code: string, date: string, volume: number): void {
    this.#filled.set(code, { date, volume });
  }

  #isFilled(code: string, date: string, record: TradeRecord): boolean {
    const filled = this.#filled.get(code);
    if (filled === undefined || filled.date !== date || record.volume === undefined || Number(record.volume) > filled.volume) return false;
    this.#repeats++;
    this.#deps.log.limited('filled-trade', 'warn', 'a late live trade the fill had already appended was not recorded', { code, chetime: record.chetime, volume: record.volume });
    return true;
  }

  /**
   * The last trade of `code` on `date` this collector took, or else its day file's last line (a code
   * added since start-up); null when the day has none. The demo feed continues a code from it.
   */
  lastRecorded(code: string, date: string): TradeRecord | null {
    const taken = this.#last.get(code);
    if (taken?.date === date) return taken.record;
    const line = dayReader.tailSync(dayFilePath(this.#dir, code, date), null, 1)[0];
    return line === undefined ? null : dayReader.recordOf(line, 0, line.length);
  }

  /** Trade frames dropped as repeats of the trade before them or of a print the fill appended (GET / `repeated_trades`). */
  repeats(): number {
    return this.#repeats;
  }

  /** A line is in its day file: sent, folded, counted, checked. */
  #written(code: string, date: string, seq: number, record: TradeRecord): void {
    const { log } = this.#deps;
    const r = this.#afterRefused.get(record);
    if (r) {
      this.#afterRefused.delete(record);
      this.#reportRefused(code, r, record);
    }
    const quiet = this.#quiet.delete(record);
    // The trade is recorded; nothing downstream may take the recorder down with it.
    try {
      if (!quiet) this.#deps.broadcast(JSON.stringify({ ...record, code, date, seq, epoch: this.#store.epoch(code, date) }));
      this.#deps.onTrade(code, date, seq, record);
    } catch (err) {
      log.limited('pipeline-after-store', 'error', 'broadcast or footprint update failed', { code, error: err instanceof Error ? err.message : String(err) });
    }
    let s = this.#perCode.get(code);
    if (!s || s.date !== date) {
      s = { date, ...NOT_YET };
      this.#perCode.set(code, s);
    }
    s.last_trade_time = record.chetime;
    s.last_price = record.price;
    s.trades_today = seq;
    if (this.#followsQuarantine.delete(record)) this.#continuity.quarantined(code);
    const missed = this.#continuity.observe(code, date, record);
    if (missed) {
      s.gaps_today++;
      this.#reportGap(code, date, missed);
    }
  }

  /**
   * The refused stretch `r` ended before `next`: an exact gap (the store counted every trade). Its
   * volume jump is explained to the continuity check, so the stream keeps its trust.
   */
  #reportRefused(code: string, r: Refused, next: TradeRecord): void {
    this.#continuity.refused(code);
    const s = this.#perCode.get(code);
    if (s && s.date === r.date) s.gaps_today++;
    this.#reportGap(code, r.date, { after: r.after, before: next.chetime, missed_volume: Math.max(1, r.volume), missed_trades: r.trades, cause: 'store' });
  }

  /** The store's alarm for GET / and the status frame. */
  storeAlarm(): StoreAlarm | null {
    return this.#store.alarm();
  }

  #newStore(dir: string): TradeStore {
    return new TradeStore(dir, this.#deps.log, {
      ...this.#deps.store,
      written: (code, date, seq, record) => this.#written(code, date, seq, record),
      onAlarm: () => this.#deps.onStoreAlarm?.(),
    });
  }

  /** A break every stream's next trade follows (a new connection): what traded meanwhile is compared across it. */
  boundary(kind: Boundary): void {
    this.#continuity.boundary(kind);
  }

  isRecording(code: string): boolean {
    return this.#recording.has(code);
  }

  setCodes(codes: readonly string[]): void {
    for (const code of this.#recording) if (!codes.includes(code)) this.#continuity.forget(code);
    this.#recording = new Set(codes);
  }

  /** Takes `dir`'s lock for a later moveTo; throws DirLockError (nothing changed) when another collector records there. */
  reserve(dir: string): Reservation {
    return { dir, lock: acquireDirLock(dir) };
  }

  /** Records into the reserved folder from now on (call with no trade arriving): the old store is closed and its lock released. */
  async moveTo(r: Reservation): Promise<void> {
    const old = this.#store;
    this.#store = this.#newStore(r.dir);
    await old.close();
    this.#lock.release();
    this.#lock = r.lock;
    this.#dir = r.dir;
    await this.#countRecorded();
  }

  /** The recording part of GET / for the watched codes. */
  codeStats(codes: readonly string[], date: string): Record<string, CodeStats> {
    const out: Record<string, CodeStats> = {};
    for (const code of codes) {
      const c = this.#perCode.get(code);
      const recorded = c && c.date === date ? { last_trade_time: c.last_trade_time, last_price: c.last_price, trades_today: c.trades_today, gaps_today: c.gaps_today } : NOT_YET;
      out[code] = { ...recorded, quarantined_today: this.#quarantine.count(code, date), continuity: this.#continuity.state(code, date) };
    }
    return out;
  }

  storeStats(): StoreStats {
    return this.#store.stats();
  }

  /** Gap records finish, then the day files are synced and closed and the folder released. */
  async close(): Promise<void> {
    if (this.state === CLOSING || this.state === CLOSED) return;
    this.state = CLOSING;
    await this.#gaps.idle();
    await this.#quarantine.idle();
    await this.#store.close();
    this.#lock.release();
    this.state = CLOSED;
  }

  /** Logged once, recorded beside the day file, then told to the pages (like a trade: written first). */
  #reportGap(code: string, date: string, missed: Missed): void {
    const { log, broadcast } = this.#deps;
    const gap: Gap = { ...missed, at: new Date().toISOString() };
    const dir = this.#dir;
    log.info('trades missed', { code, date, ...gap });
    const frame: GapFrame = { type: 'gap', code, date, ...gap };
    void this.#gaps.run(async () => {
      // A full disk refuses the gap line too: it waits (holding later gaps in order) until written or closing.
      for (;;) {
        try {
          await appendGap(dir, code, date, gap);
          break;
        } catch (err) {
          if (this.state !== RUNNING) {
            log.error('gap not recorded', { code, date, error: err instanceof Error ? err.message : String(err) });
            break;
          }
          log.limited(`gap-retry:${code}`, 'error', 'gap not recorded yet; retrying', { code, date, error: err instanceof Error ? err.message : String(err) });
          await new Promise((resolve) => setTimeout(resolve, GAP_RETRY_MS).unref());
        }
      }
      broadcast(JSON.stringify(frame));
    });
  }

  /**
   * Trades already in the store today (an earlier run, or before a switch) count in GET /, with the
   * last one's time and price and the gaps recorded; the file's tail can vouch for the stream, so the
   * first trade received is compared across the restart.
   */
  async #countRecorded(): Promise<void> {
    this.#perCode.clear();
    this.#last.clear();
    this.#filled.clear();
    this.#continuity = new ContinuityTracker();
    const date = this.#deps.today();
    await this.#quarantine.countRecorded(this.#dir, this.#deps.codes(), date);
    for (const code of this.#deps.codes()) {
      const snap = this.#store.snapshot(code, date);
      if (snap.seq === 0) continue;
      const lines = await dayReader.tail(dayFilePath(this.#dir, code, date), snap.bytes, PRIME_LINES);
      const tail = lines.flatMap((l) => dayReader.recordOf(l, 0, l.length) ?? []);
      this.#continuity.prime(code, date, tail);
      const last = tail.at(-1);
      if (last?.volume !== undefined) this.#last.set(code, { date, record: last });
      // A day file ending in fetched prints ends in the tail the fill appended after the close: a restart
      // keeps its fence (filledTo) from the first frame on, before any fill run has read the file.
      if (last?.src === 'fill' && last.volume !== undefined) this.#filled.set(code, { date, volume: Number(last.volume) });
      const gaps = (await readGaps(this.#dir, code, date)).length;
      this.#perCode.set(code, { date, last_trade_time: last?.chetime ?? null, last_price: last?.price ?? null, trades_today: snap.seq, gaps_today: gaps });
    }
  }
}

/** Every field of the record equal: the same print, cumulative volume included. */
function sameTrade(a: TradeRecord, b: TradeRecord): boolean {
  for (const f of RECORD_FIELDS) if (a[f] !== b[f]) return false;
  return true;
}
