// Files read and written over a whole day (a fill's side file and merged day) in chunks, never decoded
// or joined whole, with a turn for live trades between slices (../turns.ts; docs/backfill.md, "Live
// latency during a fill").
import fsp from 'node:fs/promises';
import { Slicer } from '../turns.ts';
import { ifExistsAsync } from './missing.ts';

const READ_CHUNK = 256 * 1024;
const WRITE_LINES = 1000;

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
