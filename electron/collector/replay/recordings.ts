// The recordings a replay plays: one RecordSource per watched code, merged by `chetime` (file order
// within a code is never changed; ties go to the code listed first), and the seek range they span.
import { hmsToSeconds } from '../../shared/kst.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import type { Logger } from '../../log.ts';

/**
 * One code's recorded trades in file order, read a part at a time. The core hands the replay the
 * store's day-file reader (store/day-cursor.ts `DayCursor`): the collector does not read the store's
 * files itself, so the replay sees exactly the trades every other reader counts.
 */
export interface RecordSource {
  /** False when nothing was recorded for the code (the source is then empty). */
  readonly exists: boolean;
  /** Lines that were not trade records. */
  readonly skipped: number;
  /** The latest time among the last records (the end of the seek range); null when none. */
  readonly lastChetime: string | null;
  /** The next record without consuming it; null at the end. */
  peek(): TradeRecord | null;
  next(): TradeRecord | null;
  close(): void;
}

/** A source with nothing in it: a recording that could not be opened. */
const NO_RECORDS: RecordSource = { exists: false, skipped: 0, lastChetime: null, peek: () => null, next: () => null, close: () => {} };

/** The next trade to play: its code, its source and its recorded second. */
export interface NextTrade {
  code: string;
  cursor: RecordSource;
  sec: number;
}

export interface RecordingsOptions {
  /** Folder of the recordings, for messages. */
  sourceDir: string;
  date: string;
  /** Opens the recording of `code` on `date`; throws when it exists but cannot be read. */
  open(code: string): RecordSource;
}

export class Recordings {
  /** First and last recorded second over the codes' files (the seek range). */
  range: { start: number | null; end: number | null } = { start: null, end: null };
  #cursors: Array<{ code: string; cursor: RecordSource }> = [];
  /** Codes with no recording on the date. */
  #missing: string[] = [];
  readonly #opts: RecordingsOptions;
  readonly #log: Logger;

  constructor(opts: RecordingsOptions, log: Logger) {
    this.#opts = opts;
    this.#log = log;
  }

  openAll(codes: readonly string[]): void {
    this.#cursors = codes.map((code) => ({ code, cursor: this.#open(code) }));
    this.#measure();
  }

  /** Follows a changed watchlist; a code added joins at recorded second `now`. */
  setCodes(codes: readonly string[], now: number): void {
    const kept = new Map(this.#cursors.map((c) => [c.code, c]));
    for (const c of this.#cursors) if (!codes.includes(c.code)) c.cursor.close();
    this.#missing = this.#missing.filter((c) => codes.includes(c));
    this.#cursors = codes.map((code) => {
      const old = kept.get(code);
      if (old) return old;
      const cursor = this.#open(code);
      for (let r = cursor.peek(); r && hmsToSeconds(r.chetime) < now; r = cursor.peek()) cursor.next();
      return { code, cursor };
    });
    this.#measure();
  }

  /** The trade recorded earliest among the codes' next ones; null when every recording has ended. */
  earliest(): NextTrade | null {
    let best: NextTrade | null = null;
    for (const c of this.#cursors) {
      const r = c.cursor.peek();
      if (!r) continue;
      const sec = hmsToSeconds(r.chetime);
      if (!best || sec < best.sec) best = { ...c, sec };
    }
    return best;
  }

  /** Lines that were not trade records, over every recording. */
  skipped(): number {
    return this.#cursors.reduce((n, c) => n + c.cursor.skipped, 0);
  }

  /** What to tell the trader about codes without a recording; null when every code has one. */
  missingMessage(): string | null {
    return this.#missing.length > 0 ? `${this.#opts.date}에 기록된 파일 없음 (no recording): ${this.#missing.join(', ')}` : null;
  }

  close(): void {
    for (const c of this.#cursors) c.cursor.close();
  }

  #open(code: string): RecordSource {
    const { date, sourceDir } = this.#opts;
    let cursor: RecordSource;
    try {
      cursor = this.#opts.open(code);
    } catch (e) {
      this.#log.error('replay: cannot read recorded file', { code, date, dir: sourceDir, error: (e as Error).message });
      cursor = NO_RECORDS;
    }
    if (!cursor.exists) {
      this.#missing.push(code);
      this.#log.warn('replay: no recorded file for this code and date', { code, date, dir: sourceDir });
    }
    return cursor;
  }

  #measure(): void {
    let end: number | null = null;
    for (const { cursor } of this.#cursors) {
      if (cursor.lastChetime !== null) end = Math.max(end ?? 0, hmsToSeconds(cursor.lastChetime));
    }
    const first = this.earliest();
    this.range = { start: first ? first.sec : null, end };
  }
}
