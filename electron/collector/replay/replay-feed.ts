// The replay feed: recorded raw_data files of one date played back as if live, for practice and
// tests. Codes are merged by `chetime` (file order within a code is never changed; ties go to the
// code listed first), with the recorded gaps divided by `speed`, or as fast as the event loop allows.
import { hmsToSeconds } from '../../shared/kst.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import type { Logger } from '../../log.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';

/** Trades emitted before yielding to the event loop. */
const BATCH = 500;

/**
 * One code's recorded trades in file order, read a part at a time. The core hands the replay the
 * store's day-file reader (store/day-reader.ts `DayCursor`): the collector does not read the store's
 * files itself, so the replay sees exactly the trades every other reader counts.
 */
export interface RecordSource {
  /** False when nothing was recorded for the code (the source is then empty). */
  readonly exists: boolean;
  /** Lines that were not trade records. */
  readonly skipped: number;
  /** The next record without consuming it; null at the end. */
  peek(): TradeRecord | null;
  next(): TradeRecord | null;
  close(): void;
}

/** A source with nothing in it: a recording that could not be opened. */
const NO_RECORDS: RecordSource = { exists: false, skipped: 0, peek: () => null, next: () => null, close: () => {} };

export interface ReplayOptions {
  /** Folder of the recordings, for messages. */
  sourceDir: string;
  date: string;
  speed: number | 'max';
  /** Opens the recording of `code` on `date`; throws when it exists but cannot be read. */
  open(code: string): RecordSource;
}

export function createReplayFeed(opts: ReplayOptions, sink: FeedSink, log: Logger): Feed {
  const { sourceDir, date, speed } = opts;
  let cursors: Array<{ code: string; cursor: RecordSource }> = [];
  let state: FeedStatus['state'] = 'stopped';
  let started = false;
  let missing: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  // Replay clock: recorded second `originSec` was played at wall time `originWall`.
  let originSec = 0;
  let originWall = 0;
  /** Recorded second of the last trade emitted. */
  let lastSec = 0;

  const status = (): FeedStatus => ({
    kind: 'replay',
    simulated: false,
    state,
    lastError: missing.length > 0 ? `${date}에 기록된 파일 없음 (no recording): ${missing.join(', ')}` : null,
    reconnects: 0,
    rejectedCodes: [],
    notRecording: [],
    badFrames: cursors.reduce((n, c) => n + c.cursor.skipped, 0),
    date,
  });

  const setState = (next: FeedStatus['state']): void => {
    if (next === state) return;
    state = next;
    sink.status(status());
  };

  /** The recorded second the replay has reached. */
  const replaySec = (): number =>
    speed === 'max' ? lastSec : originSec + ((Date.now() - originWall) / 1000) * speed;

  const open = (code: string): RecordSource => {
    let cursor: RecordSource;
    try {
      cursor = opts.open(code);
    } catch (e) {
      log.error('replay: cannot read recorded file', { code, date, dir: sourceDir, error: (e as Error).message });
      cursor = NO_RECORDS;
    }
    if (!cursor.exists) {
      missing.push(code);
      log.warn('replay: no recorded file for this code and date', { code, date, dir: sourceDir });
    }
    return cursor;
  };

  const earliest = (): { code: string; cursor: RecordSource; sec: number } | null => {
    let best: { code: string; cursor: RecordSource; sec: number } | null = null;
    for (const c of cursors) {
      const r = c.cursor.peek();
      if (!r) continue;
      const sec = hmsToSeconds(r.chetime);
      if (!best || sec < best.sec) best = { ...c, sec };
    }
    return best;
  };

  const schedule = (fn: () => void, delayMs: number | null): void => {
    if (delayMs === null) {
      immediate = setImmediate(fn);
    } else {
      timer = setTimeout(fn, delayMs);
    }
  };

  const pump = (): void => {
    timer = null;
    immediate = null;
    if (!started) return;
    for (let n = 0; n < BATCH; n++) {
      const next = earliest();
      if (!next) {
        setState('stopped');
        log.info('replay finished', { date });
        return;
      }
      if (speed !== 'max') {
        const now = replaySec();
        if (next.sec > now) {
          schedule(pump, ((next.sec - now) / speed) * 1000);
          return;
        }
      }
      const record = next.cursor.next() as TradeRecord;
      lastSec = Math.max(lastSec, next.sec);
      sink.trade(next.code, record);
    }
    schedule(pump, null);
  };

  return {
    kind: 'replay',
    start(codes) {
      if (started) return;
      started = true;
      cursors = codes.map((code) => ({ code, cursor: open(code) }));
      const first = earliest();
      originSec = first ? first.sec : 0;
      originWall = Date.now();
      lastSec = originSec;
      log.info('replay started', { date, speed: String(speed), codes: codes.join(',') });
      setState('open');
      pump();
    },
    setCodes(codes) {
      if (!started) return;
      const now = Math.floor(replaySec());
      const kept = new Map(cursors.map((c) => [c.code, c]));
      for (const c of cursors) if (!codes.includes(c.code)) c.cursor.close();
      missing = missing.filter((c) => codes.includes(c));
      cursors = codes.map((code) => {
        const old = kept.get(code);
        if (old) return old;
        const cursor = open(code);
        // A code added mid-replay joins at the replay's present.
        for (let r = cursor.peek(); r && hmsToSeconds(r.chetime) < now; r = cursor.peek()) cursor.next();
        return { code, cursor };
      });
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      setState('open');
      pump();
    },
    status,
    async close() {
      started = false;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      timer = null;
      immediate = null;
      for (const c of cursors) c.cursor.close();
      setState('stopped');
    },
  };
}
