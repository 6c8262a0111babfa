// A day file's trades as numbers, for aggregation (the footprint service): the counted lines of
// day-reader.ts, those in the store's layout read in place from their bytes (no JSON.parse, no
// per-line strings), any other from its parsed record, so both give the same values.
import { hmsToSeconds } from '../shared/kst.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { TradeVenue } from '../shared/footprint/trade.ts';
import { readLines, type LineVisitor } from './day-reader.ts';

export interface ScannedTrade {
  /** 1-based index among the file's counted lines. */
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

const QUOTE = 0x22;
const ZERO2 = 0x30 * 11;

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
 * Fills `t` from a line in the store's layout at byte `s` (every literal and digit was checked, so
 * values sit at fixed offsets from them) and returns where the next line starts.
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

function fromRecord(r: TradeRecord, t: ScannedTrade): void {
  t.time = hmsToSeconds(r.chetime);
  t.price = Number(r.price);
  t.qty = Number(r.cvolume);
  t.side = r.cgubun === '+' ? 1 : -1;
  t.venue = r.exchname ?? '';
  const both = r.mschecnt !== undefined && r.mdchecnt !== undefined;
  t.ms = both ? Number(r.mschecnt) : -1;
  t.md = both ? Number(r.mdchecnt) : -1;
}

/**
 * Visits every counted trade of a day file in order, up to `upToBytes` (null: the whole file).
 * `visit` receives one reused object: copy what it keeps. A missing file has no trades.
 */
export async function scanDayFile(path: string, upToBytes: number | null, visit: (t: Readonly<ScannedTrade>) => void): Promise<ScanResult> {
  const t: ScannedTrade = { seq: 0, time: 0, price: 0, qty: 0, side: 1, venue: '', ms: -1, md: -1 };
  const visitor: LineVisitor = {
    known(b, start, end) {
      let n = 0;
      for (let s = start; s < end; n++) {
        s = parseKnown(b, s, t);
        t.seq++;
        visit(t);
      }
      return n;
    },
    other(_b, _start, _end, record) {
      fromRecord(record, t);
      t.seq++;
      visit(t);
    },
  };
  const { lines, bytes } = await readLines(path, upToBytes, visitor);
  return { trades: lines, bytes };
}
