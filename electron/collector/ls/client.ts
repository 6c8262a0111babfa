// The LS Open API realtime trade feed: one WebSocket at a time (connection.ts: socket, keep-alive, token
// renewal), every watched code subscribed at an adaptive pace (subscriptions.ts), and a reconnect (fresh
// token when due, every code resubscribed) after any loss (backoff.ts). A code the server keeps refusing
// costs the token: the feed fetches a new one and reconnects, and reports the code as not recording.
// The feed's own lifecycle (shared/lifecycle.ts): STARTING until start(), then RUNNING, CLOSING, CLOSED. See docs/ls-api.md#ws-frames.
import { kstDate } from '../../shared/kst.ts';
import type { ConnectionState } from '../../shared/feed-kinds.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';
import type { Logger } from '../../log.ts';
import { PONG_FRAME, parseServerFrame, subscribeFrame } from './frames.ts';
import type { TradeTr } from '../../shared/wire.ts';
import { TokenError, TokenManager, errorText, type Token } from './token.ts';
import { DEFAULT_LS_TUNING, type LsTuning } from './tuning.ts';
import { ReconnectBackoff, type LossReason } from './backoff.ts';
import { LsConnection, OPEN } from './connection.ts';
import { Subscriptions } from './subscriptions.ts';
import { CLOSED, CLOSING, RUNNING, STARTING, type LifecycleState } from '../../shared/lifecycle.ts';

export interface LsConfig {
  appKey: string;
  appSecret: string;
  restUrl: string;
  wsUrl: string;
  simulated: boolean;
  tr: TradeTr;
}

/** The current connection and its subscriptions, which end together. */
interface Live {
  conn: LsConnection;
  subs: Subscriptions;
}

export function createLsFeed(
  config: LsConfig,
  sink: FeedSink,
  log: Logger,
  tuning: Partial<LsTuning> = {},
  tokens: TokenManager = new TokenManager(config, tuning.tokenRefreshMarginMs ?? DEFAULT_LS_TUNING.tokenRefreshMarginMs, log),
): Feed {
  return new LsFeed(config, sink, log, { ...DEFAULT_LS_TUNING, ...tuning }, tokens);
}

class LsFeed implements Feed {
  readonly kind = 'ls';
  #lifecycle: LifecycleState = STARTING;
  #wanted = new Set<string>();
  #priority: ReadonlySet<string> = new Set();
  #live: Live | null = null;
  /** Connection attempts so far; a pending attempt older than the last one gives up. */
  #attempt = 0;
  readonly #backoff: ReconnectBackoff;
  readonly #rejected = new Set<string>();
  #state: ConnectionState = 'stopped';
  #lastError: string | null = null;
  #reconnects = 0;
  #badFrames = 0;

  constructor(
    private readonly config: LsConfig,
    private readonly sink: FeedSink,
    private readonly log: Logger,
    private readonly t: LsTuning,
    private readonly tokens: TokenManager,
  ) {
    this.#backoff = new ReconnectBackoff(t);
  }

  start(codes: readonly string[]): void {
    if (this.#lifecycle !== STARTING) throw new Error('LS feed already started');
    this.#lifecycle = RUNNING;
    this.#wanted = new Set(codes);
    void this.#connect();
  }

  setCodes(codes: readonly string[]): void {
    const next = new Set(codes);
    const wanted = this.#wanted;
    const changed = [...wanted].filter((c) => !next.has(c)).concat([...next].filter((c) => !wanted.has(c)));
    this.#wanted = next;
    let rejectedChanged = false;
    for (const code of changed) {
      if (!next.has(code) && this.#rejected.delete(code)) {
        rejectedChanged = true;
        if (this.#rejected.size === 0) this.#lastError = null;
      }
      if (this.#live?.conn.state === OPEN) this.#live.subs.enqueue(code);
    }
    if (rejectedChanged) this.#emit();
  }

  prioritize(codes: readonly string[]): void {
    this.#priority = new Set(codes);
  }

  status(): FeedStatus {
    const live = this.#live?.conn.state === OPEN ? this.#live : null;
    return {
      kind: 'ls', simulated: this.config.simulated, state: this.#state, lastError: this.#lastError, reconnects: this.#reconnects,
      rejectedCodes: [...this.#rejected].sort(), notRecording: [...this.#wanted].filter((code) => !live?.subs.isAccepted(code)).sort(),
      badFrames: this.#badFrames, date: kstDate(Date.now()),
    };
  }

  async close(): Promise<void> {
    if (this.#lifecycle >= CLOSING) return;
    this.#lifecycle = CLOSING;
    this.#attempt++;
    this.#backoff.cancel();
    const live = this.#live;
    if (live) {
      this.#drop(live);
      await live.conn.closed;
    }
    this.#lifecycle = CLOSED;
    this.#state = 'stopped';
    this.#emit();
  }

  #emit(): void {
    this.sink.status(this.status());
  }

  #setError(msg: string | null): void {
    this.#lastError = msg;
    this.#emit();
  }

  async #connect(): Promise<void> {
    const my = ++this.#attempt;
    if (my > 1) this.#reconnects++;
    this.#state = my > 1 ? 'reconnecting' : 'connecting';
    this.#emit();
    let token: Token;
    try {
      token = await this.tokens.get();
    } catch (err) {
      if (this.#lifecycle !== RUNNING || my !== this.#attempt) return;
      this.#setError(err instanceof TokenError ? err.message : `LS 토큰 오류: ${errorText(err)}`);
      this.#scheduleReconnect('failure');
      return;
    }
    if (this.#lifecycle !== RUNNING || my !== this.#attempt) return;
    try {
      this.#live = this.#open(token);
    } catch (err) {
      this.#setError(`LS WebSocket 주소가 잘못되었습니다: ${errorText(err)}`);
      this.#scheduleReconnect('failure');
    }
  }

  /** A new connection with its subscriptions, wired to this feed while it is the current one. */
  #open(token: Token): Live {
    const conn = new LsConnection(this.config.wsUrl, token, this.t, {
      open: () => this.#opened(live),
      frame: (text) => this.#frame(live, text),
      lost: (error, why) => this.#lose(live, error, why),
      stable: () => this.#backoff.stable(),
    }, this.log);
    const subs = new Subscriptions({
      get sending() {
        return conn.state === OPEN;
      },
      subscribe: (code, on) => conn.send(subscribeFrame(token.value, this.config.tr, code, on)),
      later: (ms, fn) => conn.later(ms, fn),
    }, {
      wanted: () => this.#wanted,
      priority: () => this.#priority,
      accepted: (code, everyCode) => this.#accepted(code, everyCode),
      refused: (code, message) => this.#refused(code, message),
      renewToken: (message, why) => {
        this.tokens.invalidate(token.value);
        this.#lose(live, message, why);
      },
    }, this.t, this.log);
    const live: Live = { conn, subs };
    return live;
  }

  #opened(live: Live): void {
    if (this.#live !== live) return;
    this.#state = 'open';
    // A refused code stays an alarm until the server accepts it.
    if (this.#rejected.size === 0) this.#lastError = null;
    this.log.info('ls connected', { url: this.config.wsUrl, codes: this.#wanted.size });
    this.#emit();
    live.subs.subscribeAll();
  }

  #frame(live: Live, text: string | null): void {
    if (this.#live !== live) return;
    const f = text === null ? { kind: 'bad' as const, reason: 'binary frame' } : parseServerFrame(text);
    switch (f.kind) {
      case 'trade':
        try {
          this.sink.trade(f.code, f.record);
        } catch (err) {
          this.log.limited('ls-sink', 'error', 'trade sink failed', { code: f.code, error: errorText(err) });
        }
        return;
      case 'rejected':
        try {
          this.sink.reject?.(f.code, f.raw, f.reason);
        } catch (err) {
          this.log.limited('ls-sink', 'error', 'trade sink failed', { code: f.code, error: errorText(err) });
        }
        return;
      case 'ping':
        live.conn.send(PONG_FRAME);
        return;
      case 'bad':
        this.#badFrames++;
        this.log.limited('ls-bad-frame', 'warn', 'ls frame not understood', { reason: f.reason, frame: text?.slice(0, 200) ?? null });
        this.#emit();
        return;
      case 'ack':
        live.subs.ack(f.rspCd, f.rspMsg, f.trType, f.code);
    }
  }

  #accepted(code: string, everyCode: boolean): void {
    const cleared = this.#rejected.delete(code);
    if (cleared && this.#rejected.size === 0) this.#lastError = null;
    if (everyCode) {
      this.#backoff.recordingAll();
      this.#emit();
    } else if (cleared) this.#emit();
  }

  #refused(code: string, message: string): void {
    if (this.#rejected.has(code)) return;
    this.#rejected.add(code);
    this.#setError(message);
  }

  /** Ends the current connection; `error` null for a planned renewal. `why` picks the backoff. */
  #lose(live: Live, error: string | null, why: LossReason): void {
    if (this.#live !== live) return;
    this.#drop(live);
    if (error !== null) {
      this.log.warn('ls connection lost', { reason: error });
      this.#lastError = error;
    }
    this.#scheduleReconnect(why);
  }

  #drop(live: Live): void {
    this.#live = null;
    live.conn.terminate();
  }

  #scheduleReconnect(why: LossReason): void {
    if (this.#lifecycle !== RUNNING) return;
    this.#state = 'reconnecting';
    this.#emit();
    this.#backoff.schedule(why, () => void this.#connect());
  }
}
