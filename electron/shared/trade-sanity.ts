// Numeric sanity of a received trade, before it may become a line of a day file: the rule and the
// reasons behind its bounds are in docs/trade-sanity.md. A trade that fails is quarantined by the
// Recorder (counted, kept in a side file with its reason), never recorded. Pure, and separate from
// toTradeRecord (trade.ts), which reads lines already recorded and must keep accepting all of them.
import { RECORD_FIELDS } from './trade.ts';

/** A trade's fields as a feed delivered them, before any check (values may be of any JSON type). */
export type RawTrade = Partial<Record<(typeof RECORD_FIELDS)[number], unknown>>;

/** Whole won, no sign or leading zero, at most 7 digits (below 10,000,000 won); `.5` only as a half won. */
const PRICE = /^[1-9]\d{0,6}(\.5)?$/;
/** A print's size: a positive whole number of shares, at most 10 digits. */
const SIZE = /^[1-9]\d{0,9}$/;
/** A cumulative count or volume: a whole number of at most 15 digits (exact as a JS number). */
const CUMULATIVE = /^(0|[1-9]\d{0,14})$/;
/** HHMMSS on a 24-hour clock. */
const CLOCK = /^([01]\d|2[0-3])[0-5]\d[0-5]\d$/;

/** From this price up, the finest tick of any KRX product is 5 won (below it, 1 won): docs/trade-sanity.md. */
const FIVE_WON_FROM = 2_000;

/**
 * Why a price cannot be a print: null when it is a positive price a trade can print at. A mid-point
 * print may fall on half a tick; a fraction of a won is only ever that half (`.5`), so from 2,000 won,
 * where the finest tick is 5 won, `x.5` must be a multiple of 2.5.
 */
function priceProblem(price: string): string | null {
  if (!PRICE.test(price)) return 'price not a plain positive number of won';
  if (price.endsWith('.5') && Number(price) >= FIVE_WON_FROM && (Number(price) * 2) % 5 !== 0) return 'price off the half-tick grid';
  return null;
}

/** A received value in a reason; anything but a string, number or boolean only by its type (an object may not even convert). */
function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' || typeof v === 'boolean' || v == null ? String(v) : typeof v;
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

/**
 * Why a received trade must not be recorded (one short reason naming the field and its value), or
 * null when it may. Only what a real print can never carry is refused.
 */
export function tradeProblem(raw: RawTrade): string | null {
  const { chetime, price, cvolume, cgubun } = raw;
  if (typeof chetime !== 'string' || !CLOCK.test(chetime)) return `chetime ${show(chetime)} is not a time of day`;
  if (typeof price !== 'string') return `price ${show(price)} is not a number`;
  const p = priceProblem(price);
  if (p !== null) return `${p}: ${show(price)}`;
  if (typeof cvolume !== 'string' || !SIZE.test(cvolume)) return `cvolume ${show(cvolume)} is not a positive size`;
  if (cgubun !== '+' && cgubun !== '-') return `cgubun ${show(cgubun)} is not + or -`;
  for (const key of ['volume', 'mschecnt', 'mdchecnt'] as const) {
    const v = raw[key];
    if (v !== undefined && (typeof v !== 'string' || !CUMULATIVE.test(v))) return `${key} ${show(v)} is not a cumulative count`;
  }
  return null;
}

/** The raw fields kept in the quarantine file: the record's fields only, long strings cut. */
export function quarantineValues(raw: RawTrade): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const key of RECORD_FIELDS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v === 'string') out[key] = v.length > 64 ? `${v.slice(0, 64)}…` : v;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[key] = v;
    else out[key] = `(${Array.isArray(v) ? 'array' : typeof v})`;
  }
  return out;
}

/** One line of raw_data_{code}_{YYYYMMDD}.quarantine.txt: a received trade kept out of the day file. */
export interface QuarantineEntry {
  /** When it arrived (ISO 8601). */
  at: string;
  /** tradeProblem's reason. */
  reason: string;
  /** Its fields as received (quarantineValues). */
  raw: Record<string, string | number | boolean | null>;
}

/** The side-file line, newline included. */
export function formatQuarantineLine(e: QuarantineEntry): string {
  return `${JSON.stringify({ at: e.at, reason: e.reason, raw: e.raw })}\n`;
}

/** Validates a parsed side-file line; null for anything else. */
export function toQuarantineEntry(o: unknown): QuarantineEntry | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = o as Record<string, unknown>;
  if (typeof v.at !== 'string' || typeof v.reason !== 'string' || typeof v.raw !== 'object' || v.raw === null || Array.isArray(v.raw)) return null;
  return { at: v.at, reason: v.reason, raw: quarantineValues(v.raw as RawTrade) };
}
