// GET /api/history's fast path: a day file becomes a JSON array without parsing each line.
// Every complete line that looks like an object (starts with `{`, ends with `}`, holds no NUL) is
// copied as it is, so legacy lines (shared/trade.ts) come back byte for byte; the torn or in-progress
// tail and foreign lines are skipped. Work is done per ~1 MiB chunk and `out` is awaited, so a heavy
// day neither blocks the event loop for long nor piles up in memory.
import fs from 'node:fs/promises';

const CHUNK = 1 << 20;
/** First read of a tail request; each further read takes four times more. */
const TAIL_CHUNK = 1 << 16;
const LF = 0x0a;
const CR = 0x0d;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA = 0x2c;

/**
 * Streams the complete object lines of `path` (only those ending at or before `upToBytes` when
 * given) as one JSON array, `[]` when the file does not exist. Resolves with the number of objects.
 * Chunks are views of one reused buffer: `out` must be done with a chunk (written out or copied)
 * when its promise resolves.
 */
export async function streamHistory(
  path: string,
  upToBytes: number | null,
  out: (chunk: Buffer) => Promise<void>,
): Promise<{ trades: number }> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await out(Buffer.from('[]'));
    return { trades: 0 };
  }
  try {
    const size = (await fh.stat()).size;
    const end = upToBytes === null ? size : Math.min(upToBytes, size);
    // buf[0] is room for the separator before a piece; then `carry` bytes of a line begun in the
    // previous chunk, then what is read next. Pieces are built in place over the bytes they came from.
    let buf = Buffer.allocUnsafe(1 + Math.max(1, Math.min(CHUNK, end)));
    let carry = 0;
    let trades = 0;
    let pos = 0;
    while (pos < end) {
      if (1 + carry === buf.length) {
        // A line longer than the buffer so far.
        const bigger = Buffer.allocUnsafe(2 * buf.length);
        buf.copy(bigger, 0, 0, 1 + carry);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, 1 + carry, Math.min(buf.length - 1 - carry, end - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const filled = 1 + carry + bytesRead;
      const lastNl = buf.lastIndexOf(LF, filled - 1);
      if (lastNl < 1) {
        carry += bytesRead;
        continue;
      }
      const piece = joinObjectLines(buf, lastNl + 1, trades === 0);
      if (piece.count > 0) {
        trades += piece.count;
        await out(buf.subarray(0, piece.length));
      }
      buf.copyWithin(1, lastNl + 1, filled);
      carry = filled - lastNl - 1;
    }
    await out(Buffer.from(trades === 0 ? '[]' : ']'));
    return { trades };
  } finally {
    await fh.close();
  }
}

/**
 * Turns the lines in buf[1, end) (the last ends with `\n`) into the object lines joined by commas,
 * preceded by `[` for the first piece or `,` otherwise, written in place from buf[0]; returns its
 * length. Good lines get their newline overwritten with a comma (a `\r` before it is legal JSON
 * whitespace and stays); a run of them moves left only once a line has been skipped before it.
 */
function joinObjectLines(buf: Buffer, end: number, first: boolean): { length: number; count: number } {
  buf[0] = first ? 0x5b : COMMA;
  let o = 1;
  let count = 0;
  const hasNul = buf.subarray(1, end).indexOf(0) >= 0;
  // [runStart, runEnd): consecutive good lines not yet moved to `o`.
  let runStart = 1;
  let runEnd = 1;
  const moveRun = (): void => {
    if (o !== runStart) buf.copy(buf, o, runStart, runEnd);
    o += runEnd - runStart;
  };
  let start = 1;
  while (start < end) {
    const nl = buf.indexOf(LF, start);
    let last = nl - 1;
    if (last >= start && buf[last] === CR) last--;
    const good = isObjectLine(buf, start, last) && !(hasNul && buf.subarray(start, nl).indexOf(0) >= 0);
    if (good) {
      if (runEnd !== start) {
        moveRun();
        runStart = start;
      }
      buf[nl] = COMMA;
      runEnd = nl + 1;
      count++;
    }
    start = nl + 1;
  }
  moveRun();
  // Drop the trailing comma: the next piece starts with its own separator.
  return { length: count > 0 ? o - 1 : 1, count };
}

/** The line buf[start..last] (newline and CR excluded) looks like one JSON object. */
function isObjectLine(buf: Buffer, start: number, last: number): boolean {
  return last > start && buf[start] === OPEN && buf[last] === CLOSE;
}

/**
 * The last `n` complete object lines of `path` (up to `upToBytes` when given) as a JSON array, read
 * from the end so a trader's tape opens without downloading the whole day. Byte for byte the last
 * `n` entries streamHistory would give, in file order.
 */
export async function readHistoryTail(path: string, upToBytes: number | null, n: number): Promise<{ body: Buffer; trades: number }> {
  const last = await readTailLines(path, upToBytes, n);
  const parts: Buffer[] = [Buffer.from('[')];
  last.forEach((line, i) => parts.push(i === 0 ? line : Buffer.concat([Buffer.from(','), line])));
  parts.push(Buffer.from(']'));
  return { body: Buffer.concat(parts), trades: last.length };
}

/**
 * readHistoryTail's answer handed to `out` in pieces of about CHUNK bytes, each awaited: a slow
 * client holds back the rest instead of a copy of the whole answer piling up in its socket.
 */
export async function streamHistoryTail(path: string, upToBytes: number | null, n: number, out: (chunk: Buffer) => Promise<void>): Promise<{ trades: number }> {
  const last = await readTailLines(path, upToBytes, n);
  let parts: Buffer[] = [Buffer.from('[')];
  let size = 1;
  for (let i = 0; i < last.length; i++) {
    const line = last[i] as Buffer;
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(line);
    size += line.length + 1;
    if (size >= CHUNK) {
      await out(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  parts.push(Buffer.from(']'));
  await out(Buffer.concat(parts));
  return { trades: last.length };
}

/** The last `n` complete object lines of `path` (up to `upToBytes`), oldest first, newline excluded; none for a missing file. */
export async function readTailLines(path: string, upToBytes: number | null, n: number): Promise<Buffer[]> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return [];
  }
  try {
    const size = (await fh.stat()).size;
    const end = upToBytes === null ? size : Math.min(upToBytes, size);
    for (let want = TAIL_CHUNK; ; want *= 4) {
      const start = Math.max(0, end - want);
      const buf = Buffer.allocUnsafe(end - start);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      const lines = objectLines(buf.subarray(0, got), start === 0);
      if (lines.length >= n || start === 0) return lines.slice(-n);
    }
  } finally {
    await fh.close();
  }
}

/** Complete object lines of buf, skipping its first (partial) line unless it starts the file. */
function objectLines(buf: Buffer, atFileStart: boolean): Buffer[] {
  const out: Buffer[] = [];
  let start = atFileStart ? 0 : buf.indexOf(LF) + 1 || buf.length;
  while (start < buf.length) {
    const nl = buf.indexOf(LF, start);
    if (nl < 0) break;
    let last = nl - 1;
    if (last >= start && buf[last] === CR) last--;
    // A `\r` before the newline stays, as in streamHistory: JSON whitespace.
    if (isObjectLine(buf, start, last) && buf.subarray(start, nl).indexOf(0) < 0) out.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return out;
}
