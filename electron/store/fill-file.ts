// The fill's crash-safe side file (docs/backfill.md): fetched rows land here, synced, before they are
// merged into the day file, so a crash mid-fill never fetches again what was already fetched.
import fs from 'node:fs/promises';
import { formatFillRowLine, parseFillRowLine, type FillRow } from '../shared/fill/row.ts';
import { fillFilePath } from './day-file.ts';
import { ifExistsAsync } from './missing.ts';

/** Appends rows and syncs them to disk before resolving. */
export async function appendFillRows(dir: string, code: string, date: string, rows: readonly FillRow[]): Promise<void> {
  if (rows.length === 0) return;
  const fh = await fs.open(fillFilePath(dir, code, date), 'a');
  try {
    await fh.write(rows.map(formatFillRowLine).join(''));
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

/** The side file's rows (a torn or foreign line is skipped); [] when there is none. */
export async function readFillRows(dir: string, code: string, date: string): Promise<FillRow[]> {
  const text = await ifExistsAsync(() => fs.readFile(fillFilePath(dir, code, date), 'utf8'));
  if (text === null) return [];
  return text.split('\n').flatMap((l) => parseFillRowLine(l) ?? []);
}

/** Keeps only `rows` in the side file (atomically), or removes it when none are left. */
export async function keepFillRows(dir: string, code: string, date: string, rows: readonly FillRow[]): Promise<void> {
  const path = fillFilePath(dir, code, date);
  if (rows.length === 0) {
    await fs.rm(path, { force: true });
    return;
  }
  const tmp = `${path}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.write(rows.map(formatFillRowLine).join(''));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, path);
}
