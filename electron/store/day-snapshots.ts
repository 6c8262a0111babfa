// What a request or start-up may read of a day file: the seq of its last counted line and the byte
// length of its complete lines. A file open for appending answers from the store's memory; any other
// is counted by day-reader.ts once per size and mtime and cached, so a past day is read once.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { dayFilePath } from './day-file.ts';
import { countLines, countLinesSync, type LineCount } from './day-reader.ts';
import { ifExists, ifExistsAsync } from './missing.ts';

/** The last recorded seq of a day file and the byte length of its complete lines. */
export interface DaySnapshot {
  seq: number;
  bytes: number;
}

const CACHED = 64;

/** What a snapshot asks its caller to read: a file's stat, or a count of its lines up to a size. */
type Need = { stat: string } | { count: string; size: number; mtimeMs: number };

const statOrNull = (path: string): fs.Stats | null => ifExists(() => fs.statSync(path));
const statOrNullAsync = (path: string): Promise<fs.Stats | null> => ifExistsAsync(() => fsp.stat(path));

export class DaySnapshots {
  /** Snapshots of files not open for writing, checked against size and mtime before use. */
  private readonly cache = new Map<string, { size: number; mtimeMs: number; snap: DaySnapshot }>();
  /** Counts under way, so concurrent requests for one file read it once. */
  private readonly counts = new Map<string, Promise<LineCount>>();

  /** `open`: the snapshot of a file the store has open for appending, null for any other. */
  constructor(
    private readonly dir: string,
    private readonly open: (code: string, date: string) => DaySnapshot | null,
  ) {}

  /** Read synchronously: a file not open for writing is counted while the event loop waits (start-up). */
  get(code: string, date: string): DaySnapshot {
    const steps = this.steps(code, date);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      const need = step.value;
      step = steps.next('count' in need ? countLinesSync(need.count, need.size) : statOrNull(need.stat));
    }
  }

  /** Without blocking the event loop (and so ingest): files are counted with asynchronous reads. */
  async getAsync(code: string, date: string): Promise<DaySnapshot> {
    const steps = this.steps(code, date);
    for (let step = steps.next(); ; ) {
      if (step.done) return step.value;
      const need = step.value;
      step = steps.next('count' in need ? await this.countOnce(need) : await statOrNullAsync(need.stat));
    }
  }

  /**
   * The cached snapshot of a file about to be opened for appending, when it still describes the file
   * and shows nothing to repair after its last complete line (the file need not be read again); the
   * cache forgets the file either way, as the store's count takes over.
   */
  take(path: string): DaySnapshot | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch {
      this.cache.delete(path);
      return null;
    }
    const cached = this.cached(path, st);
    this.cache.delete(path);
    return cached && cached.bytes === st.size ? cached : null;
  }

  /** Drops what is cached for a file that was replaced. */
  forget(path: string): void {
    this.cache.delete(path);
  }

  /**
   * The one way to a snapshot, for both entry points: it asks its caller for the file's stat and, when
   * neither an open file nor the cache answers, for a count of its lines up to the size seen.
   */
  private *steps(code: string, date: string): Generator<Need, DaySnapshot, fs.Stats | null | LineCount> {
    const open = this.open(code, date);
    if (open) return open;
    const path = dayFilePath(this.dir, code, date);
    const st = (yield { stat: path }) as fs.Stats | null;
    if (st === null) return { seq: 0, bytes: 0 };
    const cached = this.cached(path, st);
    if (cached) return cached;
    // Up to the size just seen, so the snapshot belongs to the identity it is cached under.
    const { lines, bytes } = (yield { count: path, size: st.size, mtimeMs: st.mtimeMs }) as LineCount;
    const snap = this.remember(path, st, { seq: lines, bytes });
    // The store may have opened the file for appending meanwhile: its count is the current one.
    return this.open(code, date) ?? snap;
  }

  private countOnce(need: { count: string; size: number; mtimeMs: number }): Promise<LineCount> {
    const key = `${need.count}|${need.size}|${need.mtimeMs}`;
    let count = this.counts.get(key);
    if (!count) {
      count = countLines(need.count, need.size);
      this.counts.set(key, count);
      const forget = (): void => void this.counts.delete(key);
      count.then(forget, forget);
    }
    return count;
  }

  private cached(path: string, st: fs.Stats): DaySnapshot | null {
    const c = this.cache.get(path);
    return c && c.size === st.size && c.mtimeMs === st.mtimeMs ? { ...c.snap } : null;
  }

  private remember(path: string, st: fs.Stats, snap: DaySnapshot): DaySnapshot {
    this.cache.delete(path);
    this.cache.set(path, { size: st.size, mtimeMs: st.mtimeMs, snap });
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return { ...snap };
  }
}
