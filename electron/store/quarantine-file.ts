// Trades received but never recorded because no real print carries their values
// (shared/trade-sanity.ts, docs/trade-sanity.md): raw_data_{code}_{YYYYMMDD}.quarantine.txt beside the
// day file, one JSON line each with the raw values and the reason, so nothing received is lost unseen.
import { formatQuarantineLine, toQuarantineEntry, type QuarantineEntry } from '../shared/trade-sanity.ts';
import { quarantineFilePath } from './day-file.ts';
import { appendSideLine, readSideLines } from './side-file.ts';

/** Appends one quarantined trade; resolves once it is written (rejects when it could not be). */
export function appendQuarantine(dir: string, code: string, date: string, entry: QuarantineEntry): Promise<void> {
  return appendSideLine(quarantineFilePath(dir, code, date), formatQuarantineLine(entry));
}

/** The quarantined trades of a code and day, oldest first; [] when there are none. */
export function readQuarantine(dir: string, code: string, date: string): Promise<QuarantineEntry[]> {
  return readSideLines(quarantineFilePath(dir, code, date), toQuarantineEntry);
}
