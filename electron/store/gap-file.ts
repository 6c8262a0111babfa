// The day's detected gaps beside its day file: raw_data_{code}_{YYYYMMDD}.gaps.txt, one JSON line
// per gap or gap state, so past days show them too; appended in order and repaired after a crash by side-file.ts.
import { foldGapLines, formatGapLine, type Gap, type GapOutcome } from '../shared/gap.ts';
import { gapFilePath } from './day-file.ts';
import { appendSideLine, readSideLines } from './side-file.ts';

/** Appends one gap, or a state line for one; resolves once it is written (rejects when it could not be). */
export function appendGap(dir: string, code: string, date: string, gap: Gap | GapOutcome): Promise<void> {
  return appendSideLine(gapFilePath(dir, code, date), formatGapLine(gap));
}

/**
 * The recorded gaps of a code and day, oldest first, each with its latest state folded in; [] when there
 * are none. A torn or foreign line is skipped.
 */
export async function readGaps(dir: string, code: string, date: string): Promise<Gap[]> {
  return foldGapLines(await readSideLines(gapFilePath(dir, code, date), (o) => o));
}
