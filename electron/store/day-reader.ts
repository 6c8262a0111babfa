// The one reader of day files raw_data_{code}_{YYYYMMDD}.txt: the footprint scan (day-scan.ts),
// GET /api/history (history.ts), the store's counts and tail repair, start-up priming and replay
// (day-cursor.ts) all read through it, so they agree on which lines are trades and on their `seq`.
//
// The rule: a line counts when it ends with `\n` and, without one `\r` before that, is a trade record
// by parseRecordLine (shared/trade.ts); `seq` is its 1-based index among the counted lines. Bytes after
// the last `\n` are a torn or still-growing line and do not count. Lines in the layout the store
// writes (RECORD_LINE_LAYOUT) are recognised in runs by one regular expression without JSON.parse;
// that layout only matches lines parseRecordLine accepts, so it makes the rule fast without changing it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { parseRecordLine, RECORD_LINE_LAYOUT, type TradeRecord } from '../shared/trade.ts';
import { ifExists, ifExistsAsync } from './missing.ts';

/**
 * Bytes read at a time by every reader: under the ~1 MB above which Node keeps a buffer's text outside
 * V8's heap, so a chunk's text is freed by the next scavenge instead of piling up until a full GC.
 */
export const CHUNK = 1_000_000;

export const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const EMPTY = Buffer.alloc(0);

/** Up to RUN lines in the store's layout, checked in one call of compiled code without allocating. */
const RUN = 256;
/**
 * Bytes of a chunk turned into text for the run expression at a time: under V8's large-object size,
 * so the string is allocated and freed in the young generation (a larger one costs several times more
 * than matching it).
 */
const WINDOW = 64 * 1024;
/** More than the longest line RECORD_LINE_LAYOUT matches (15-digit numbers in every field). */
const LONGEST_KNOWN = 256;
const KNOWN_RUN = new RegExp(`(?:${RECORD_LINE_LAYOUT}\\n){1,${RUN}}`, 'y');
const KNOWN_LINE = new RegExp(`^${RECORD_LINE_LAYOUT}$`);

/** One line (without its newline) in the layout read in runs, without JSON.parse. */
export function isPlainRecordLine(line: string): boolean {
  return KNOWN_LINE.test(line);
}

/** The rule for one line b[start, end) (its `\n` excluded): its record, or null when it does not count. */
export function recordOf(b: Buffer, start: number, end: number): TradeRecord | null {
  return parseRecordLine(b.toString('utf8', start, end > start && b[end - 1] === CR ? end - 1 : end));
}

/**
 * Where the line after the store-layout line at `s` starts. The run expression has checked every
 * literal, so only the digits of the price, the size and the optional fields vary in length.
 */
export function knownLineEnd(b: Uint8Array, s: number): number {
  let i = s + 32; // the price: `{"chetime": "HHMMSS", "price": "`
  while (b[i] !== QUOTE) i++;
  i += 15; // the size: `", "cvolume": "`
  while (b[i] !== QUOTE) i++;
  i += 16; // past `", "cgubun": "+"`
  while (b[i] === COMMA) {
    // `, "exchname": "KRX"`, or `, "volume": "` / `, "mschecnt": "` / `, "mdchecnt": "` and digits
    if (b[i + 3] === 0x65) {
      i += 19;
      continue;
    }
    i += b[i + 3] === 0x76 ? 13 : 15;
    while (b[i] !== QUOTE) i++;
    i++;
  }
  return i + 2; // past `}\n`
}

/** What a reader hands on: the counted lines, in file order. */
export interface LineVisitor {
  /**
   * A run of counted lines in the store's layout, b[start, end), each ending with `\n`; returns how
   * many lines it holds (walk them with knownLineEnd, or read their values in place).
   */
  known(b: Buffer, start: number, end: number): number;
  /** Any other counted line b[start, end) (its `\n` excluded, a `\r` before it kept) and its record. */
  other(b: Buffer, start: number, end: number, record: TradeRecord): void;
  /** A complete line that does not count (an empty line excepted). */
  skipped?(b: Buffer, start: number, end: number): void;
}

/**
 * Splits chunks of one file, pushed in order, into lines and hands the counted ones to a visitor. A
 * line begun in one chunk is finished with the next.
 */
export class LineSplitter {
  /** Counted lines so far: the seq of the last one. */
  lines = 0;
  /** End of the last complete line, in file bytes (where to continue from). */
  done = 0;
  /** Bytes after the last `\n` so far. */
  private carry: Buffer = EMPTY;

  constructor(private readonly visitor: LineVisitor) {}

  /** `b`: the file's bytes from offset `start`, following the previous chunk. */
  push(b: Buffer, start: number): void {
    let s = 0;
    if (this.carry.length > 0) {
      const nl = b.indexOf(NL);
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, b]);
        return;
      }
      const whole = Buffer.concat([this.carry, b.subarray(0, nl)]);
      this.line(whole, 0, whole.length);
      s = nl + 1;
      this.done = start + s;
    }
    // The run expression reads a latin1 window of the chunk (its offsets are byte offsets), renewed
    // before a line could cross its end, so a line that fails to match is not in the store's layout.
    let text = '';
    let t0 = 0;
    let t1 = 0;
    while (s < b.length) {
      if (t1 - s < LONGEST_KNOWN && t1 < b.length) {
        t0 = s;
        t1 = Math.min(b.length, s + WINDOW);
        text = b.toString('latin1', t0, t1);
      }
      KNOWN_RUN.lastIndex = s - t0;
      if (KNOWN_RUN.test(text)) {
        const end = t0 + KNOWN_RUN.lastIndex;
        this.lines += this.visitor.known(b, s, end);
        s = end;
      } else {
        const nl = b.indexOf(NL, s);
        if (nl === -1) break;
        this.line(b, s, nl);
        s = nl + 1;
      }
      this.done = start + s;
    }
    this.carry = s < b.length ? Buffer.from(b.subarray(s)) : EMPTY;
  }

  /** The bytes after the last `\n`: a torn or still-growing line. */
  rest(): Buffer {
    return this.carry;
  }

  private line(b: Buffer, s: number, e: number): void {
    const r = recordOf(b, s, e);
    if (r !== null) {
      this.lines++;
      this.visitor.other(b, s, e, r);
    } else if (e > s && !(e === s + 1 && b[s] === CR)) {
      this.visitor.skipped?.(b, s, e);
    }
  }
}

/** Counts lines and nothing else. */
const COUNT: LineVisitor = {
  known(b, start, end) {
    let n = 0;
    for (let s = start; s < end; s = knownLineEnd(b, s)) n++;
    return n;
  },
  other() {},
};

/** The counted lines and the end of the last complete line (the byte length a snapshot covers). */
export interface LineCount {
  lines: number;
  bytes: number;
}

function openOrNull(path: string): Promise<fsp.FileHandle | null> {
  return ifExistsAsync(() => fsp.open(path, 'r'));
}

/**
 * Visits the counted lines of a day file up to `upToBytes` (null: the whole file); a missing file has
 * none. Two buffers alternate, so the next chunk is read while this one is visited; `afterChunk` runs
 * once the visitor has seen a chunk (a consumer that passes data on waits there).
 */
export async function readLines(
  path: string,
  upToBytes: number | null,
  visitor: LineVisitor,
  afterChunk: () => Promise<void> | void = () => {},
): Promise<LineCount> {
  const fh = await openOrNull(path);
  if (fh === null) return { lines: 0, bytes: 0 };
  const splitter = new LineSplitter(visitor);
  let next: Promise<{ bytesRead: number }> | null = null;
  try {
    const size = (await fh.stat()).size;
    const limit = upToBytes === null ? size : Math.min(size, upToBytes);
    const chunk = Math.min(CHUNK, Math.max(limit, 1));
    const bufs = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)] as const;
    const readAt = (k: number, pos: number) => fh.read(bufs[k & 1], 0, Math.min(chunk, limit - pos), pos);
    let pos = 0;
    next = limit > 0 ? readAt(0, 0) : null;
    for (let k = 0; next !== null; k++) {
      const n = (await next).bytesRead;
      if (n === 0) break;
      const start = pos;
      pos += n;
      next = pos < limit ? readAt(k + 1, pos) : null;
      splitter.push(bufs[k & 1].subarray(0, n), start);
      await afterChunk();
    }
    return { lines: splitter.lines, bytes: splitter.done };
  } finally {
    // A visitor that threw leaves a read in flight: let it end before the file is closed.
    await next?.catch(() => {});
    await fh.close();
  }
}

/** readLines on an open descriptor, synchronously, up to `limit` bytes (start-up, tail repair). */
export function readLinesSync(fd: number, limit: number, visitor: LineVisitor = COUNT): LineCount {
  const splitter = new LineSplitter(visitor);
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(limit, 1)));
  for (let pos = 0; pos < limit; ) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, limit - pos), pos);
    if (n === 0) break;
    splitter.push(buf.subarray(0, n), pos);
    pos += n;
  }
  return { lines: splitter.lines, bytes: splitter.done };
}

/** The counted lines of a day file up to `upToBytes`, without blocking the event loop. */
export function countLines(path: string, upToBytes: number): Promise<LineCount> {
  return readLines(path, upToBytes, COUNT);
}

/** countLines, read synchronously; a missing file has no lines. */
export function countLinesSync(path: string, upToBytes: number): LineCount {
  const fd = ifExists(() => fs.openSync(path, 'r'));
  if (fd === null) return { lines: 0, bytes: 0 };
  try {
    return readLinesSync(fd, upToBytes);
  } finally {
    fs.closeSync(fd);
  }
}

/** Collects the counted lines of one buffer as views, newline excluded. */
export function collectLines(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  new LineSplitter({
    known(buf, start, end) {
      let n = 0;
      for (let s = start; s < end; n++) {
        const e = knownLineEnd(buf, s);
        out.push(buf.subarray(s, e - 1));
        s = e;
      }
      return n;
    },
    other(buf, start, end) {
      out.push(buf.subarray(start, end));
    },
  }).push(b, 0);
  return out;
}

/**
 * The last `n` counted lines of a day file (up to `upToBytes` when given), oldest first, newline
 * excluded and a `\r` before it kept; none for a missing file. Read backwards a chunk at a time, so a
 * tape opens without reading the whole day.
 */
export async function tail(path: string, upToBytes: number | null, n: number): Promise<Buffer[]> {
  const fh = await openOrNull(path);
  if (fh === null) return [];
  try {
    const back = new Backwards((await fh.stat()).size, upToBytes);
    while (back.wants(n)) {
      const { buf, lo, hi } = back.next();
      for (let got = 0; got < hi - lo; ) {
        const { bytesRead } = await fh.read(buf, got, hi - lo - got, lo + got);
        if (bytesRead === 0) throw new Error(`day file shrank while read: ${path}`);
        got += bytesRead;
      }
      back.took(buf, lo);
    }
    return back.last(n);
  } finally {
    await fh.close();
  }
}

/** tail, read synchronously (a feed asking for a code's last trade as it adds the code). */
export function tailSync(path: string, upToBytes: number | null, n: number): Buffer[] {
  const fd = ifExists(() => fs.openSync(path, 'r'));
  if (fd === null) return [];
  try {
    const back = new Backwards(fs.fstatSync(fd).size, upToBytes);
    while (back.wants(n)) {
      const { buf, lo, hi } = back.next();
      for (let got = 0; got < hi - lo; ) {
        const bytesRead = fs.readSync(fd, buf, got, hi - lo - got, lo + got);
        if (bytesRead === 0) throw new Error(`day file shrank while read: ${path}`);
        got += bytesRead;
      }
      back.took(buf, lo);
    }
    return back.last(n);
  } finally {
    fs.closeSync(fd);
  }
}

/** The bookkeeping of reading a file backwards a chunk at a time, shared by tail and tailSync. */
class Backwards {
  readonly #found: Buffer[][] = [];
  #count = 0;
  /** [lo, hi) is read next. */
  #hi: number;
  /** The bytes from hi up to the first `\n` read so far: the end of a line that begins before hi. */
  #head: Buffer = EMPTY;

  constructor(size: number, upToBytes: number | null) {
    this.#hi = upToBytes === null ? size : Math.min(upToBytes, size);
  }

  wants(n: number): boolean {
    return this.#hi > 0 && this.#count < n;
  }

  /** The buffer to read [lo, hi) into, with room for the head after it. */
  next(): { buf: Buffer; lo: number; hi: number } {
    const lo = Math.max(0, this.#hi - CHUNK);
    return { buf: Buffer.allocUnsafe(this.#hi - lo + this.#head.length), lo, hi: this.#hi };
  }

  took(buf: Buffer, lo: number): void {
    this.#head.copy(buf, this.#hi - lo);
    const nl = buf.indexOf(NL);
    const from = lo === 0 ? 0 : nl < 0 ? buf.length : nl + 1;
    const lines = collectLines(buf.subarray(from));
    this.#found.push(lines);
    this.#count += lines.length;
    this.#head = buf.subarray(0, from);
    this.#hi = lo;
  }

  last(n: number): Buffer[] {
    return this.#found.reverse().flat().slice(-n);
  }
}
