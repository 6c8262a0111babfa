// How a fill ended for each recorded gap (docs/backfill.md, "Gap states"), read off the day file after
// the fill: a gap is the stretch of lines from its `after` to its `before` time; it is filled when no
// hole is left in that stretch, partial when one is, unfillable when the fill could not run at all.
import type { Gap, GapOutcome } from '../gap.ts';
import type { TradeRecord } from '../trade.ts';
import { STEP } from './steps.ts';

/**
 * State lines for the gaps whose state changed. `lines`: the day file after the fill, in order, each with
 * `volume`; null when it could not be read. `failure`: why no fill could be done (the day cannot be
 * placed into, LS cannot be reached), or null when it ran; `unfetched`: why holes still left are not
 * filled (LS has no rows for them). Each gap is a walk over the day: it pauses every STEP lines (steps.ts).
 */
export function* gapOutcomeSteps(gaps: readonly Gap[], lines: readonly TradeRecord[] | null, failure: string | null, unfetched: string, at: string): Generator<void, GapOutcome[]> {
  const out: GapOutcome[] = [];
  for (const g of gaps) {
    if (g.state === 'filled') continue;
    if (lines === null) {
      const reason = failure ?? unfetched;
      if (g.state !== 'unfillable' || g.reason !== reason) {
        out.push({ after: g.after, before: g.before, state: 'unfillable', fetched: g.fetched ?? 0, missing_volume: g.missing_volume ?? g.missed_volume, reason, at });
      }
      continue;
    }
    let fetched = 0;
    let missing = 0;
    let prev = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const v = Number(l.volume);
      if (l.chetime >= g.after && l.chetime <= g.before) {
        if (l.src === 'fill') fetched++;
        missing += Math.max(0, v - Number(l.cvolume) - prev);
      }
      prev = v;
      if (i % STEP === STEP - 1) yield;
    }
    const state = missing === 0 ? 'filled' : failure !== null || fetched === 0 ? 'unfillable' : 'partial';
    const reason = state === 'filled' ? undefined : (failure ?? unfetched);
    if (state === g.state && fetched === g.fetched && missing === g.missing_volume && reason === g.reason) continue;
    const o: GapOutcome = { after: g.after, before: g.before, state, fetched, missing_volume: missing, at };
    if (reason !== undefined) o.reason = reason;
    out.push(o);
  }
  return out;
}
