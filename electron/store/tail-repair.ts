// Reading a day file's shape (valid lines, end of the last complete line) and repairing a torn
// tail left by a crash or power loss (docs/durability.md#torn-tail): the torn bytes are copied aside,
// the file is cut after its last complete line, and no complete line is ever lost.
import fs from 'node:fs';
import { parseRecordLine } from '../shared/trade.ts';
import type { Logger } from '../log.ts';
import { scanDayFileSync } from './day-scan.ts';

export interface DayFileShape {
  /** Valid trade lines among the complete lines. */
  seq: number;
  /** Byte length up to and including the last `\n`. */
  bytes: number;
  /** Current file size (bytes past `bytes` are a torn or in-progress tail). */
  size: number;
}

/** Counts the valid lines of an open file exactly as scanDayFile does. */
function scanFd(fd: number): DayFileShape {
  const size = fs.fstatSync(fd).size;
  const { trades, bytes } = scanDayFileSync(fd, size);
  return { seq: trades, bytes, size };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Runs `use` on the file opened with `flags`; a missing file is empty. */
function withDayFile(path: string, flags: 'r' | 'r+', use: (fd: number) => DayFileShape): DayFileShape {
  let fd: number;
  try {
    fd = fs.openSync(path, flags);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, bytes: 0, size: 0 };
    throw e;
  }
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Shape of a day file without changing it; a missing file is empty. */
export function measureDayFile(path: string): DayFileShape {
  return withDayFile(path, 'r', scanFd);
}

/**
 * Makes the file end on a complete line before it is appended to, and returns its shape.
 * Trailing NULs (blocks allocated but never written before a power loss) are dropped; a final
 * line that is a whole valid record missing only its `\n` gets the `\n`; anything else after
 * the last `\n` is copied to `<file>.torn-<ms>` and cut off.
 */
export function repairDayFile(path: string, log: Logger): DayFileShape {
  return withDayFile(path, 'r+', (fd) => {
    const shape = scanFd(fd);
    if (shape.size === shape.bytes) return shape;
    const tail = Buffer.alloc(shape.size - shape.bytes);
    fs.readSync(fd, tail, 0, tail.length, shape.bytes);
    let end = tail.length;
    while (end > 0 && tail[end - 1] === 0) end--;
    const text = tail.toString('utf8', 0, end);
    if (end > 0 && parseRecordLine(stripCr(text)) !== null) {
      fs.ftruncateSync(fd, shape.bytes + end);
      fs.writeSync(fd, '\n', shape.bytes + end);
      fs.fsyncSync(fd);
      log.warn('day file ended without a newline; completed its last line', { path });
      const bytes = shape.bytes + end + 1;
      return { seq: shape.seq + 1, bytes, size: bytes };
    }
    if (end > 0) {
      const aside = `${path}.torn-${Date.now()}`;
      fs.writeFileSync(aside, tail, { flush: true });
      log.warn('torn last line of a day file copied aside and cut off', { path, aside, tornBytes: tail.length });
    } else {
      log.warn('trailing NUL bytes cut off a day file', { path, nulBytes: tail.length });
    }
    fs.ftruncateSync(fd, shape.bytes);
    fs.fsyncSync(fd);
    return { seq: shape.seq, bytes: shape.bytes, size: shape.bytes };
  });
}
