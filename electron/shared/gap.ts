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
  return { after: v.after, before: v.before, missed_volume: v.missed_volume, missed_trades: v.missed_trades, cause: v.cause as GapCause, at: v.at };
}

/** The sidecar line, newline included. */
export function formatGapLine(g: Gap): string {
  return `${JSON.stringify(g)}\n`;
}
