// The query of GET /api/footprint, validated into typed settings (FootprintParamError → HTTP 400).
import { isValidYmd } from '../shared/kst.ts';
import { isValidCode } from '../shared/trade.ts';
import {
  FootprintParamError,
  parseBarSpec,
  parseRowTicks,
  parseVenue,
  type BarSpec,
  type RowTicks,
  type VenueFilter,
} from '../shared/footprint/spec.ts';

export interface FootprintQuery {
  code: string;
  date: string;
  bar: BarSpec;
  rowTicks: RowTicks;
  venue: VenueFilter;
}

/** One string parameter; undefined when absent. Repeated or structured values are refused. */
function single(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new FootprintParamError(`${name} must be given once, as a plain value`);
  return v;
}

function quoted(s: string): string {
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
}

export function parseFootprintQuery(q: Record<string, unknown>, today: string): FootprintQuery {
  const code = single(q, 'code');
  if (code === undefined || code === '') throw new FootprintParamError('code is required (six digits or capital letters, e.g. 005930)');
  if (!isValidCode(code)) throw new FootprintParamError(`invalid code ${quoted(code)} (six digits or capital letters, e.g. 005930)`);
  const date = single(q, 'date') ?? today;
  if (!isValidYmd(date)) throw new FootprintParamError(`invalid date ${quoted(date)} (a real date as YYYYMMDD)`);
  return {
    code,
    date,
    bar: parseBarSpec(single(q, 'bar') ?? 'time:60'),
    rowTicks: parseRowTicks(single(q, 'row') ?? '1'),
    venue: parseVenue(single(q, 'venue') ?? 'all'),
  };
}
