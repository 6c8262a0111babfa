// The one place a data file name is built or read: both parts are validated first, so no request
// parameter or feed value can ever point the store outside its directory, and only real day files
// (never a lock, a torn tail copied aside or a stray file) count as recorded days.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isValidYmd } from '../shared/kst.ts';
import { isValidCode } from '../shared/trade.ts';
import { ifExistsAsync } from './missing.ts';

/** `dir/raw_data_{code}_{YYYYMMDD}.txt`; throws on an invalid code or date. */
export function dayFilePath(dir: string, code: string, date: string): string {
  return path.join(dir, `${baseName(code, date)}.txt`);
}

/** `dir/raw_data_{code}_{YYYYMMDD}.gaps.txt`, the day's detected gaps (never a recorded day itself). */
export function gapFilePath(dir: string, code: string, date: string): string {
  return path.join(dir, `${baseName(code, date)}.gaps.txt`);
}

/** `dir/raw_data_{code}_{YYYYMMDD}.quarantine.txt`, received trades kept out of the day file (store/quarantine-file.ts). */
export function quarantineFilePath(dir: string, code: string, date: string): string {
  return path.join(dir, `${baseName(code, date)}.quarantine.txt`);
}

/** `dir/raw_data_{code}_{YYYYMMDD}.fill.txt`, rows fetched for the day and not yet merged (docs/backfill.md). */
export function fillFilePath(dir: string, code: string, date: string): string {
  return path.join(dir, `${baseName(code, date)}.fill.txt`);
}

/** `dir/raw_data_{code}_{YYYYMMDD}.epoch.txt`: how many times fills replaced the day file (docs/backfill.md). */
export function epochFilePath(dir: string, code: string, date: string): string {
  return path.join(dir, `${baseName(code, date)}.epoch.txt`);
}

function baseName(code: string, date: string): string {
  if (!isValidCode(code)) throw new Error(`invalid stock code ${JSON.stringify(code)}`);
  if (!isValidYmd(date)) throw new Error(`invalid date ${JSON.stringify(date)} (YYYYMMDD expected)`);
  return `raw_data_${code}_${date}`;
}

const DAY_FILE_NAME = /^raw_data_([0-9A-Z]{6})_(\d{8})\.txt$/;

/** Code and date of a day file's name; null for any other name. */
export function parseDayFileName(name: string): { code: string; date: string } | null {
  const m = DAY_FILE_NAME.exec(name);
  return m && isValidCode(m[1]!) && isValidYmd(m[2]!) ? { code: m[1]!, date: m[2]! } : null;
}

/** Dates of `code`'s day files among the file names of a store folder, newest first. */
export function recordedDates(names: readonly string[], code: string): string[] {
  const dates = names.flatMap((n) => {
    const f = parseDayFileName(n);
    return f?.code === code ? [f.date] : [];
  });
  return dates.sort().reverse();
}

export interface RecordedDay {
  date: string;
  bytes: number;
}

/** The recorded days of a code in a store folder, newest first; none when the folder does not exist. */
export async function listRecordedDays(dir: string, code: string): Promise<RecordedDay[]> {
  const entries = (await ifExistsAsync(() => fs.readdir(dir, { withFileTypes: true }))) ?? [];
  const dates = recordedDates(entries.filter((e) => e.isFile()).map((e) => e.name), code);
  // A file removed between the listing and now is no longer a recorded day.
  const days = await Promise.all(dates.map((date) => ifExistsAsync(async () => ({ date, bytes: (await fs.stat(dayFilePath(dir, code, date))).size }))));
  return days.filter((d): d is RecordedDay => d !== null);
}
