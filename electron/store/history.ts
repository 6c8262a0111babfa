// GET /api/history's body: the counted lines of a day file (day-reader.ts) as one JSON array, each
// line copied as it is (a `\r` before its newline is JSON whitespace and stays), so legacy lines
// (shared/trade.ts) come back byte for byte and the n-th entry is the trade with seq n. Work is done
// a chunk at a time and `out` is awaited, so a heavy day neither blocks the event loop for long nor
// piles up in memory.
import { CHUNK, knownLineEnd, readLines, tail, type LineVisitor } from './day-reader.ts';

const OPEN = 0x5b;
const COMMA = 0x2c;

/** Builds the array's text in one reused buffer: each line is preceded by `[` (the first) or `,`. */
class ArrayText implements LineVisitor {
  buf = Buffer.allocUnsafe(CHUNK + 1);
  /** Where the next separator goes: the text so far is buf[0, at). */
  at = 0;
  count = 0;

  known(b: Buffer, start: number, end: number): number {
    const base = this.separator(end - start);
    b.copy(this.buf, base, start, end);
    // Each line's `\n` becomes the comma before the next; the last one's is where the next separator goes.
    let n = 0;
    for (let s = base; s < base + end - start; n++) {
      s = knownLineEnd(this.buf, s);
      this.buf[s - 1] = COMMA;
    }
    this.at = base + end - start - 1;
    this.count += n;
    return n;
  }

  other(b: Buffer, start: number, end: number): void {
    const base = this.separator(end - start);
    b.copy(this.buf, base, start, end);
    this.at = base + end - start;
    this.count++;
  }

  /** Writes the separator with room for `length` more bytes after it; returns where they go. */
  private separator(length: number): number {
    if (this.at + 1 + length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.at + 1 + length));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.buf[this.at] = this.count === 0 ? OPEN : COMMA;
    return this.at + 1;
  }
}

/**
 * Streams the counted lines of `path` (only those ending at or before `upToBytes` when given) as one
 * JSON array, `[]` when the file does not exist. Resolves with the number of entries. Chunks are views
 * of one reused buffer: `out` must be done with a chunk (written out or copied) when its promise resolves.
 */
export async function streamHistory(path: string, upToBytes: number | null, out: (chunk: Buffer) => Promise<void>): Promise<{ trades: number }> {
  const text = new ArrayText();
  const flush = async (): Promise<void> => {
    if (text.at === 0) return;
    await out(text.buf.subarray(0, text.at));
    text.at = 0;
  };
  const { lines } = await readLines(path, upToBytes, text, flush);
  await out(Buffer.from(lines === 0 ? '[]' : ']'));
  return { trades: lines };
}

/**
 * The last `n` entries streamHistory would give (up to `upToBytes` when given), byte for byte, read
 * from the end so a trader's tape opens without downloading the whole day. Handed to `out` in pieces
 * of about CHUNK bytes, each awaited: a slow client holds back the rest instead of a copy of the whole
 * answer piling up in its socket.
 */
export async function streamHistoryTail(path: string, upToBytes: number | null, n: number, out: (chunk: Buffer) => Promise<void>): Promise<{ trades: number }> {
  const last = await tail(path, upToBytes, n);
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
