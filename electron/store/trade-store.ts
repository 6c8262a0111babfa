// The store of trade records: append-only day files, one per code and KST date. A trade counts as
// recorded once `writeSync` of its complete line has returned (survives a process crash); dirty files
// get a grouped asynchronous `fdatasync` every ~200 ms (survives a power loss within one interval),
// docs/durability.md#levels. A line gets its seq, and is handed to `written` (the broadcast), only once
// it is in the file (docs/durability.md#write-then-broadcast). A failing disk never throws out of
// `append` and never loses a line silently: lines wait in a bounded queue, in order, and overflow is
// refused, counted, logged and reported to the caller, who records the stretch as a gap.
import fs from 'node:fs';
import { formatRecordLine, type TradeRecord } from '../shared/trade.ts';
import type { StoreAlarm, StoreStats } from '../shared/wire.ts';
import type { Logger } from '../log.ts';
import { dayFilePath, epochFilePath } from './day-file.ts';
import { DaySnapshots, type DaySnapshot } from './day-snapshots.ts';
import { ifExists } from './missing.ts';
import { StoreHealth } from './store-health.ts';
import { repairDayFile } from './tail-repair.ts';

/** The write-side system calls, injectable so tests can make the disk fail. */
export interface StoreIo {
  /** Opens a file for appending; returns the descriptor. */
  open(path: string): number;
  /** `fs.writeSync` semantics: returns the bytes written, may write fewer than asked, throws on error. */
  write(fd: number, buf: Buffer, offset: number, length: number): number;
}

const nodeIo: StoreIo = {
  open: (path) => fs.openSync(path, 'a'),
  write: (fd, buf, offset, length) => fs.writeSync(fd, buf, offset, length),
};

/** Told of every line once it is completely written, in file order per day file. */
export type WrittenListener = (code: string, date: string, seq: number, record: TradeRecord) => void;

export interface TradeStoreOptions {
  syncIntervalMs?: number;
  maxOpenFiles?: number;
  /** Per-file bound of the retry queue (lines waiting while writes fail). */
  maxPendingLines?: number;
  /** Bound of the retry queue over all files: what a full disk may hold in memory. */
  maxPendingTotal?: number;
  retryIntervalMs?: number;
  io?: StoreIo;
  written?: WrittenListener;
  /** Called whenever alarm() changes. */
  onAlarm?: () => void;
}

/** What a day file's replacement did: lines inserted and the new file's length, or `declined` (nothing changed). */
export type SwapResult = { inserted: number; bytes: number } | 'declined';

/** What became of an appended line: its seq (written now), waiting behind a failing write, or refused. */
export type AppendResult = number | 'queued' | 'refused';

interface PendingLine {
  line: Buffer;
  record: TradeRecord;
}

interface DayFile {
  /** `code/date`: the key in `files` (unambiguous, as neither part of a valid key holds a slash). */
  key: string;
  code: string;
  path: string;
  date: string;
  /** False until the file has been repaired and counted (retried when reading it failed). */
  ready: boolean;
  fd: number | null;
  /** Seq of the last line written. */
  seq: number;
  /** End of the last completely written line. */
  bytes: number;
  /** Lines not yet completely written, oldest first; the first may be partly written. */
  pending: PendingLine[];
  headOffset: number;
  dirty: boolean;
  syncing: boolean;
  lastUsed: number;
}

export class TradeStore {
  private readonly files = new Map<string, DayFile>();
  /** Replacements of each day file (`code/date` → count, kept in its epoch file): the day file's epoch. */
  private readonly epochs = new Map<string, number>();
  private readonly snapshots: DaySnapshots;
  private readonly io: StoreIo;
  private readonly maxOpenFiles: number;
  private readonly maxPendingLines: number;
  private readonly maxPendingTotal: number;
  private readonly retryIntervalMs: number;
  private readonly written: WrittenListener;
  private readonly health: StoreHealth;
  private readonly syncTimer: NodeJS.Timeout;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly syncsInFlight = new Set<Promise<void>>();
  private useClock = 0;
  private latestDate = '';
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
    opts: TradeStoreOptions = {},
  ) {
    this.io = opts.io ?? nodeIo;
    this.maxOpenFiles = opts.maxOpenFiles ?? 256;
    this.maxPendingLines = opts.maxPendingLines ?? 50_000;
    this.maxPendingTotal = opts.maxPendingTotal ?? 100_000;
    this.written = opts.written ?? (() => {});
    this.health = new StoreHealth(log, opts.onAlarm ?? (() => {}));
    this.retryIntervalMs = opts.retryIntervalMs ?? 1_000;
    this.syncTimer = setInterval(() => this.syncDirty(), opts.syncIntervalMs ?? 200);
    this.syncTimer.unref();
    this.snapshots = new DaySnapshots(dir, (code, date) => this.openSnapshot(code, date));
  }

  /**
   * Records one trade. Written now: returns its seq (1-based among the valid lines of the day file),
   * after `written` was told. `queued`: it waits, in order, behind a failing write and `written` hears
   * of it once it is in the file. `refused` (queue full or store closed): counted in `droppedLines`.
   */
  append(code: string, date: string, record: TradeRecord): AppendResult {
    // Files in use are found by code and date; the path (and its validation) is built once per file.
    const f = this.files.get(`${code}/${date}`) ?? this.fileFor(code, date);
    if (this.closed) return this.refuse(f.path, 'the store is closed');
    if (date > this.latestDate) this.rollOver(date);
    f.lastUsed = ++this.useClock;
    if (f.pending.length > 0) this.flush(f);
    if (f.pending.length >= this.maxPendingLines || this.health.pendingTotal >= this.maxPendingTotal) {
      return this.refuse(f.path, 'the retry queue is full');
    }
    f.pending.push({ line: Buffer.from(formatRecordLine(record)), record });
    this.health.pendingTotal++;
    this.flush(f);
    if (f.pending.length === 0) return f.seq;
    this.scheduleRetry();
    this.health.check();
    return 'queued';
  }

  /** Null while every line is written; otherwise whether lines wait or are being refused. */
  alarm(): StoreAlarm | null {
    return this.health.alarm();
  }

  /**
   * The snapshot of a day file, read synchronously: a file not open for writing is counted while the
   * event loop waits. For start-up; requests use snapshotAsync.
   */
  snapshot(code: string, date: string): DaySnapshot {
    return this.snapshots.get(code, date);
  }

  /**
   * The snapshot of a day file without blocking the event loop (and so ingest): an open file answers
   * from memory at once; any other file is counted with asynchronous reads, once per size and mtime.
   */
  snapshotAsync(code: string, date: string): Promise<DaySnapshot> {
    return this.snapshots.getAsync(code, date);
  }

  private openSnapshot(code: string, date: string): DaySnapshot | null {
    const f = this.files.get(`${code}/${date}`);
    return f?.ready ? { seq: f.seq, bytes: f.bytes } : null;
  }

  /** How many times fills replaced the day file (0 until one merged into it); read once from its epoch file. */
  epoch(code: string, date: string): number {
    const key = `${code}/${date}`;
    let epoch = this.epochs.get(key);
    if (epoch === undefined) {
      const n = Number(ifExists(() => fs.readFileSync(epochFilePath(this.dir, code, date), 'utf8'))?.trim() ?? 0);
      epoch = Number.isSafeInteger(n) && n > 0 ? n : 0;
      this.epochs.set(key, epoch);
    }
    return epoch;
  }

  /**
   * Replaces a day file with no append in between (docs/backfill.md): `swap` runs synchronously once
   * every queued line is written and the file is closed, must put the new file in place with an atomic
   * rename, and returns how many lines it inserted and the new file's length, or `declined` having
   * changed nothing (returned as is). Returns the new epoch, or null when the file is busy: try again.
   */
  replaceDay(code: string, date: string, swap: (path: string) => SwapResult): number | 'declined' | null {
    const key = `${code}/${date}`;
    const f = this.files.get(key);
    if (f) {
      if (f.pending.length > 0) this.flush(f);
      if (f.pending.length > 0 || f.syncing) return null;
      if (f.fd !== null) {
        if (f.dirty) fs.fdatasyncSync(f.fd);
        fs.closeSync(f.fd);
        f.fd = null;
        f.dirty = false;
      }
    }
    const path = dayFilePath(this.dir, code, date);
    const swapped = swap(path);
    if (swapped === 'declined') return swapped;
    this.snapshots.forget(path);
    if (f?.ready) {
      f.seq += swapped.inserted;
      f.bytes = swapped.bytes;
    }
    const epoch = this.epoch(code, date) + 1;
    this.epochs.set(key, epoch);
    // After the day file's rename: a crash in between leaves the old number, and a page reconnecting to
    // the new run loads the day afresh anyway.
    const epochPath = epochFilePath(this.dir, code, date);
    try {
      fs.writeFileSync(`${epochPath}.tmp`, `${epoch}\n`);
      fs.renameSync(`${epochPath}.tmp`, epochPath);
    } catch (e) {
      this.log.warn('day file epoch not kept', { path: epochPath, error: (e as NodeJS.ErrnoException).code ?? String(e) });
    }
    return epoch;
  }

  stats(): StoreStats {
    let openFiles = 0;
    for (const f of this.files.values()) if (f.fd !== null) openFiles++;
    return this.health.stats(openFiles);
  }

  /** Retries what is pending, syncs and closes every file. Lines still failing are counted as dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.syncTimer);
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    await Promise.all(this.syncsInFlight);
    for (const f of [...this.files.values()]) {
      this.flush(f);
      if (f.pending.length > 0) {
        this.health.droppedLines += f.pending.length;
        this.log.error('day file lines could not be written before closing', {
          path: f.path,
          lines: f.pending.length,
          error: this.health.lastError,
        });
        this.health.pendingTotal -= f.pending.length;
        f.pending = [];
      }
      this.closeFile(f);
    }
  }

  private refuse(path: string, why: string): 'refused' {
    return this.health.refused(path, why, !this.closed);
  }

  private fileFor(code: string, date: string): DayFile {
    const path = dayFilePath(this.dir, code, date);
    const f: DayFile = {
      key: `${code}/${date}`,
      code,
      path,
      date,
      ready: false,
      fd: null,
      seq: 0,
      bytes: 0,
      pending: [],
      headOffset: 0,
      dirty: false,
      syncing: false,
      lastUsed: 0,
    };
    if (this.closed) return f;
    this.files.set(f.key, f);
    // A snapshot taken earlier (e.g. at start-up) may spare reading the file again.
    this.prepare(f, this.snapshots.take(path));
    return f;
  }

  /** Repairs and counts an existing file before its first append (unless `known` already counted it). */
  private prepare(f: DayFile, known: DaySnapshot | null = null): void {
    try {
      const shape = known ?? repairDayFile(f.path, this.log);
      f.seq = shape.seq;
      f.bytes = shape.bytes;
      f.ready = true;
    } catch (e) {
      this.fail(f, e, 'cannot read day file; trades are queued');
    }
  }

  /** Writes queued lines in order until done or a write fails. */
  private flush(f: DayFile): void {
    if (!f.ready) this.prepare(f);
    if (!f.ready) return;
    if (f.fd === null) {
      try {
        f.fd = this.io.open(f.path);
      } catch (e) {
        this.fail(f, e, 'cannot open day file');
        return;
      }
      this.evictBeyondLimit(f);
    }
    while (f.pending.length > 0) {
      const { line, record } = f.pending[0] as PendingLine;
      try {
        while (f.headOffset < line.length) {
          f.headOffset += this.io.write(f.fd, line, f.headOffset, line.length - f.headOffset);
        }
      } catch (e) {
        this.fail(f, e, 'write to day file failed; trades are queued');
        return;
      }
      f.pending.shift();
      this.health.pendingTotal--;
      f.headOffset = 0;
      f.bytes += line.length;
      f.dirty = true;
      this.health.linesWritten++;
      this.written(f.code, f.date, ++f.seq, record);
    }
  }

  private fail(f: DayFile, e: unknown, what: string): void {
    this.health.failed(f.path, e, what, f.pending.length);
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setInterval(() => {
      let pending = 0;
      for (const f of this.files.values()) {
        if (f.pending.length > 0) this.flush(f);
        pending += f.pending.length;
      }
      if (pending === 0 && this.retryTimer) {
        clearInterval(this.retryTimer);
        this.retryTimer = null;
        this.health.recovered();
      }
      this.health.check();
    }, this.retryIntervalMs);
    this.retryTimer.unref();
  }

  private syncDirty(): void {
    for (const f of this.files.values()) {
      if (!f.dirty || f.syncing || f.fd === null) continue;
      f.dirty = false;
      f.syncing = true;
      const done = new Promise<void>((resolve) => {
        fs.fdatasync(f.fd as number, (err) => {
          f.syncing = false;
          if (err) {
            f.dirty = true;
            this.log.limited(`store-sync:${f.path}`, 'warn', 'fdatasync of day file failed', { path: f.path, error: err.code ?? err.message });
          }
          resolve();
        });
      });
      this.syncsInFlight.add(done);
      void done.then(() => this.syncsInFlight.delete(done));
    }
  }

  /** A new KST day: yesterday's files will not grow any more. */
  private rollOver(date: string): void {
    this.latestDate = date;
    for (const f of [...this.files.values()]) {
      if (f.date < date && f.pending.length === 0 && !f.syncing) this.closeFile(f);
    }
  }

  /** Keeps at most maxOpenFiles descriptors, closing the least recently used idle file. */
  private evictBeyondLimit(keep: DayFile): void {
    let open = 0;
    let victim: DayFile | null = null;
    for (const f of this.files.values()) {
      if (f.fd === null) continue;
      open++;
      if (f === keep || f.pending.length > 0 || f.syncing) continue;
      if (!victim || f.lastUsed < victim.lastUsed) victim = f;
    }
    if (open > this.maxOpenFiles && victim) this.closeFile(victim);
  }

  /** Syncs and closes a file and forgets it (reopening repairs and counts it again). */
  private closeFile(f: DayFile): void {
    if (f.fd !== null) {
      try {
        if (f.dirty) fs.fdatasyncSync(f.fd);
      } catch (e) {
        this.log.warn('fdatasync before close failed', { path: f.path, error: (e as NodeJS.ErrnoException).code ?? String(e) });
      }
      fs.closeSync(f.fd);
      f.fd = null;
    }
    if (f.pending.length === 0) this.files.delete(f.key);
  }
}
