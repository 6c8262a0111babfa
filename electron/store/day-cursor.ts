// A finished recording read forward one record at a time, for the replay: the one reader's rule and
// chunk size (day-reader.ts), synchronously, so replaying a heavy day holds only a chunk in memory.
import fs from 'node:fs';
import type { TradeRecord } from '../shared/trade.ts';
import { CHUNK, collectLines, knownLineEnd, LineSplitter, NL, recordOf } from './day-reader.ts';
import { ifExists } from './missing.ts';

/**
 * A day file's records one at a time, read synchronously a chunk at a time, so replaying a heavy day
 * holds only a chunk in memory. The file is a finished recording: a last line that lacks only its
 * `\n` is a record (as tail repair would complete it); other lines that do not count are `skipped`.
 */
export class DayCursor {
  /** False when the file does not exist (the cursor is then empty). */
  readonly exists: boolean;
  /** The latest `chetime` among the file's last records (a recording's end); null when none. */
  readonly lastChetime: string | null;
  /** Lines that were not trade records, a torn last line included. */
  skipped = 0;
  private fd: number | null = null;
  private pos = 0;
  private records: TradeRecord[] = [];
  private index = 0;
  private readonly splitter: LineSplitter;

  /** Opens `path`; throws on errors other than a missing file. */
  constructor(path: string) {
    this.fd = ifExists(() => fs.openSync(path, 'r'));
    this.exists = this.fd !== null;
    this.lastChetime = this.fd === null ? null : latestChetime(this.fd);
    this.splitter = new LineSplitter({
      known: (b, start, end) => {
        let n = 0;
        for (let s = start; s < end; n++) {
          const e = knownLineEnd(b, s);
          this.records.push(recordOf(b, s, e - 1) as TradeRecord);
          s = e;
        }
        return n;
      },
      other: (_b, _s, _e, r) => this.records.push(r),
      skipped: () => this.skipped++,
    });
  }

  /** The next record without consuming it; null at the end. */
  peek(): TradeRecord | null {
    while (this.index >= this.records.length) {
      if (!this.fill()) return null;
    }
    return this.records[this.index] as TradeRecord;
  }

  next(): TradeRecord | null {
    const r = this.peek();
    if (r) this.index++;
    return r;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Reads the next chunk into `records`; false at the end of the file. */
  private fill(): boolean {
    if (this.fd === null) return false;
    this.records = [];
    this.index = 0;
    const buf = Buffer.allocUnsafe(CHUNK);
    const n = fs.readSync(this.fd, buf, 0, CHUNK, this.pos);
    if (n > 0) {
      this.splitter.push(buf.subarray(0, n), this.pos);
      this.pos += n;
      return true;
    }
    this.close();
    const rest = this.splitter.rest();
    if (rest.length > 0) {
      const r = recordOf(rest, 0, rest.length);
      if (r) this.records.push(r);
      else this.skipped++;
    }
    return true;
  }
}

/** How far from its end a recording is read for its last time: many lines, whatever their venue order. */
const END_WINDOW = 64 * 1024;

/** The latest `chetime` among the records in the last END_WINDOW bytes of an open file. */
function latestChetime(fd: number): string | null {
  const size = fs.fstatSync(fd).size;
  const lo = Math.max(0, size - END_WINDOW);
  const buf = Buffer.allocUnsafe(size - lo);
  const n = fs.readSync(fd, buf, 0, buf.length, lo);
  const window = buf.subarray(0, n);
  const nl = window.indexOf(NL);
  const from = lo === 0 ? 0 : nl < 0 ? n : nl + 1;
  // The last line may lack its `\n` (a finished recording, as DayCursor reads it).
  const whole = window[n - 1] === NL ? window.subarray(from) : Buffer.concat([window.subarray(from), Buffer.from([NL])]);
  let last: string | null = null;
  for (const line of collectLines(whole)) {
    const r = recordOf(line, 0, line.length);
    if (r && (last === null || r.chetime > last)) last = r.chetime;
  }
  return last;
}
