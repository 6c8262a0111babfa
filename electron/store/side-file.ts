// Appending JSON lines to the files beside a day file (its `.gaps.txt`, its `.quarantine.txt`).
// Appends are asynchronous (a slow disk never holds up the trades' synchronous writes) and run one
// after another per file, so lines keep their order. A line torn by a crash is moved aside before the
// first append, as tail-repair.ts does for day files, so it cannot swallow the next line.
import fs from 'node:fs/promises';
import { ifExistsAsync } from './missing.ts';

const queues = new Map<string, Promise<void>>();
/** Files whose tail this process has checked: after that, only its own whole lines are appended. */
const repaired = new Set<string>();

/** Copies whatever follows the last `\n` to `<file>.torn-<ms>` and cuts it off; nothing when the file is whole or absent. */
export async function repairSideTail(path: string): Promise<void> {
  const text = await ifExistsAsync(() => fs.readFile(path));
  if (text === null || text.length === 0 || text[text.length - 1] === 0x0a) return;
  const keep = text.lastIndexOf(0x0a) + 1;
  await fs.writeFile(`${path}.torn-${Date.now()}`, text.subarray(keep));
  await fs.truncate(path, keep);
}

/** Appends one line (newline included); resolves once it is written (rejects when it could not be). */
export function appendSideLine(path: string, line: string): Promise<void> {
  const write = (queues.get(path) ?? Promise.resolve()).then(async () => {
    if (!repaired.has(path)) {
      await repairSideTail(path);
      repaired.add(path);
    }
    await fs.appendFile(path, line);
  });
  const settled = write.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return write;
}

/** The file's complete lines, each parsed by `parse` (null skips a torn or foreign line); [] when there is no file. */
export async function readSideLines<T>(path: string, parse: (o: unknown) => T | null): Promise<T[]> {
  const text = await ifExistsAsync(() => fs.readFile(path, 'utf8'));
  if (text === null) return [];
  return text.split('\n').flatMap((line) => {
    try {
      const v = parse(JSON.parse(line));
      return v === null ? [] : [v];
    } catch {
      return [];
    }
  });
}
