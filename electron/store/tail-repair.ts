// Reading a day file's shape (valid lines, end of the last complete line) and repairing a torn
// tail left by a crash or power loss (reliability.md §2.3): the torn bytes are copied aside,
// the file is cut after its last complete line, and no complete line is ever lost.
import fs from 'node:fs';
import { parseRecordLine, RECORD_LINE_LAYOUT } from '../shared/trade.ts';
import type { Logger } from '../log.ts';

const CHUNK = 1 << 20;

/**
 * A line in the layout `formatRecordLine` and the old collector write. Every line it matches is one
 * `parseRecordLine` accepts, and checking it is about ten times faster than parsing, which matters
 * when a heavy day file is counted on open.
 */
const PLAIN_LINE = new RegExp(`^${RECORD_LINE_LAYOUT}$`);

export function isPlainRecordLine(line: string): boolean {
  return PLAIN_LINE.test(line);
}

/** A valid trade line (without its newline or a trailing `\r`). */
function isValidLine(line: string): boolean {
  return PLAIN_LINE.test(line) || parseRecordLine(line) !== null;
}

export interface DayFileShape {
  /** Valid trade lines among the complete lines. */
  seq: number;
  /** Byte length up to and including the last `\n`. */
  bytes: number;
  /** Current file size (bytes past `bytes` are a torn or in-progress tail). */
  size: number;
}

/** Counts the valid lines of an open file, reading in chunks; ENOENT is the caller's business. */
function scanFd(fd: number): DayFileShape {
  const size = fs.fstatSync(fd).size;
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer = Buffer.alloc(0);
  let seq = 0;
  let bytes = 0;
  let pos = 0;
  while (pos < size) {
    const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
    if (n === 0) break;
    const lastNl = buf.lastIndexOf(10, n - 1);
    if (lastNl < 0) {
      carry = Buffer.concat([carry, buf.subarray(0, n)]);
    } else {
      const text = Buffer.concat([carry, buf.subarray(0, lastNl)]).toString('utf8');
      carry = Buffer.from(buf.subarray(lastNl + 1, n));
      for (const line of text.split('\n')) if (isValidLine(stripCr(line))) seq++;
      bytes = pos + lastNl + 1;
    }
    pos += n;
  }
  return { seq, bytes, size: pos };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Shape of a day file without changing it; a missing file is empty. */
export function measureDayFile(path: string): DayFileShape {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, bytes: 0, size: 0 };
    throw e;
  }
  try {
    return scanFd(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes the file end on a complete line before it is appended to, and returns its shape.
 * Trailing NULs (blocks allocated but never written before a power loss) are dropped; a final
 * line that is a whole valid record missing only its `\n` gets the `\n`; anything else after
 * the last `\n` is copied to `<file>.torn-<ms>` and cut off.
 */
export function repairDayFile(path: string, log: Logger): DayFileShape {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r+');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { seq: 0, bytes: 0, size: 0 };
    throw e;
  }
  try {
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
  } finally {
    fs.closeSync(fd);
  }
}
