// Footprint settings as they arrive from a URL or a control, parsed once into typed values.
// Every rejection names the parameter and what is accepted, because scripts call the API too.
import { ParamError } from '../param-error.ts';

export type BarKind = 'time' | 'tick' | 'volume' | 'range';

/** time: seconds per bar; tick: trades per bar; volume: shares per bar; range: price ticks per bar. */
export interface BarSpec {
  kind: BarKind;
  size: number;
}

/** Which prints a footprint counts; legacy lines (shared/trade.ts) carry no venue and count only in `all`. */
export type VenueFilter = 'all' | 'KRX' | 'NXT';

/** Row sizes offered, in multiples of the KRX tick size of the price band. */
export const ROW_TICKS = [1, 2, 5, 10] as const;
export type RowTicks = (typeof ROW_TICKS)[number];


/** An input value quoted for an error message, cut short so a huge parameter is not echoed back. */
function shown(s: string): string {
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
}

const DAY_SECONDS = 86_400;
const MAX_SIZE: Record<BarKind, number> = { time: DAY_SECONDS, tick: 1_000_000, volume: 1_000_000_000, range: 1_000 };

/** `time:60`, `tick:500`, `volume:10000`, `range:10` → BarSpec. */
export function parseBarSpec(s: string): BarSpec {
  const m = /^(time|tick|volume|range):(\d{1,10})$/.exec(s);
  if (!m) {
    throw new ParamError(
      `bar must be time:<seconds>, tick:<trades>, volume:<shares> or range:<ticks>, got ${shown(s)}`,
    );
  }
  const kind = m[1] as BarKind;
  const size = Number(m[2]);
  if (size < 1 || size > MAX_SIZE[kind]) {
    throw new ParamError(`bar ${kind} size must be between 1 and ${MAX_SIZE[kind]}, got ${size}`);
  }
  // Time bars start on KST clock boundaries counted from midnight, which only a divisor of a day keeps.
  if (kind === 'time' && DAY_SECONDS % size !== 0) {
    throw new ParamError(`bar time:${size} must divide a day (e.g. 1, 5, 15, 30, 60, 180, 300, 600, 900, 1800, 3600)`);
  }
  return { kind, size };
}

export function formatBarSpec(spec: BarSpec): string {
  return `${spec.kind}:${spec.size}`;
}

export function parseRowTicks(s: string): RowTicks {
  const n = Number(s);
  const found = ROW_TICKS.find((k) => String(k) === s && k === n);
  if (found === undefined) throw new ParamError(`row must be one of ${ROW_TICKS.join(', ')}, got ${shown(s)}`);
  return found;
}

export function parseVenue(s: string): VenueFilter {
  if (s === 'all' || s === 'KRX' || s === 'NXT') return s;
  throw new ParamError(`venue must be all, KRX or NXT, got ${shown(s)}`);
}
