// The merged day: the day file's lines with fetched rows put where their cumulative volume says, each
// print once (a row whose volume a line already has is that line's print), in trade order. Pure; the
// store writes the result (docs/backfill.md). The walk pauses every few hundred lines (steps.ts).
import type { TradeRecord } from '../trade.ts';
import type { FillRow } from './row.ts';
import { fillRecord, sideOf, type Cumulative, type SideCounts } from './sides.ts';
import { STEP } from './steps.ts';

export interface MergedDay {
  records: TradeRecord[];
  /** Rows put into the day, by recovered side. */
  counts: SideCounts;
  /** Rows held back (oldest first): the print before each is not there yet (see mergeDaySteps). */
  held: FillRow[];
}

const lineCum = (r: TradeRecord): Cumulative => ({
  volume: Number(r.volume), mschecnt: Number(r.mschecnt ?? NaN), mdchecnt: Number(r.mdchecnt ?? NaN),
});

/**
 * `lines`: the day file in order, every line with `volume`, rising (see seam.ts unfillableReason).
 * `rows`: fetched rows in any order, possibly repeated or overlapping the file; only those below
 * `upTo` (a cumulative volume) are placed.
 * `holdOrphans`: the fetch stopped before its holes were paged to their start, so a row whose print
 * before it is neither a line nor a row (the oldest row fetched so far) gets its predecessor later:
 * it is held back rather than written with a guessed side, and still serves as the predecessor of the
 * row after it.
 * Yields after every STEP records; returns the merged day.
 */
export function* mergeDaySteps(lines: readonly TradeRecord[], rows: readonly FillRow[], holdOrphans = false, upTo = Infinity): Generator<void, MergedDay> {
  // No Map by volume: growing one of 100,000 entries rehashes it in one go, a stall for live trades.
  let sorted: FillRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].volume < upTo) sorted.push(rows[i]);
    if (i % STEP === 0) yield;
  }
  // Rows are fetched newest first, so one reverse usually orders them; anything else is sorted (stable),
  // and of rows repeating a volume the last one given is kept.
  if (sorted.every((r, i) => i === 0 || r.volume < sorted[i - 1].volume)) sorted.reverse();
  else {
    sorted.sort((a, b) => a.volume - b.volume);
    sorted = sorted.filter((r, i) => i === sorted.length - 1 || sorted[i + 1].volume !== r.volume);
  }
  yield;
  const counts: SideCounts = { buy: 0, sell: 0, auction: 0, unknown: 0 };
  const records: TradeRecord[] = [];
  const held: FillRow[] = [];
  let k = 0;
  let prev: Cumulative | null = null;
  const insertBelow = (limit: number, max: number): void => {
    for (let n = 0; n < max && k < sorted.length && sorted[k].volume < limit; k++, n++) {
      const row = sorted[k];
      // Only a print directly before this row says anything about its side.
      const before = prev !== null && prev.volume === row.volume - row.cvolume ? prev : prev === null && row.volume === row.cvolume ? null : undefined;
      prev = row;
      if (before === undefined && holdOrphans) {
        held.push(row);
        continue;
      }
      const side = before === undefined ? 'unknown' : sideOf(before, row);
      counts[side]++;
      records.push(fillRecord(row, side, before ?? null));
    }
  };
  const below = (limit: number): boolean => k < sorted.length && sorted[k].volume < limit;
  let mark = 0;
  for (const line of lines) {
    const v = Number(line.volume);
    while (below(v)) {
      insertBelow(v, STEP);
      yield;
    }
    // A row at a line's own volume is that line: skip it, but keep its ms/md volumes for the next row.
    const same = k < sorted.length && sorted[k].volume === v ? sorted[k++] : null;
    records.push(line);
    prev = same ?? lineCum(line);
    if (records.length - mark >= STEP) {
      mark = records.length;
      yield;
    }
  }
  while (below(Infinity)) {
    insertBelow(Infinity, STEP);
    yield;
  }
  return { records, counts, held };
}
