// The query of GET /api/footprint, validated into typed settings (ParamError → HTTP 400).
// Code and date are checked by the same validators as every other route (params.ts).
import {
  parseBarSpec,
  parseRowTicks,
  parseVenue,
  type BarSpec,
  type RowTicks,
  type VenueFilter,
} from '../shared/footprint/spec.ts';
import { codeParam, dateParam, single } from './params.ts';

/** The parsed form of the wire's FootprintQuery. */
export interface FootprintParams {
  code: string;
  date: string;
  bar: BarSpec;
  rowTicks: RowTicks;
  venue: VenueFilter;
}

export function parseFootprintQuery(q: Record<string, unknown>, today: string): FootprintParams {
  return {
    code: codeParam(single(q, 'code')),
    date: dateParam(single(q, 'date'), today),
    bar: parseBarSpec(single(q, 'bar') ?? 'time:60'),
    rowTicks: parseRowTicks(single(q, 'row') ?? '1'),
    venue: parseVenue(single(q, 'venue') ?? 'all'),
  };
}
