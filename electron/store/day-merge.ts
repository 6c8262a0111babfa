// Merging fetched rows into a day file (docs/backfill.md): the merged prefix is built and written to a
// temporary file while live appends go on, then, inside the store's writer with no append in between,
// the lines appended meanwhile are copied after it, the file is synced and renamed over the day file.
// A crash leaves either the old day file or the new one, never a mixture; the side file keeps the rows.
// After the close the rows past the file's end are appended too (the day's tail, shared/fill/close.ts).
import fs from 'node:fs';
import path from 'node:path';
import { mergeDaySteps } from '../shared/fill/merge.ts';
import type { FillRow } from '../shared/fill/row.ts';
import { unfillableReason } from '../shared/fill/seam.ts';
import type { SideCounts } from '../shared/fill/sides.ts';
import { formatRecordLine, type TradeRecord } from '../shared/trade.ts';
import { dayFilePath } from './day-file.ts';
import { knownLineEnd, readLines, recordOf } from './day-reader.ts';
import { nextTurn, runSliced, Slicer } from '../turns.ts';
import { writeLinesSynced } from './slices.ts';
import type { SwapResult, TradeStore } from './trade-store.ts';

/** The day files' single writer, which runs a replacement with no append in between (TradeStore.replaceDay). */
export type DayReplacer = Pick<TradeStore, 'replaceDay'>;

/** `held`: rows not placed yet because the print before them is not there (mergeDaySteps' holdOrphans). */
export type MergeOutcome =
  | { kind: 'merged'; inserted: number; counts: SideCounts; epoch: number; lines: TradeRecord[]; held: FillRow[] }
  | { kind: 'nothing'; lines: TradeRecord[]; held: FillRow[] }
  | { kind: 'unfillable'; reason: string };

/** A line of a day file's chunk: its bytes b[start, end) to parse once the reader hands the chunk over, or already parsed. */
type PendingLine = { kind: 'bytes'; b: Buffer; start: number; end: number } | { kind: 'parsed'; record: TradeRecord };

/**
 * The day file's counted lines as records, read through day-reader.ts; a reason instead when a complete
 * line is not a trade (a merge must not drop or misplace it). A chunk's lines are parsed after the
 * reader hands it over, in slices (its buffer stays untouched until then), so a day of 100,000 lines
 * never stalls live trades (docs/backfill.md, "Live latency during a fill").
 */
export async function readDayRecords(file: string): Promise<{ records: TradeRecord[]; bytes: number } | { reason: string }> {
  const records: TradeRecord[] = [];
  /** The chunk's lines in order: bytes still to parse, or a record the reader parsed itself. */
  const pending: PendingLine[] = [];
  let foreign = false;
  const { bytes } = await readLines(
    file,
    null,
    {
      known(b, start, end) {
        let n = 0;
        for (let s = start; s < end; n++) {
          const e = knownLineEnd(b, s);
          pending.push({ kind: 'bytes', b, start: s, end: e - 1 });
          s = e;
        }
        return n;
      },
      other(_b, _s, _e, record) {
        pending.push({ kind: 'parsed', record });
      },
      skipped() {
        foreign = true;
      },
    },
    async () => {
      const slice = new Slicer();
      for (const p of pending) {
        const record = p.kind === 'parsed' ? p.record : recordOf(p.b, p.start, p.end);
        if (record === null) foreign = true;
        else records.push(record);
        if (slice.due()) await slice.pause();
      }
      pending.length = 0;
      await nextTurn();
    },
  );
  return foreign ? { reason: 'the day file has a line that is not a trade' } : { records, bytes };
}

const WAIT_BUSY_MS = 20;

/**
 * Merges the rows that fall inside the day (below its last line's volume) into the day file; with
 * `holdOrphans` (the fetch stopped mid-hole) a row whose predecessor is not fetched yet is held back.
 * With `tail` (the day is over) the rows past the last line are appended as well, unless a live line
 * was appended meanwhile: that line bounds them, so the merge is done again without them.
 */
export async function mergeIntoDayFile(store: DayReplacer, dir: string, code: string, date: string, rows: readonly FillRow[], holdOrphans: boolean, tail = false): Promise<MergeOutcome> {
  const file = dayFilePath(dir, code, date);
  const read = await readDayRecords(file);
  if ('reason' in read) return { kind: 'unfillable', reason: read.reason };
  const reason = unfillableReason(read.records);
  if (reason !== null) return { kind: 'unfillable', reason };
  const last = read.records.at(-1);
  const upTo = tail ? Infinity : last === undefined ? 0 : Number(last.volume);
  const merged = await runSliced(mergeDaySteps(read.records, rows, holdOrphans, upTo));
  const inserted = merged.records.length - read.records.length;
  if (inserted === 0) return { kind: 'nothing', lines: read.records, held: merged.held };
  const tmp = `${file}.merge`;
  // Written and synced ahead of the swap, so the swap's own sync covers only the lines appended since.
  await writeLinesSynced(tmp, merged.records, formatRecordLine);
  for (;;) {
    const epoch = store.replaceDay(code, date, () => swapIn(file, tmp, read.bytes, inserted, tail));
    if (epoch === 'declined') return mergeIntoDayFile(store, dir, code, date, rows, holdOrphans, false);
    if (epoch !== null) return { kind: 'merged', inserted, counts: merged.counts, epoch, lines: merged.records, held: merged.held };
    await new Promise((r) => setTimeout(r, WAIT_BUSY_MS));
  }
}

/**
 * Synchronous: copies what was appended after `from` onto the merged file, syncs it and renames it into
 * place. A merged file ending in appended tail rows takes no line after them: declined.
 */
function swapIn(file: string, tmp: string, from: number, inserted: number, tail: boolean): SwapResult {
  // No day file yet: a day that is over, filled from LS alone.
  const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
  if (tail && size > from) return 'declined';
  const fd = fs.openSync(tmp, 'a');
  let bytes: number;
  try {
    if (size > from) {
      const appended = Buffer.alloc(size - from);
      const src = fs.openSync(file, 'r');
      try {
        fs.readSync(src, appended, 0, appended.length, from);
      } finally {
        fs.closeSync(src);
      }
      fs.writeSync(fd, appended);
    }
    fs.fsyncSync(fd);
    bytes = fs.fstatSync(fd).size;
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
  return { inserted, bytes };
}
