// GET /api/history's fast path: a day file becomes a JSON array without parsing each line.
// Every complete line that looks like an object (starts with `{`, ends with `}`, holds no NUL) is
// copied as it is, so the old collector's lines come back byte for byte; the torn or in-progress
// tail and foreign lines are skipped. Work is done per ~1 MiB chunk and `out` is awaited, so a heavy
// day neither blocks the event loop for long nor piles up in memory.
import fs from 'node:fs/promises';

const CHUNK = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const COMMA = 0x2c;

/**
 * Streams the complete object lines of `path` (only those ending at or before `upToBytes` when
 * given) as one JSON array, `[]` when the file does not exist. Resolves with the number of objects.
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
    let trades = 0;
    let carry = Buffer.alloc(0);
    let pos = 0;
    while (pos < end) {
      const want = Math.min(CHUNK, end - pos);
      const read = Buffer.allocUnsafe(carry.length + want);
      carry.copy(read, 0);
      const { bytesRead } = await fh.read(read, carry.length, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const buf = read.subarray(0, carry.length + bytesRead);
      const lastNl = buf.lastIndexOf(LF);
      if (lastNl < 0) {
        carry = Buffer.from(buf);
        continue;
      }
      const piece = joinObjectLines(buf.subarray(0, lastNl + 1), trades === 0);
      carry = Buffer.from(buf.subarray(lastNl + 1));
      if (piece.count > 0) {
        trades += piece.count;
        await out(piece.bytes);
      }
    }
    await out(Buffer.from(trades === 0 ? '[]' : ']'));
    return { trades };
  } finally {
    await fh.close();
  }
}

/**
 * The object lines of `buf` (which ends with `\n`) joined by commas, preceded by `[` for the
 * first piece or `,` otherwise. Runs of good lines are copied at once and their newlines
 * overwritten with commas (a `\r` before a newline is legal JSON whitespace and stays).
 */
function joinObjectLines(buf: Buffer, first: boolean): { bytes: Buffer; count: number } {
  const out = Buffer.allocUnsafe(buf.length + 1);
  out[0] = first ? 0x5b : COMMA;
  let o = 1;
  let count = 0;
  const hasNul = buf.indexOf(0) >= 0;
  // [runStart, runEnd): consecutive good lines not yet copied; their newlines are listed in `nls`.
  let runStart = 0;
  let runEnd = 0;
  let nls: number[] = [];
  const copyRun = (): void => {
    if (runEnd === runStart) return;
    buf.copy(out, o, runStart, runEnd);
    for (const nl of nls) out[o + nl - runStart] = COMMA;
    o += runEnd - runStart;
    nls = [];
  };
  let start = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(LF, start);
    let last = nl - 1;
    if (last >= start && buf[last] === CR) last--;
    const good =
      last > start && buf[start] === OPEN && buf[last] === CLOSE && !(hasNul && buf.subarray(start, nl).indexOf(0) >= 0);
    if (good) {
      if (runEnd !== start) {
        copyRun();
        runStart = start;
      }
      nls.push(nl);
      runEnd = nl + 1;
      count++;
    }
    start = nl + 1;
  }
  copyRun();
  // Drop the trailing comma: the next piece starts with its own separator.
  return { bytes: out.subarray(0, count > 0 ? o - 1 : 1), count };
}
