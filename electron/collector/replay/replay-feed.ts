// The replay feed: recorded raw_data files of one date played back as if live, for practice and
// tests. Codes are merged by `chetime` (file order within a code is never changed; ties go to the
// code listed first), with the recorded gaps divided by `speed`, or as fast as the event loop allows.
// The trader can pause, resume, change the speed and seek forward (docs/replay.md): a seek records
// the skipped trades at once, quietly, so the replay store stays a recording of the day in order.
import { hmsToSeconds, secondsToHms } from '../../shared/kst.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import { ReplaySeekError, type ReplayMode, type ReplaySpeed, type ReplayState } from '../../shared/wire.ts';
import type { Logger } from '../../log.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';

/** Trades emitted (or recorded quietly by a seek) before yielding to the event loop. */
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
  /** The latest time among the last records (the end of the seek range); null when none. */
  readonly lastChetime: string | null;
  /** The next record without consuming it; null at the end. */
  peek(): TradeRecord | null;
  next(): TradeRecord | null;
  close(): void;
}

/** A source with nothing in it: a recording that could not be opened. */
const NO_RECORDS: RecordSource = { exists: false, skipped: 0, lastChetime: null, peek: () => null, next: () => null, close: () => {} };

export interface ReplayOptions {
  /** Folder of the recordings, for messages. */
  sourceDir: string;
  date: string;
  speed: ReplaySpeed;
  /** Opens the recording of `code` on `date`; throws when it exists but cannot be read. */
  open(code: string): RecordSource;
}

/** The replay feed with the trader's controls. Each control answers with the state it leads to. */
export interface ReplayFeed extends Feed {
  readonly kind: 'replay';
  replayState(): ReplayState;
  play(): ReplayState;
  pause(): ReplayState;
  setSpeed(speed: ReplaySpeed): ReplayState;
  /**
   * Forward to `sec` (seconds since KST midnight): every trade recorded before it is passed on quietly,
   * then the replay goes on from there in the mode it had. Rejects with ReplaySeekError for a time
   * before the replay's present. Seeks run one after another.
   */
  seek(sec: number): Promise<ReplayState>;
}

const hhmmss = (sec: number): string => {
  const s = secondsToHms(Math.floor(sec));
  return `${s.slice(0, 2)}:${s.slice(2, 4)}:${s.slice(4, 6)}`;
};

export function createReplayFeed(opts: ReplayOptions, sink: FeedSink, log: Logger): ReplayFeed {
  const { sourceDir, date } = opts;
  let speed = opts.speed;
  let cursors: Array<{ code: string; cursor: RecordSource }> = [];
  let started = false;
  let closed = false;
  let mode: ReplayMode = 'playing';
  /** What a seek under way returns to. */
  let afterSeek: 'playing' | 'paused' = 'playing';
  let missing: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  // Replay clock while playing: recorded second `originSec` was played at wall time `originWall`.
  let originSec = 0;
  let originWall = 0;
  /** Recorded second of the last trade emitted. */
  let lastSec = 0;
  /** The replay's second while not playing. */
  let heldSec = 0;
  let range: { start: number | null; end: number | null } = { start: null, end: null };
  let seeks = 0;
  let seekChain: Promise<unknown> = Promise.resolve();

  /** The recorded second the replay has reached. */
  const replaySec = (): number => {
    if (mode !== 'playing') return heldSec;
    return speed === 'max' ? lastSec : originSec + ((Date.now() - originWall) / 1000) * speed;
  };

  const replayState = (): ReplayState => ({
    mode,
    date,
    speed,
    time: hhmmss(range.end === null ? replaySec() : Math.min(replaySec(), Math.max(range.end, heldSec))),
    start: range.start === null ? null : hhmmss(range.start),
    end: range.end === null ? null : hhmmss(range.end),
    seeks,
  });

  const status = (): FeedStatus => ({
    kind: 'replay',
    simulated: false,
    state: started && !closed && mode !== 'finished' ? 'open' : 'stopped',
    lastError: missing.length > 0 ? `${date}에 기록된 파일 없음 (no recording): ${missing.join(', ')}` : null,
    reconnects: 0,
    rejectedCodes: [],
    notRecording: [],
    badFrames: cursors.reduce((n, c) => n + c.cursor.skipped, 0),
    date,
    replay: replayState(),
  });

  const announce = (): void => sink.status(status());

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

  /** First and last recorded second over the codes' files (the seek range). */
  const measure = (): void => {
    let end: number | null = null;
    for (const { cursor } of cursors) {
      if (cursor.lastChetime !== null) end = Math.max(end ?? 0, hmsToSeconds(cursor.lastChetime));
    }
    const first = earliest();
    range = { start: first ? first.sec : null, end };
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

  const cancel = (): void => {
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    timer = null;
    immediate = null;
  };

  const emit = (next: { code: string; cursor: RecordSource; sec: number }, quiet: boolean): void => {
    const record = next.cursor.next() as TradeRecord;
    lastSec = Math.max(lastSec, next.sec);
    sink.trade(next.code, record, quiet);
  };

  const finish = (): void => {
    heldSec = Math.max(lastSec, Math.min(replaySec(), range.end ?? lastSec));
    mode = 'finished';
    log.info('replay finished', { date });
    announce();
  };

  const pump = (): void => {
    cancel();
    if (!started || closed || mode !== 'playing') return;
    for (let n = 0; n < BATCH; n++) {
      const next = earliest();
      if (!next) return finish();
      if (speed !== 'max') {
        const now = replaySec();
        if (next.sec > now) {
          timer = setTimeout(pump, ((next.sec - now) / speed) * 1000);
          return;
        }
      }
      emit(next, false);
    }
    immediate = setImmediate(pump);
  };

  /** Plays on from recorded second `sec`. */
  const resumeAt = (sec: number): void => {
    originSec = sec;
    originWall = Date.now();
    lastSec = Math.max(lastSec, sec);
    mode = 'playing';
    pump();
  };

  const seekNow = async (target: number): Promise<ReplayState> => {
    const from = Math.floor(replaySec());
    if (target < from) throw new ReplaySeekError(`기록 재생은 앞으로만 이동합니다: 지금 ${hhmmss(from)} (seek goes forward only, the replay is at ${hhmmss(from)})`);
    if (!started || closed || mode === 'finished' || target === from) return replayState();
    afterSeek = mode === 'paused' ? 'paused' : 'playing';
    cancel();
    heldSec = from;
    mode = 'seeking';
    announce();
    for (let next = earliest(), n = 0; next && next.sec < target; next = earliest()) {
      emit(next, true);
      if (++n % BATCH === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (closed) return replayState();
      }
    }
    seeks++;
    heldSec = target;
    log.info('replay seek', { date, from: hhmmss(from), to: hhmmss(target) });
    if (!earliest()) finish();
    else if (afterSeek === 'playing') {
      resumeAt(target);
      announce();
    } else {
      mode = 'paused';
      announce();
    }
    return replayState();
  };

  return {
    kind: 'replay',
    start(codes) {
      if (started) return;
      started = true;
      cursors = codes.map((code) => ({ code, cursor: open(code) }));
      measure();
      const first = earliest();
      originSec = first ? first.sec : 0;
      originWall = Date.now();
      lastSec = originSec;
      heldSec = originSec;
      log.info('replay started', { date, speed: String(speed), codes: codes.join(',') });
      announce();
      pump();
    },
    setCodes(codes) {
      if (!started || closed) return;
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
      measure();
      // A code with trades ahead brings a finished replay back to play.
      if (mode === 'finished' && earliest()) resumeAt(now);
      else pump();
      announce();
    },
    status,
    replayState,
    play() {
      if (mode === 'seeking') afterSeek = 'playing';
      else if (mode === 'paused') resumeAt(heldSec);
      announce();
      return replayState();
    },
    pause() {
      if (mode === 'seeking') afterSeek = 'paused';
      else if (mode === 'playing') {
        heldSec = replaySec();
        mode = 'paused';
        cancel();
      }
      announce();
      return replayState();
    },
    setSpeed(next) {
      if (mode === 'playing') {
        const now = replaySec();
        speed = next;
        resumeAt(now);
      } else speed = next;
      announce();
      return replayState();
    },
    seek(sec) {
      const run = seekChain.then(() => seekNow(sec));
      seekChain = run.catch(() => undefined);
      return run;
    },
    async close() {
      closed = true;
      cancel();
      await seekChain;
      for (const c of cursors) c.cursor.close();
      announce();
    },
  };
}
