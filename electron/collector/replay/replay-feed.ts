// The replay feed: recorded raw_data files of one date played back as if live, for practice and
// tests. Codes are merged by `chetime` (recordings.ts), with the recorded gaps divided by `speed`,
// or as fast as the event loop allows. The trader can pause, resume, change the speed and seek
// forward (docs/replay.md): a seek records the skipped trades at once, quietly, so the replay store
// stays a recording of the day in order.
import { secondsToHms } from '../../shared/kst.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import { ReplaySeekError, type ReplayMode, type ReplaySpeed, type ReplayState } from '../../shared/wire.ts';
import type { Logger } from '../../log.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';
import { Recordings, type NextTrade, type RecordingsOptions } from './recordings.ts';

/** Trades emitted (or recorded quietly by a seek) before yielding to the event loop. */
const BATCH = 500;

export interface ReplayOptions extends RecordingsOptions {
  speed: ReplaySpeed;
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
  return new Replay(opts, sink, log);
}

class Replay implements ReplayFeed {
  readonly kind = 'replay';
  readonly #date: string;
  readonly #sink: FeedSink;
  readonly #log: Logger;
  readonly #recordings: Recordings;
  #speed: ReplaySpeed;
  #started = false;
  #closed = false;
  #mode: ReplayMode = 'playing';
  /** What a seek under way returns to. */
  #afterSeek: 'playing' | 'paused' = 'playing';
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  // Replay clock while playing: recorded second `originSec` was played at wall time `originWall`.
  #originSec = 0;
  #originWall = 0;
  /** Recorded second of the last trade emitted. */
  #lastSec = 0;
  /** The replay's second while not playing. */
  #heldSec = 0;
  #seeks = 0;
  #seekChain: Promise<unknown> = Promise.resolve();

  constructor(opts: ReplayOptions, sink: FeedSink, log: Logger) {
    this.#date = opts.date;
    this.#speed = opts.speed;
    this.#sink = sink;
    this.#log = log;
    this.#recordings = new Recordings(opts, log);
  }

  start(codes: readonly string[]): void {
    if (this.#started) return;
    this.#started = true;
    this.#recordings.openAll(codes);
    const first = this.#recordings.earliest();
    this.#originSec = first ? first.sec : 0;
    this.#originWall = Date.now();
    this.#lastSec = this.#originSec;
    this.#heldSec = this.#originSec;
    this.#log.info('replay started', { date: this.#date, speed: String(this.#speed), codes: codes.join(',') });
    this.#announce();
    this.#pump();
  }

  setCodes(codes: readonly string[]): void {
    if (!this.#started || this.#closed) return;
    const now = Math.floor(this.#replaySec());
    this.#recordings.setCodes(codes, now);
    // A code with trades ahead brings a finished replay back to play.
    if (this.#mode === 'finished' && this.#recordings.earliest()) this.#resumeAt(now);
    else this.#pump();
    this.#announce();
  }

  status(): FeedStatus {
    return {
      kind: 'replay',
      simulated: false,
      state: this.#started && !this.#closed && this.#mode !== 'finished' ? 'open' : 'stopped',
      lastError: this.#recordings.missingMessage(),
      reconnects: 0,
      rejectedCodes: [],
      notRecording: [],
      badFrames: this.#recordings.skipped(),
      date: this.#date,
      replay: this.replayState(),
    };
  }

  replayState(): ReplayState {
    const { range } = this.#recordings;
    const at = this.#replaySec();
    return {
      mode: this.#mode,
      date: this.#date,
      speed: this.#speed,
      time: hhmmss(range.end === null ? at : Math.min(at, Math.max(range.end, this.#heldSec))),
      start: range.start === null ? null : hhmmss(range.start),
      end: range.end === null ? null : hhmmss(range.end),
      seeks: this.#seeks,
    };
  }

  play(): ReplayState {
    if (this.#mode === 'seeking') this.#afterSeek = 'playing';
    else if (this.#mode === 'paused') this.#resumeAt(this.#heldSec);
    this.#announce();
    return this.replayState();
  }

  pause(): ReplayState {
    if (this.#mode === 'seeking') this.#afterSeek = 'paused';
    else if (this.#mode === 'playing') {
      this.#heldSec = this.#replaySec();
      this.#mode = 'paused';
      this.#cancel();
    }
    this.#announce();
    return this.replayState();
  }

  setSpeed(next: ReplaySpeed): ReplayState {
    if (this.#mode === 'playing') {
      const now = this.#replaySec();
      this.#speed = next;
      this.#resumeAt(now);
    } else this.#speed = next;
    this.#announce();
    return this.replayState();
  }

  seek(sec: number): Promise<ReplayState> {
    const run = this.#seekChain.then(() => this.#seekNow(sec));
    this.#seekChain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#cancel();
    await this.#seekChain;
    this.#recordings.close();
    this.#announce();
  }

  /** The recorded second the replay has reached. */
  #replaySec(): number {
    if (this.#mode !== 'playing') return this.#heldSec;
    return this.#speed === 'max' ? this.#lastSec : this.#originSec + ((Date.now() - this.#originWall) / 1000) * this.#speed;
  }

  #announce(): void {
    this.#sink.status(this.status());
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = null;
    this.#immediate = null;
  }

  #emit(next: NextTrade, quiet: boolean): void {
    const record = next.cursor.next() as TradeRecord;
    this.#lastSec = Math.max(this.#lastSec, next.sec);
    this.#sink.trade(next.code, record, quiet);
  }

  #finish(): void {
    this.#heldSec = Math.max(this.#lastSec, Math.min(this.#replaySec(), this.#recordings.range.end ?? this.#lastSec));
    this.#mode = 'finished';
    this.#log.info('replay finished', { date: this.#date });
    this.#announce();
  }

  readonly #pump = (): void => {
    this.#cancel();
    if (!this.#started || this.#closed || this.#mode !== 'playing') return;
    for (let n = 0; n < BATCH; n++) {
      const next = this.#recordings.earliest();
      if (!next) return this.#finish();
      if (this.#speed !== 'max') {
        const now = this.#replaySec();
        if (next.sec > now) {
          this.#timer = setTimeout(this.#pump, ((next.sec - now) / this.#speed) * 1000);
          return;
        }
      }
      this.#emit(next, false);
    }
    this.#immediate = setImmediate(this.#pump);
  };

  /** Plays on from recorded second `sec`. */
  #resumeAt(sec: number): void {
    this.#originSec = sec;
    this.#originWall = Date.now();
    this.#lastSec = Math.max(this.#lastSec, sec);
    this.#mode = 'playing';
    this.#pump();
  }

  async #seekNow(target: number): Promise<ReplayState> {
    const from = Math.floor(this.#replaySec());
    if (target < from) throw new ReplaySeekError(`기록 재생은 앞으로만 이동합니다: 지금 ${hhmmss(from)} (seek goes forward only, the replay is at ${hhmmss(from)})`);
    if (!this.#started || this.#closed || this.#mode === 'finished' || target === from) return this.replayState();
    this.#afterSeek = this.#mode === 'paused' ? 'paused' : 'playing';
    this.#cancel();
    this.#heldSec = from;
    this.#mode = 'seeking';
    this.#announce();
    for (let next = this.#recordings.earliest(), n = 0; next && next.sec < target; next = this.#recordings.earliest()) {
      this.#emit(next, true);
      if (++n % BATCH === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#closed) return this.replayState();
      }
    }
    this.#seeks++;
    this.#heldSec = target;
    this.#log.info('replay seek', { date: this.#date, from: hhmmss(from), to: hhmmss(target) });
    if (!this.#recordings.earliest()) this.#finish();
    else if (this.#afterSeek === 'playing') {
      this.#resumeAt(target);
      this.#announce();
    } else {
      this.#mode = 'paused';
      this.#announce();
    }
    return this.replayState();
  }
}
