// The trade record: one line of raw_data_{code}_{YYYYMMDD}.txt and, with `code`, `date` and `seq`,
// one message on WS /ws. Values stay strings exactly as LS sends them (docs/ls-api.md#trade-fields).
//
// Legacy lines. The Python collector this app replaced wrote the same files with exactly four string
// fields, `{"chetime": "092619", "price": "99300", "cvolume": "100", "cgubun": "-"}` (json.dumps
// spacing: a space after every `:` and `,`), taken from US3 bodies with KRX and NXT prints mixed.
// Those files are still read and appended to, so:
// - our lines start with the same four fields, byte for byte, and only append `exchname`, `volume`,
//   `mschecnt`, `mdchecnt` (formatRecordLine), so scripts written for the old files keep working;
// - every reader accepts a line without the four extra fields: such a print has no venue (it counts
//   only in the all-venue footprint), no cumulative volume (continuity cannot vouch for it) and no
//   aggressor counts (it is never taken for an auction fill);
// - identical legacy lines are separate prints (the feed has no trade id), never duplicates.
// Other modules name these "legacy lines" and point here.

export type Side = '+' | '-';
export type Venue = 'KRX' | 'NXT';

export interface TradeRecord {
  /** HHMMSS, KST. */
  chetime: string;
  /** Trade price in won (may be a half-tick mid-point print). */
  price: string;
  /** Quantity of this print. */
  cvolume: string;
  /** '+' buy-aggressor, '-' sell-aggressor. */
  cgubun: Side;
  /** Venue of the print (US3 carries both); absent on legacy lines (see the top of this file). */
  exchname?: Venue;
  /** Cumulative day volume after this print (a gap/duplicate detector; never a trade size). */
  volume?: string;
  /** Cumulative buy-aggressor and sell-aggressor print counts; both unchanged means an auction fill. */
  mschecnt?: string;
  mdchecnt?: string;
  /** `fill`: the line was fetched from LS time-and-sales after the fact, not received live (docs/backfill.md). */
  src?: 'fill';
  /** `unknown`: a fetched print whose aggressor the cumulative fields could not tell; `cgubun` is then a stand-in. */
  side?: 'unknown';
}

/** A trade as broadcast on /ws: the stored record plus where it belongs. */
export interface LiveTrade extends TradeRecord {
  code: string;
  /** KST trading date, YYYYMMDD. */
  date: string;
  /** 1-based position of this trade among the valid lines of its day file. */
  seq: number;
  /**
   * The day file's epoch when the line was written (TradeStore.epoch, docs/backfill.md): `seq` counts
   * lines of that epoch's file, so a page loaded at another epoch must not splice it.
   */
  epoch: number;
}

const CODE_RE = /^[0-9A-Z]{6}$/;

/** A stock code as LS writes it: six digits or capital letters (e.g. 005930, 0088K0). */
export function isValidCode(code: string): boolean {
  return CODE_RE.test(code);
}

/** The fields a feed's trade carries into a record (the fill markers are ours, never a feed's). */
export const RECORD_FIELDS = ['chetime', 'price', 'cvolume', 'cgubun', 'exchname', 'volume', 'mschecnt', 'mdchecnt'] as const;

const OPTIONAL_FIELDS = ['exchname', 'volume', 'mschecnt', 'mdchecnt', 'src', 'side'] as const;

/** The stored line, newline included: a legacy line's four fields first, then the optional ones. */
export function formatRecordLine(r: TradeRecord): string {
  let line = `{"chetime": ${JSON.stringify(r.chetime)}, "price": ${JSON.stringify(r.price)}, "cvolume": ${JSON.stringify(r.cvolume)}, "cgubun": "${r.cgubun}"`;
  for (const key of OPTIONAL_FIELDS) {
    const v = r[key];
    if (v !== undefined) line += `, "${key}": ${JSON.stringify(v)}`;
  }
  return `${line}}\n`;
}

const INTEGER = '\\d{1,15}';
const POSITIVE = '[1-9]\\d{0,14}';
/** Fields the fast layout covers; lines with the fill markers take the parseRecordLine path. */
const LAYOUT_FIELDS = ['exchname', 'volume', 'mschecnt', 'mdchecnt'] as const;
const OPTIONAL_VALUES: Record<(typeof LAYOUT_FIELDS)[number], string> = {
  exchname: '(?:KRX|NXT)',
  volume: INTEGER,
  mschecnt: INTEGER,
  mdchecnt: INTEGER,
};

/**
 * Regular-expression source of one line (without its newline) exactly as formatRecordLine writes it
 * (legacy lines included), with plain integers of at most 15 digits (exact as numbers) and a positive
 * price and size. Every line it matches is one parseRecordLine accepts, with the same values, so
 * readers may take it without JSON.parse; any other line must still go through parseRecordLine.
 * store/day-reader.ts and store/day-scan.ts read lines and values at offsets fixed by these literals.
 */
export const RECORD_LINE_LAYOUT = `\\{"chetime": "\\d{6}", "price": "${POSITIVE}", "cvolume": "${POSITIVE}", "cgubun": "[+-]"${LAYOUT_FIELDS.map(
  (key) => `(?:, "${key}": "${OPTIONAL_VALUES[key]}")?`,
).join('')}\\}`;

function isDigits(v: unknown): v is string {
  return typeof v === 'string' && /^\d+(\.\d+)?$/.test(v);
}

/**
 * Validates a parsed object as a trade record; returns null when a required field is missing or malformed.
 * Only the known fields are kept, so a record never carries unexpected data into files or the wire.
 */
export function toTradeRecord(o: unknown): TradeRecord | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = o as Record<string, unknown>;
  if (typeof v.chetime !== 'string' || !/^\d{6}$/.test(v.chetime)) return null;
  if (!isDigits(v.price) || Number(v.price) <= 0) return null;
  if (typeof v.cvolume !== 'string' || !/^\d+$/.test(v.cvolume) || Number(v.cvolume) <= 0) return null;
  if (v.cgubun !== '+' && v.cgubun !== '-') return null;
  const r: TradeRecord = { chetime: v.chetime, price: v.price, cvolume: v.cvolume, cgubun: v.cgubun };
  if (v.exchname === 'KRX' || v.exchname === 'NXT') r.exchname = v.exchname;
  if (isDigits(v.volume)) r.volume = v.volume;
  if (isDigits(v.mschecnt)) r.mschecnt = v.mschecnt;
  if (isDigits(v.mdchecnt)) r.mdchecnt = v.mdchecnt;
  if (v.src === 'fill') r.src = 'fill';
  if (v.side === 'unknown') r.side = 'unknown';
  return r;
}

/** Parses one stored line (without its newline); null for a torn or foreign line. */
export function parseRecordLine(line: string): TradeRecord | null {
  if (line.length < 2 || line.charCodeAt(0) !== 0x7b) return null;
  try {
    return toTradeRecord(JSON.parse(line));
  } catch {
    return null;
  }
}
