// The fill's crash-safe side file (docs/backfill.md): fetched rows land here, synced, before they are
// merged into the day file, so a crash mid-fill never fetches again what was already fetched.
import fs from 'node:fs/promises';
import { formatFillRowLine, parseFillRowLine, type FillRow } from '../shared/fill/row.ts';
import { fillFilePath } from './day-file.ts';
import { forEachLine, writeLinesSynced } from './slices.ts';

/** Appends rows and syncs them to disk before resolving. */
export async function appendFillRows(dir: string, code: string, date: string, rows: readonly FillRow[]): Promise<void> {
  if (rows.length === 0) return;
  await writeLinesSynced(fillFilePath(dir, code, date), rows, formatFillRowLine, 'a');
}

/** The side file's rows (a torn or foreign line is skipped); [] when there is none. */
export async function readFillRows(dir: string, code: string, date: string): Promise<FillRow[]> {
  const rows: FillRow[] = [];
  const keep = (line: string): boolean => {
    const r = parseFillRowLine(line);
    if (r !== null) rows.push(r);
    return true;
  };
  const read = await forEachLine(fillFilePath(dir, code, date), keep);
  if (read !== null && read.rest !== '') keep(read.rest);
  return rows;
}

/** Keeps only `rows` in the side file (atomically), or removes it when none are left. */
export async function keepFillRows(dir: string, code: string, date: string, rows: readonly FillRow[]): Promise<void> {
  const path = fillFilePath(dir, code, date);
  if (rows.length === 0) {
    await fs.rm(path, { force: true });
    return;
  }
  const tmp = `${path}.tmp`;
  await writeLinesSynced(tmp, rows, formatFillRowLine);
  await fs.rename(tmp, path);
}
