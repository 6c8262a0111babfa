// Fast read of a day file for aggregation: lines in the layout we know (RECORD_LINE_LAYOUT: legacy
// four-field lines, see shared/trade.ts, and ours with the optional fields appended by
// formatRecordLine) are checked by one regular expression and read in place, without JSON.parse or
// per-line strings; any other line goes through parseRecordLine. A line the fast path accepts is one
// parseRecordLine accepts with the same values, and anything unusual (a decimal, a zero, a long
// number, other spacing, other keys, CR) falls back, so the valid lines and their seq numbers are
// exactly the store's: only `\n`-terminated lines count.
import { readSync } from 'node:fs';
import fs from 'node:fs/promises';
import { hmsToSeconds } from '../shared/kst.ts';
import { parseRecordLine, RECORD_LINE_LAYOUT } from '../shared/trade.ts';
import type { TradeVenue } from '../shared/footprint/trade.ts';

export interface ScannedTrade {
  /** 1-based index among the file's valid lines. */
  seq: number;
  /** Seconds since KST midnight. */
  time: number;
  price: number;
  qty: number;
  side: 1 | -1;
  venue: TradeVenue;
  /** Cumulative buy/sell aggressor counts; both -1 unless the record carries both. */
  ms: number;
  md: number;
}

export interface ScanResult {
  trades: number;
  /** End of the last complete line read (the offset to continue from). */
  bytes: number;
}

/** Bytes read and matched at a time: large chunks scan fastest. */
const CHUNK = 1 << 22;
/**
 * A chunk small enough that its text is a string in V8's heap (Node makes strings over ~1 MB external),
 * freed by the next scavenge instead of piling up outside the heap until a full GC: for scans where
 * memory matters more than speed.
 */
export const LEAN_CHUNK = 1_000_000;
const NL = 10;
const QUOTE = 0x22;
const ZERO2 = 0x30 * 11;

/**
 * A sticky regular expression checks a run of up to RUN lines in the known layout in one call of
 * compiled code, without allocating; the values are then read from the bytes at the positions its
 * literals fix.
 */
const RUN = 256;
const KNOWN_RUN = new RegExp(`(?:${RECORD_LINE_LAYOUT}\\n){1,${RUN}}`, 'y');
const KNOWN_LINE = new RegExp(`^${RECORD_LINE_LAYOUT}$`);

/** One line (without its newline) in the layout the fast path reads in place. */
export function isPlainRecordLine(line: string): boolean {
  return KNOWN_LINE.test(line);
}

/** Value of the last digits() call. */
let num = 0;

/** Reads the digits at `i` up to the closing quote; returns the quote's index. */
function digits(b: Uint8Array, i: number): number {
  let n = 0;
  for (let c = b[i]!; c !== QUOTE; c = b[++i]!) n = n * 10 + c - 0x30;
  num = n;
  return i;
}

/**
 * Fills `t` from a line KNOWN_RUN matched at byte `s` (every literal and digit is checked, so values
 * sit at fixed offsets from them) and returns where the next line starts.
 */
function parseKnown(b: Uint8Array, s: number, t: ScannedTrade): number {
  t.time =
    (b[s + 13]! * 10 + b[s + 14]! - ZERO2) * 3600 + (b[s + 15]! * 10 + b[s + 16]! - ZERO2) * 60 + (b[s + 17]! * 10 + b[s + 18]! - ZERO2);
  let i = digits(b, s + 32); // after `{"chetime": "HHMMSS", "price": "`
  t.price = num;
  i = digits(b, i + 15); // after `", "cvolume": "`
  t.qty = num;
  i += 14; // after `", "cgubun": "`
  t.side = b[i] === 0x2b ? 1 : -1;
  i += 2;
  t.venue = '';
  let ms = -1;
  let md = -1;
  // Optional fields, each `, "name": "value"`, told apart by their first letters.
  while (b[i] === 0x2c) {
    const key = b[i + 3];
    if (key === 0x65) {
      t.venue = b[i + 15] === 0x4b ? 'KRX' : 'NXT'; // `, "exchname": "`
      i += 19;
    } else if (key === 0x76) {
      i = digits(b, i + 13) + 1; // `, "volume": "`
    } else {
      const buy = b[i + 4] === 0x73; // `, "mschecnt": "` / `, "mdchecnt": "`
      i = digits(b, i + 15) + 1;
      if (buy) ms = num;
      else md = num;
    }
  }
  const both = ms >= 0 && md >= 0;
  t.ms = both ? ms : -1;
  t.md = both ? md : -1;
  return i + 2; // past `}\n`
}

function parseSlow(b: Buffer, s: number, e: number, t: ScannedTrade): boolean {
  const line = b.toString('utf8', s, e > s && b[e - 1] === 0x0d ? e - 1 : e);
  const r = parseRecordLine(line);
  if (r === null) return false;
  t.time = hmsToSeconds(r.chetime);
  t.price = Number(r.price);
  t.qty = Number(r.cvolume);
  t.side = r.cgubun === '+' ? 1 : -1;
  t.venue = r.exchname ?? '';
  const both = r.mschecnt !== undefined && r.mdchecnt !== undefined;
  t.ms = both ? Number(r.mschecnt) : -1;
  t.md = both ? Number(r.mdchecnt) : -1;
  return true;
}

/**
 * Visits the valid lines of chunks of one file pushed in order. Only `\n`-terminated lines count; a
 * line begun in one chunk is finished with the next.
 */
class LineScanner {
  readonly t: ScannedTrade = { seq: 0, time: 0, price: 0, qty: 0, side: 1, venue: '', ms: -1, md: -1 };
  /** End of the last complete line, in file bytes (the offset to continue from). */
  done = 0;
  /** Bytes of a line begun in an earlier chunk. */
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly visit: (t: Readonly<ScannedTrade>) => void) {}

  /** `b`: the file's bytes from offset `start`, following the previous chunk. */
  push(b: Buffer, start: number): void {
    const n = b.length;
    const t = this.t;
    let s = 0;
    if (this.carry.length > 0) {
      const nl = b.indexOf(NL, 0);
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, b]);
        return;
      }
      const whole = Buffer.concat([this.carry, b.subarray(0, nl)]);
      this.slow(whole, 0, whole.length);
      s = nl + 1;
      this.done = start + s;
    }
    // Offsets in a latin1 string are byte offsets, so the bytes and the text index alike.
    const text = b.toString('latin1');
    while (s < n) {
      KNOWN_RUN.lastIndex = s;
      if (KNOWN_RUN.test(text)) {
        const runEnd = KNOWN_RUN.lastIndex;
        while (s < runEnd) {
          s = parseKnown(b, s, t);
          t.seq++;
          this.visit(t);
        }
      } else {
        const nl = b.indexOf(NL, s);
        if (nl === -1) break;
        this.slow(b, s, nl);
        s = nl + 1;
      }
      this.done = start + s;
    }
    this.carry = Buffer.from(b.subarray(s));
  }

  result(): ScanResult {
    return { trades: this.t.seq, bytes: this.done };
  }

  private slow(b: Buffer, s: number, e: number): void {
    if (parseSlow(b, s, e, this.t)) {
      this.t.seq++;
      this.visit(this.t);
    }
  }
}

/**
 * Visits every valid trade line of a day file in order, up to `upToBytes` (null: the whole file).
 * `visit` receives one reused object: copy what it keeps. A missing file has no trades.
 * Two buffers of `chunkBytes` alternate so the next chunk is read while this one is parsed.
 */
export async function scanDayFile(
  path: string,
  upToBytes: number | null,
  visit: (t: Readonly<ScannedTrade>) => void,
  chunkBytes = CHUNK,
): Promise<ScanResult> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { trades: 0, bytes: 0 };
    throw e;
  }
  const scanner = new LineScanner(visit);
  let next: Promise<{ bytesRead: number }> | null = null;
  try {
    const size = (await fh.stat()).size;
    const limit = upToBytes === null ? size : Math.min(size, upToBytes);
    const chunk = Math.min(chunkBytes, Math.max(limit, 1));
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
      scanner.push(bufs[k & 1].subarray(0, n), start);
    }
    return scanner.result();
  } finally {
    // A visitor that threw leaves a read in flight: let it end before the file is closed.
    await next?.catch(() => {});
    await fh.close();
  }
}

/** scanDayFile's count on an open file descriptor, read synchronously up to `limit` bytes (start-up, repair). */
export function scanDayFileSync(fd: number, limit: number, chunkBytes = LEAN_CHUNK): ScanResult {
  const scanner = new LineScanner(() => {});
  const buf = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(limit, 1)));
  for (let pos = 0; pos < limit; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, limit - pos), pos);
    if (n === 0) break;
    scanner.push(buf.subarray(0, n), pos);
    pos += n;
  }
  return scanner.result();
}
