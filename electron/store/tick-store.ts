// Append-only day files, one per code and KST date. A trade counts as recorded once
// `writeSync` of its complete line has returned (L1, survives a process crash); dirty files get a
// grouped asynchronous `fdatasync` every ~200 ms (L2 within one interval), docs/durability.md#levels.
// A failing disk never throws out of `append` and never loses a line silently: lines wait in a
// bounded per-file queue, in order, and overflow is refused, counted and logged.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { formatRecordLine, type TradeRecord } from '../shared/trade.ts';
import type { StoreStats } from '../shared/wire.ts';
import type { Logger } from '../log.ts';
import { dayFilePath, epochFilePath } from './day-file.ts';
import { LEAN_CHUNK, scanDayFile } from './day-scan.ts';
import { repairDayFile, measureDayFile } from './tail-repair.ts';

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

export interface TickStoreOptions {
  syncIntervalMs?: number;
  maxOpenFiles?: number;
  /** Per-file bound of the retry queue (lines waiting while writes fail). */
  maxPendingLines?: number;
  retryIntervalMs?: number;
  io?: StoreIo;
}

interface DayFile {
  /** `code/date`: the key in `files` (unambiguous, as neither part of a valid key holds a slash). */
  key: string;
  path: string;
  date: string;
  /** False until the file has been repaired and counted (retried when reading it failed). */
  ready: boolean;
  fd: number | null;
  /** Last seq handed out. */
  seq: number;
  /** End of the last completely written line. */
  bytes: number;
  /** Lines not yet completely written, oldest first; the first may be partly written. */
  pending: Buffer[];
  headOffset: number;
  dirty: boolean;
  syncing: boolean;
  lastUsed: number;
}

/** The last recorded seq of a day file and the byte length of its complete lines. */
export interface DaySnapshot {
  seq: number;
  bytes: number;
}

const SNAPSHOT_CACHE = 64;

export class TickStore {
  private readonly files = new Map<string, DayFile>();
  /** Replacements of each day file (`code/date` → count, kept in its epoch file): the day file's epoch. */
  private readonly epochs = new Map<string, number>();
  /** Snapshots of files not open for writing (past days), checked against size and mtime before use. */
  private readonly shapes = new Map<string, { size: number; mtimeMs: number; snap: DaySnapshot }>();
  /** Scans under way for snapshotAsync, so concurrent requests for one file read it once. */
  private readonly scans = new Map<string, Promise<DaySnapshot>>();
  private readonly io: StoreIo;
  private readonly maxOpenFiles: number;
  private readonly maxPendingLines: number;
  private readonly retryIntervalMs: number;
  private readonly syncTimer: NodeJS.Timeout;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly syncsInFlight = new Set<Promise<void>>();
  private useClock = 0;
  private latestDate = '';
  private closed = false;
  private droppedLines = 0;
  private writeErrors = 0;
  private linesWritten = 0;
  private lastError: string | null = null;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
    opts: TickStoreOptions = {},
  ) {
    this.io = opts.io ?? nodeIo;
    this.maxOpenFiles = opts.maxOpenFiles ?? 256;
    this.maxPendingLines = opts.maxPendingLines ?? 50_000;
    this.retryIntervalMs = opts.retryIntervalMs ?? 1_000;
    this.syncTimer = setInterval(() => this.syncDirty(), opts.syncIntervalMs ?? 200);
    this.syncTimer.unref();
  }

  /**
   * Records one trade and returns its seq (1-based among the valid lines of the day file).
   * The line is on its way to disk when this returns: written, or queued behind a failing write.
   * Returns 0 only when the line was refused (queue full or store closed): counted in `droppedLines`.
   */
  append(code: string, date: string, record: TradeRecord): number {
    // Files in use are found by code and date; the path (and its validation) is built once per file.
    const f = this.files.get(`${code}/${date}`) ?? this.fileFor(code, date);
    if (this.closed) return this.refuse(f.path, 'the store is closed');
    if (date > this.latestDate) this.rollOver(date);
    f.lastUsed = ++this.useClock;
    if (f.pending.length > 0) this.flush(f);
    if (f.pending.length >= this.maxPendingLines) return this.refuse(f.path, 'the retry queue is full');
    f.pending.push(Buffer.from(formatRecordLine(record)));
    const seq = ++f.seq;
    this.flush(f);
    if (f.pending.length > 0) this.scheduleRetry();
    return seq;
  }

  /**
   * The snapshot of a day file, read synchronously: a file not open for writing is scanned while the
   * event loop waits. For start-up; requests use snapshotAsync.
   */
  snapshot(code: string, date: string): DaySnapshot {
    const path = dayFilePath(this.dir, code, date);
    const open = this.openSnapshot(code, date);
    if (open) return open;
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, bytes: 0 };
      throw e;
    }
    const cached = this.cachedSnapshot(path, st);
    if (cached) return cached;
    const { seq, bytes } = measureDayFile(path);
    return this.remember(path, st, { seq, bytes });
  }

  /**
   * The snapshot of a day file without blocking the event loop (and so ingest): an open file answers
   * from memory at once; any other file is scanned with asynchronous reads, chunk by chunk, once per
   * size and mtime.
   */
  async snapshotAsync(code: string, date: string): Promise<DaySnapshot> {
    const path = dayFilePath(this.dir, code, date);
    const open = this.openSnapshot(code, date);
    if (open) return open;
    let st: fs.Stats;
    try {
      st = await fsp.stat(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, bytes: 0 };
      throw e;
    }
    const cached = this.cachedSnapshot(path, st);
    if (cached) return cached;
    const key = `${path}|${st.size}|${st.mtimeMs}`;
    let scan = this.scans.get(key);
    if (!scan) {
      // Up to the size just seen, so the snapshot belongs to the identity it is cached under.
      scan = scanDayFile(path, st.size, () => {}, LEAN_CHUNK).then(({ trades, bytes }) => this.remember(path, st, { seq: trades, bytes }));
      this.scans.set(key, scan);
      void scan.then(
        () => this.scans.delete(key),
        () => this.scans.delete(key),
      );
    }
    const snap = await scan;
    // The store may have opened the file for appending meanwhile: its count is the current one.
    return this.openSnapshot(code, date) ?? snap;
  }

  private openSnapshot(code: string, date: string): DaySnapshot | null {
    const f = this.files.get(`${code}/${date}`);
    return f?.ready ? { seq: f.seq - f.pending.length, bytes: f.bytes } : null;
  }

  private cachedSnapshot(path: string, st: fs.Stats): DaySnapshot | null {
    const cached = this.shapes.get(path);
    return cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs ? { ...cached.snap } : null;
  }

  private remember(path: string, st: fs.Stats, snap: DaySnapshot): DaySnapshot {
    this.shapes.delete(path);
    this.shapes.set(path, { size: st.size, mtimeMs: st.mtimeMs, snap });
    if (this.shapes.size > SNAPSHOT_CACHE) this.shapes.delete(this.shapes.keys().next().value as string);
    return { ...snap };
  }

  /** How many times fills replaced the day file (0 until one merged into it); read once from its epoch file. */
  epoch(code: string, date: string): number {
    const key = `${code}/${date}`;
    let epoch = this.epochs.get(key);
    if (epoch === undefined) {
      try {
        const n = Number(fs.readFileSync(epochFilePath(this.dir, code, date), 'utf8').trim());
        epoch = Number.isSafeInteger(n) && n > 0 ? n : 0;
      } catch {
        epoch = 0;
      }
      this.epochs.set(key, epoch);
    }
    return epoch;
  }

  /**
   * Replaces a day file with no append in between (docs/backfill.md): `swap` runs synchronously once
   * every queued line is written and the file is closed, must put the new file in place with an atomic
   * rename, and returns how many lines it inserted and the new file's length. Returns the new epoch, or
   * null when the file is busy (a sync in flight, or lines waiting on a failing disk): try again later.
   */
  replaceDay(code: string, date: string, swap: (path: string) => { inserted: number; bytes: number }): number | null {
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
    const { inserted, bytes } = swap(path);
    this.shapes.delete(path);
    if (f?.ready) {
      f.seq += inserted;
      f.bytes = bytes;
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
    let pendingLines = 0;
    for (const f of this.files.values()) {
      if (f.fd !== null) openFiles++;
      pendingLines += f.pending.length;
    }
    return {
      openFiles,
      pendingLines,
      droppedLines: this.droppedLines,
      writeErrors: this.writeErrors,
      lastError: this.lastError,
      linesWritten: this.linesWritten,
    };
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
        this.droppedLines += f.pending.length;
        this.log.error('day file lines could not be written before closing', {
          path: f.path,
          lines: f.pending.length,
          error: this.lastError,
        });
        f.pending = [];
      }
      this.closeFile(f);
    }
  }

  private refuse(path: string, why: string): number {
    this.droppedLines++;
    this.log.limited(`store-refused:${path}`, 'error', `trade NOT recorded: ${why}`, {
      path,
      droppedLines: this.droppedLines,
      error: this.lastError,
    });
    return 0;
  }

  private fileFor(code: string, date: string): DayFile {
    const path = dayFilePath(this.dir, code, date);
    const f: DayFile = {
      key: `${code}/${date}`,
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
    const known = this.intactShape(path);
    this.shapes.delete(path);
    this.prepare(f, known);
    return f;
  }

  /**
   * A snapshot taken earlier (e.g. at start-up) that still describes the file and shows nothing to
   * repair after its last complete line: the file need not be read again before appending.
   */
  private intactShape(path: string): DaySnapshot | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch {
      return null;
    }
    const cached = this.cachedSnapshot(path, st);
    return cached && cached.bytes === st.size ? cached : null;
  }

  /** Repairs and counts an existing file before its first append (unless `known` already counted it). */
  private prepare(f: DayFile, known: DaySnapshot | null = null): void {
    try {
      const shape = known ?? repairDayFile(f.path, this.log);
      // Lines queued while the file could not be read were numbered from 0; the log says so.
      f.seq = shape.seq + f.pending.length;
      f.bytes = shape.bytes;
      f.ready = true;
    } catch (e) {
      this.fail(f, e, 'cannot read day file; trades are queued and their seq may be off');
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
      const line = f.pending[0] as Buffer;
      try {
        while (f.headOffset < line.length) {
          f.headOffset += this.io.write(f.fd, line, f.headOffset, line.length - f.headOffset);
        }
      } catch (e) {
        this.fail(f, e, 'write to day file failed; trades are queued');
        return;
      }
      f.pending.shift();
      f.headOffset = 0;
      f.bytes += line.length;
      f.dirty = true;
      this.linesWritten++;
    }
  }

  private fail(f: DayFile, e: unknown, what: string): void {
    const err = e as NodeJS.ErrnoException;
    this.writeErrors++;
    this.lastError = `${what}: ${err.code ?? err.message}`;
    this.log.limited(`store-error:${f.path}`, 'error', what, {
      path: f.path,
      error: err.code ?? err.message,
      pendingLines: f.pending.length,
    });
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
        this.lastError = null;
        this.log.info('day files writable again; queued trades written');
      }
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
