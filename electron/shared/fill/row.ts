// One time-and-sales row as the fill keeps it: a print with the cumulative values after it, in the
// view (KRX, NXT or both) of the stream it fills. A row's `volume` is its identity within that view:
// every print raises it by its own size, so two identical consecutive prints still differ in it
// (docs/backfill.md). Rows are also the lines of the crash-safe side file, one JSON object each.
import type { Venue } from '../trade.ts';

export interface FillRow {
  /** HHMMSS, KST. */
  chetime: string;
  /** Trade price in won, as a plain integer string. */
  price: string;
  cvolume: number;
  /** Cumulative day volume after this print. */
  volume: number;
  /** Cumulative buy-aggressor and sell-aggressor volume and counts after this print. */
  msvolume: number;
  mdvolume: number;
  mschecnt: number;
  mdchecnt: number;
  exchname?: Venue;
}

/** The cumulative values before the first print of a day. */
export const DAY_START: Pick<FillRow, 'volume' | 'msvolume' | 'mdvolume' | 'mschecnt' | 'mdchecnt'> = {
  volume: 0, msvolume: 0, mdvolume: 0, mschecnt: 0, mdchecnt: 0,
};

const COUNT_FIELDS = ['cvolume', 'volume', 'msvolume', 'mdvolume', 'mschecnt', 'mdchecnt'] as const;

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Validates a parsed object as a row (numbers as JSON numbers); only known fields are kept. */
export function toFillRow(o: unknown): FillRow | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = o as Record<string, unknown>;
  if (typeof v.chetime !== 'string' || !/^\d{6}$/.test(v.chetime)) return null;
  if (typeof v.price !== 'string' || !/^[1-9]\d{0,14}$/.test(v.price)) return null;
  for (const k of COUNT_FIELDS) if (!isCount(v[k])) return null;
  if ((v.cvolume as number) <= 0) return null;
  const row: FillRow = {
    chetime: v.chetime, price: v.price, cvolume: v.cvolume as number, volume: v.volume as number,
    msvolume: v.msvolume as number, mdvolume: v.mdvolume as number, mschecnt: v.mschecnt as number, mdchecnt: v.mdchecnt as number,
  };
  if (v.exchname === 'KRX' || v.exchname === 'NXT') row.exchname = v.exchname;
  return row;
}

/** The side-file line, newline included. */
export function formatFillRowLine(r: FillRow): string {
  return `${JSON.stringify(r)}\n`;
}

/** One side-file line (without its newline); null for a torn or foreign line. */
export function parseFillRowLine(line: string): FillRow | null {
  try {
    return toFillRow(JSON.parse(line));
  } catch {
    return null;
  }
}
