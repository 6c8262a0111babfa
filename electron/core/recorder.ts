// The Recorder: the trade pipeline as one straight path. A validated trade of a watched code is
// appended to its day file, then broadcast on /ws, then folded into the live footprint, then counted
// and checked for trades missed before it; a gap is written beside the day file (its one queue)
// before its frame goes out. It owns the store, the folder's lock, the per-code counters and the
// recording part of GET /.
import { ContinuityTracker, PRIME_LINES, type Boundary, type Missed } from '../collector/continuity.ts';
import type { Logger } from '../log.ts';
import type { Gap } from '../shared/gap.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { CodeStats, GapFrame, StoreStats } from '../shared/wire.ts';
import { parseRecordLine } from '../shared/trade.ts';
import { dayFilePath } from '../store/day-file.ts';
import { acquireDirLock, type DirLock } from '../store/dir-lock.ts';
import { appendGap, readGaps } from '../store/gap-file.ts';
import { readTailLines } from '../store/history.ts';
import { TickStore, type DaySnapshot } from '../store/tick-store.ts';
import { CLOSED, CLOSING, RUNNING, SerialQueue, STARTING, type LifecycleState } from './lifecycle.ts';

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
}

/** A folder taken for recording (its lock held) but not yet recorded into. */
export interface Reservation {
  dir: string;
  lock: DirLock;
}

type Counters = Omit<CodeStats, 'continuity'> & { date: string };

const NOT_YET: Omit<CodeStats, 'continuity'> = { last_trade_time: null, last_price: null, trades_today: 0, gaps_today: 0 };

export class Recorder {
  state: LifecycleState = STARTING;
  readonly #deps: RecorderDeps;
  #dir: string;
  #lock: DirLock;
  #store: TickStore;
  /** Trades of a code just removed may still be in flight; only listed codes are recorded. */
  #recording: Set<string>;
  readonly #perCode = new Map<string, Counters>();
  #continuity = new ContinuityTracker();
  readonly #gaps = new SerialQueue();

  /** Takes `dir`'s lock before any day file is opened or repaired (another collector may be appending); throws DirLockError. */
  constructor(deps: RecorderDeps, dir: string) {
    this.#deps = deps;
    this.#lock = acquireDirLock(dir);
    this.#dir = dir;
    this.#store = new TickStore(dir, deps.log);
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

  /** How many times fills replaced the day file (TickStore.epoch). */
  epoch(code: string, date: string): number {
    return this.#store.epoch(code, date);
  }

  snapshotAsync(code: string, date: string): Promise<DaySnapshot> {
    return this.#store.snapshotAsync(code, date);
  }

  /** Replaces a day file with no append in between (the fill's merge, docs/backfill.md); see TickStore.replaceDay. */
  replaceDay(code: string, date: string, swap: (path: string) => { inserted: number; bytes: number }): number | null {
    return this.#store.replaceDay(code, date, swap);
  }

  /** One trade: written, then sent, then folded, then counted and checked. */
  trade(code: string, record: TradeRecord): void {
    if (this.state !== RUNNING || !this.#recording.has(code)) return;
    const { log, today } = this.#deps;
    const date = today();
    const seq = this.#store.append(code, date, record);
    if (seq === 0) return;
    // The trade is recorded; nothing downstream may take the recorder down with it.
    try {
      this.#deps.broadcast(JSON.stringify({ ...record, code, date, seq }));
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
    const missed = this.#continuity.observe(code, date, record);
    if (missed) {
      s.gaps_today++;
      this.#reportGap(code, date, missed);
    }
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
    this.#store = new TickStore(r.dir, this.#deps.log);
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
      out[code] = { ...recorded, continuity: this.#continuity.state(code, date) };
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
      try {
        await appendGap(dir, code, date, gap);
      } catch (err) {
        log.error('gap not recorded', { code, date, error: err instanceof Error ? err.message : String(err) });
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
    this.#continuity = new ContinuityTracker();
    const date = this.#deps.today();
    for (const code of this.#deps.codes()) {
      const snap = this.#store.snapshot(code, date);
      if (snap.seq === 0) continue;
      const lines = await readTailLines(dayFilePath(this.#dir, code, date), snap.bytes, PRIME_LINES);
      const tail = lines.flatMap((l) => parseRecordLine(l.toString('utf8').trimEnd()) ?? []);
      this.#continuity.prime(code, date, tail);
      const last = tail.at(-1);
      const gaps = (await readGaps(this.#dir, code, date)).length;
      this.#perCode.set(code, { date, last_trade_time: last?.chetime ?? null, last_price: last?.price ?? null, trades_today: snap.seq, gaps_today: gaps });
    }
  }
}
