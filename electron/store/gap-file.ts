// The day's detected gaps beside its day file: raw_data_{code}_{YYYYMMDD}.gaps.txt, one JSON line
// per gap, so past days show them too. Appends are asynchronous (a slow disk never holds up the
// trades' synchronous writes) and run one after another per file, so lines keep their order.
// A line torn by a crash is moved aside before the first append, as tail-repair.ts does for day files,
// so it cannot swallow the next gap.
import fs from 'node:fs/promises';
import { foldGapLines, formatGapLine, type Gap, type GapOutcome } from '../shared/gap.ts';
import { gapFilePath } from './day-file.ts';

const queues = new Map<string, Promise<void>>();
/** Files whose tail this process has checked: after that, only its own whole lines are appended. */
const repaired = new Set<string>();

/** Copies whatever follows the last `\n` to `<file>.torn-<ms>` and cuts it off; nothing when the file is whole or absent. */
export async function repairGapTail(path: string): Promise<void> {
  let text: Buffer;
  try {
    text = await fs.readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (text.length === 0 || text[text.length - 1] === 0x0a) return;
  const keep = text.lastIndexOf(0x0a) + 1;
  await fs.writeFile(`${path}.torn-${Date.now()}`, text.subarray(keep));
  await fs.truncate(path, keep);
}

/** Appends one gap, or a state line for one; resolves once it is written (rejects when it could not be). */
export function appendGap(dir: string, code: string, date: string, gap: Gap | GapOutcome): Promise<void> {
  const path = gapFilePath(dir, code, date);
  const write = (queues.get(path) ?? Promise.resolve()).then(async () => {
    if (!repaired.has(path)) {
      await repairGapTail(path);
      repaired.add(path);
    }
    await fs.appendFile(path, formatGapLine(gap));
  });
  const settled = write.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return write;
}

/**
 * The recorded gaps of a code and day, oldest first, each with its latest state folded in; [] when there
 * are none. A torn or foreign line is skipped.
 */
export async function readGaps(dir: string, code: string, date: string): Promise<Gap[]> {
  let text: string;
  try {
    text = await fs.readFile(gapFilePath(dir, code, date), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return foldGapLines(
    text.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return [];
      }
    }),
  );
}
