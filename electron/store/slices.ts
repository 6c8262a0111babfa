// Work over a whole day (a fill's merge: read, parse, place, format and write 100,000 lines) must not
// hold live trades back: loops give the event loop a turn whenever they have run for a few
// milliseconds, and files are read and written in chunks, never decoded or joined whole
// (docs/backfill.md, "Live latency during a fill").
import fsp from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ifExistsAsync } from './missing.ts';

const SLICE_MS = 5;
const READ_CHUNK = 256 * 1024;
const WRITE_LINES = 1000;

/** Tracks the current slice of a long loop; `due()` is cheap enough to ask on every item. */
export class Slicer {
  #since = performance.now();
  #n = 0;

  /** True when the slice is used up (the clock is read every 32 calls). */
  due(): boolean {
    return (++this.#n & 31) === 0 && performance.now() - this.#since > SLICE_MS;
  }

  /** Lets pending I/O (live trades, /ws writes) run, then starts a new slice. */
  async pause(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.#since = performance.now();
  }
}

/** Runs a generator that yields at safe points, giving the event loop a turn between slices. */
export async function runSliced<T>(steps: Generator<void, T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since > SLICE_MS) {
      await new Promise((res) => setImmediate(res));
      since = performance.now();
    }
  }
}

export interface LinesRead {
  /** Length of the complete lines (each ending in `\n`) handed to `onLine`. */
  bytes: number;
  /** What follows the last `\n` (a torn line, or ''). */
  rest: string;
  /** `onLine` returned false. */
  stopped: boolean;
}

/**
 * Hands each complete non-empty line of a file to `onLine`, reading it chunk by chunk; `onLine`
 * returning false stops the read. Null when the file does not exist.
 */
export async function forEachLine(path: string, onLine: (line: string) => boolean): Promise<LinesRead | null> {
  const fh = await ifExistsAsync(() => fsp.open(path, 'r'));
  if (fh === null) return null;
  try {
    const slice = new Slicer();
    let carry = Buffer.alloc(0);
    let bytes = 0;
    for (;;) {
      const chunk = Buffer.alloc(READ_CHUNK);
      const { bytesRead } = await fh.read(chunk, 0, READ_CHUNK, null);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      const end = data.lastIndexOf(0x0a) + 1;
      for (const line of data.toString('utf8', 0, end).split('\n')) {
        if (line !== '' && !onLine(line)) return { bytes, rest: '', stopped: true };
        if (slice.due()) await slice.pause();
      }
      bytes += end;
      carry = data.subarray(end);
    }
    return { bytes, rest: carry.toString('utf8'), stopped: false };
  } finally {
    await fh.close();
  }
}

/** Writes `items` as lines to a new file (or appends them: `flags` 'a'), a batch at a time, and syncs it before resolving. */
export async function writeLinesSynced<T>(path: string, items: readonly T[], format: (item: T) => string, flags: 'w' | 'a' = 'w'): Promise<void> {
  const fh = await fsp.open(path, flags);
  try {
    const slice = new Slicer();
    let batch: string[] = [];
    for (const item of items) {
      batch.push(format(item));
      if (batch.length >= WRITE_LINES || slice.due()) {
        await fh.write(batch.join(''));
        batch = [];
      }
    }
    if (batch.length > 0) await fh.write(batch.join(''));
    await fh.datasync();
  } finally {
    await fh.close();
  }
}
