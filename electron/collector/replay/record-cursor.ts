// Reads a recorded day file one record at a time, a chunk at a time, so replaying a heavy day
// holds only a chunk in memory. Torn and foreign lines are skipped and counted.
import fs from 'node:fs';
import { parseRecordLine, type TradeRecord } from '../../shared/trade.ts';

const CHUNK = 256 * 1024;

export class RecordCursor {
  private fd: number | null;
  private pos = 0;
  private carry: Buffer = Buffer.alloc(0);
  private records: TradeRecord[] = [];
  private index = 0;
  /** Lines that were not valid trade records. */
  badLines = 0;

  /** False when the file does not exist (the cursor is then empty). */
  readonly exists: boolean;

  /** Opens `path` (null: an empty cursor); throws on errors other than a missing file. */
  constructor(path: string | null) {
    this.fd = null;
    try {
      if (path !== null) this.fd = fs.openSync(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    this.exists = this.fd !== null;
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
    const buf = Buffer.allocUnsafe(CHUNK);
    const n = fs.readSync(this.fd, buf, 0, CHUNK, this.pos);
    this.pos += n;
    let text: string;
    if (n === 0) {
      // The last line may lack its newline (a torn tail, or a whole record): try it once.
      text = this.carry.toString('utf8');
      this.carry = Buffer.alloc(0);
      this.close();
    } else {
      const data = Buffer.concat([this.carry, buf.subarray(0, n)]);
      const lastNl = data.lastIndexOf(10);
      text = lastNl < 0 ? '' : data.toString('utf8', 0, lastNl);
      this.carry = Buffer.from(data.subarray(lastNl + 1));
    }
    this.records = [];
    this.index = 0;
    for (const raw of text.split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') continue;
      const r = parseRecordLine(line);
      if (r) this.records.push(r);
      else this.badLines++;
    }
    return true;
  }
}

const TAIL = 64 * 1024;

/** The latest `chetime` among the last lines of a day file (the replay's end); null when none or no file. */
export function lastChetime(path: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - TAIL);
    const buf = Buffer.allocUnsafe(size - start);
    const n = fs.readSync(fd, buf, 0, buf.length, start);
    let last: string | null = null;
    for (const line of buf.toString('utf8', 0, n).split('\n')) {
      const r = parseRecordLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (r && (last === null || r.chetime > last)) last = r.chetime;
    }
    return last;
  } finally {
    fs.closeSync(fd);
  }
}
