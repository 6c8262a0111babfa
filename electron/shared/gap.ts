// A stretch of trades that never reached the day file, estimated from the cumulative fields of the
// trade after it: one line of raw_data_{code}_{YYYYMMDD}.gaps.txt and, with `type: 'gap'`, `code`
// and `date`, one /ws frame. The estimate rests on LS's `volume` being the stream's cumulative day
// volume (KRX+NXT combined on US3), which is inferred (docs/ls-api.md#cumulative).

/**
 * What broke the recording: a new LS connection, a new run of the app, a jump on a live connection,
 * or the store refusing trades it received (its write queue full while the disk could not be written).
 */
export type GapCause = 'reconnect' | 'restart' | 'feed' | 'store';

export interface Gap {
  /** chetime of the last trade received before the gap. */
  after: string;
  /** chetime of the first trade received after it. */
  before: string;
  /** Shares traded in between (exact when the volume semantics hold). */
  missed_volume: number;
  /** Prints in between, from the aggressor counts (at least 1); null when the trades carry no counts. */
  missed_trades: number | null;
  cause: GapCause;
  /** When it was detected (ISO 8601). */
  at: string;
  /** How the fill ended for it (docs/backfill.md, "Gap states"); absent until a fill has. */
  state?: GapState;
  /** Fetched lines now in the day file between `after` and `before`. */
  fetched?: number;
  /** Volume still missing (0 when filled). */
  missing_volume?: number;
  /** Why it is partial or unfillable. */
  reason?: string;
}

/** `filled`: every missed print is in the day file now; `partial`: some LS did not have; `unfillable`: none could be fetched. */
export type GapState = 'filled' | 'partial' | 'unfillable';

/**
 * A state line of `.gaps.txt`: appended after the gap's own line, for the same `after`/`before`, and
 * folded into it by readers (readers that know no states skip it: it is not a valid Gap).
 */
export interface GapOutcome {
  after: string;
  before: string;
  state: GapState;
  fetched: number;
  missing_volume: number;
  reason?: string;
  at: string;
}

const STATES: readonly string[] = ['filled', 'partial', 'unfillable'];
const amount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Validates a parsed object as a state line; null for anything else (a gap line included). */
export function toGapOutcome(o: unknown): GapOutcome | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = o as Record<string, unknown>;
  if (typeof v.after !== 'string' || !HMS.test(v.after) || typeof v.before !== 'string' || !HMS.test(v.before)) return null;
  if (typeof v.state !== 'string' || !STATES.includes(v.state) || 'cause' in v) return null;
  if (!amount(v.fetched) || !amount(v.missing_volume) || typeof v.at !== 'string') return null;
  const out: GapOutcome = { after: v.after, before: v.before, state: v.state as GapState, fetched: v.fetched, missing_volume: v.missing_volume, at: v.at };
  if (typeof v.reason === 'string') out.reason = v.reason;
  return out;
}

/** The gaps of a `.gaps.txt` in order, each with the latest state line for it folded in. */
export function foldGapLines(objects: readonly unknown[]): Gap[] {
  const gaps: Gap[] = [];
  for (const o of objects) {
    const g = toGap(o);
    if (g !== null) {
      gaps.push(g);
      continue;
    }
    const s = toGapOutcome(o);
    if (s === null) continue;
    for (const gap of gaps) {
      if (gap.after !== s.after || gap.before !== s.before) continue;
      gap.state = s.state;
      gap.fetched = s.fetched;
      gap.missing_volume = s.missing_volume;
      if (s.reason === undefined) delete gap.reason;
      else gap.reason = s.reason;
    }
  }
  return gaps;
}

const CAUSES: readonly string[] = ['reconnect', 'restart', 'feed', 'store'];
const HMS = /^\d{6}$/;

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** Validates a parsed object as a gap; only the known fields are kept. */
export function toGap(o: unknown): Gap | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = o as Record<string, unknown>;
  if (typeof v.after !== 'string' || !HMS.test(v.after) || typeof v.before !== 'string' || !HMS.test(v.before)) return null;
  if (!count(v.missed_volume) || !(v.missed_trades === null || count(v.missed_trades))) return null;
  if (typeof v.cause !== 'string' || !CAUSES.includes(v.cause) || typeof v.at !== 'string') return null;
  const g: Gap = { after: v.after, before: v.before, missed_volume: v.missed_volume, missed_trades: v.missed_trades, cause: v.cause as GapCause, at: v.at };
  const s = toGapOutcome({ after: v.after, before: v.before, state: v.state, fetched: v.fetched, missing_volume: v.missing_volume, reason: v.reason, at: v.at });
  if (s !== null) {
    g.state = s.state;
    g.fetched = s.fetched;
    g.missing_volume = s.missing_volume;
    if (s.reason !== undefined) g.reason = s.reason;
  }
  return g;
}

/** The sidecar line, newline included. */
export function formatGapLine(g: Gap | GapOutcome): string {
  return `${JSON.stringify(g)}\n`;
}
