// The aggressor side of fetched prints, recovered from consecutive rows' cumulative values (the rule
// and its edge cases are in docs/backfill.md): the row after `prev` is a buy when only the buy-aggressor
// cumulative moved, by exactly its size and one print; a sell symmetrically; an auction fill when
// neither moved (stored like a live auction print: its counts equal the previous print's, which is what
// shared/footprint/auction.ts reads); anything else is kept, marked `side: "unknown"`, and counted.
import type { TradeRecord } from '../trade.ts';
import { DAY_START, type FillRow } from './row.ts';

export type RecoveredSide = 'buy' | 'sell' | 'auction' | 'unknown';

/** The print before a row: a fetched row, or a day-file line (which has counts but no ms/md volumes). */
export type Cumulative = Pick<FillRow, 'volume' | 'mschecnt' | 'mdchecnt'> & Partial<Pick<FillRow, 'msvolume' | 'mdvolume'>>;

/** What a row's cumulative values say about its print, given the print before it (`null`: not known). */
export function sideOf(prev: Cumulative | null, row: FillRow): RecoveredSide {
  // The day's first print has the day's start before it.
  const p = prev ?? (row.volume === row.cvolume ? DAY_START : null);
  if (p === null || row.volume - p.volume !== row.cvolume) return 'unknown';
  const dmsc = row.mschecnt - p.mschecnt;
  const dmdc = row.mdchecnt - p.mdchecnt;
  // Without the previous print's ms/md volumes (a day-file line) the counts alone decide.
  const volumes = p.msvolume !== undefined && p.mdvolume !== undefined;
  const dms = volumes ? row.msvolume - (p.msvolume as number) : null;
  const dmd = volumes ? row.mdvolume - (p.mdvolume as number) : null;
  const moved = (d: number | null, by: number): boolean => d === null || d === by;
  if (dmsc === 1 && dmdc === 0 && moved(dms, row.cvolume) && moved(dmd, 0)) return 'buy';
  if (dmdc === 1 && dmsc === 0 && moved(dmd, row.cvolume) && moved(dms, 0)) return 'sell';
  if (dmsc === 0 && dmdc === 0 && moved(dms, 0) && moved(dmd, 0)) return 'auction';
  return 'unknown';
}

/**
 * The day-file record of a fetched print. `cgubun` is required by the line format: an auction fill
 * (which has no aggressor, and is recognised by its unchanged counts) is written `+`; an unknown side
 * takes the side whose cumulative moved more, and is marked.
 */
export function fillRecord(row: FillRow, side: RecoveredSide, prev: Cumulative | null): TradeRecord {
  let cgubun: '+' | '-' = side === 'sell' ? '-' : '+';
  if (side === 'unknown' && prev !== null && row.mdchecnt - prev.mdchecnt > row.mschecnt - prev.mschecnt) cgubun = '-';
  const r: TradeRecord = { chetime: row.chetime, price: row.price, cvolume: String(row.cvolume), cgubun };
  if (row.exchname) r.exchname = row.exchname;
  r.volume = String(row.volume);
  r.mschecnt = String(row.mschecnt);
  r.mdchecnt = String(row.mdchecnt);
  r.src = 'fill';
  if (side === 'unknown') r.side = 'unknown';
  return r;
}

export interface SideCounts {
  buy: number;
  sell: number;
  auction: number;
  unknown: number;
}

/** Records for `rows` (oldest first, each following the one before; `prev` before the first). */
export function recoverSides(prev: Cumulative | null, rows: readonly FillRow[]): { records: TradeRecord[]; counts: SideCounts } {
  const counts: SideCounts = { buy: 0, sell: 0, auction: 0, unknown: 0 };
  const records: TradeRecord[] = [];
  let p = prev;
  for (const row of rows) {
    const side = sideOf(p, row);
    counts[side]++;
    records.push(fillRecord(row, side, p));
    p = row;
  }
  return { records, counts };
}
