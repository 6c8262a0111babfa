// Repairing a torn tail left by a crash or power loss (docs/durability.md#torn-tail) before a day
// file is appended to: the torn bytes are copied aside, the file is cut after its last complete line,
// and no complete line is ever lost.
// Lines are counted and judged by day-reader.ts, as every reader does.
import fs from 'node:fs';
import type { Logger } from '../log.ts';
import { readLinesSync, recordOf } from './day-reader.ts';
import { ifExists } from './missing.ts';

export interface DayFileShape {
  /** Counted trade lines among the complete lines. */
  seq: number;
  /** Byte length up to and including the last `\n`. */
  bytes: number;
}

/**
 * Makes the file end on a complete line before it is appended to, and returns its shape; a missing
 * file is empty. Trailing NULs (blocks allocated but never written before a power loss) are dropped;
 * a final line that is a whole valid record missing only its `\n` gets the `\n`; anything else after
 * the last `\n` is copied to `<file>.torn-<ms>` and cut off.
 */
export function repairDayFile(path: string, log: Logger): DayFileShape {
  const fd = ifExists(() => fs.openSync(path, 'r+'));
  if (fd === null) return { seq: 0, bytes: 0 };
  try {
    return repairOpen(fd, path, log);
  } finally {
    fs.closeSync(fd);
  }
}

function repairOpen(fd: number, path: string, log: Logger): DayFileShape {
  const size = fs.fstatSync(fd).size;
  const { lines, bytes } = readLinesSync(fd, size);
  if (size === bytes) return { seq: lines, bytes };
  const tail = Buffer.alloc(size - bytes);
  fs.readSync(fd, tail, 0, tail.length, bytes);
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--;
  if (end > 0 && recordOf(tail, 0, end) !== null) {
    fs.ftruncateSync(fd, bytes + end);
    fs.writeSync(fd, '\n', bytes + end);
    fs.fsyncSync(fd);
    log.warn('day file ended without a newline; completed its last line', { path });
    return { seq: lines + 1, bytes: bytes + end + 1 };
  }
  if (end > 0) {
    const aside = `${path}.torn-${Date.now()}`;
    fs.writeFileSync(aside, tail, { flush: true });
    log.warn('torn last line of a day file copied aside and cut off', { path, aside, tornBytes: tail.length });
  } else {
    log.warn('trailing NUL bytes cut off a day file', { path, nulBytes: tail.length });
  }
  fs.ftruncateSync(fd, bytes);
  fs.fsyncSync(fd);
  return { seq: lines, bytes };
}
