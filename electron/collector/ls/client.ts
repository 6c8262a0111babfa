// The LS Open API realtime trade feed: one WebSocket, every watched code subscribed at a gentle pace,
// acknowledgements checked, a dead socket detected by WS ping/pong, and a reconnect (fresh token
// when due, every code resubscribed) after any loss. See issue 2 "LS client" and ls-openapi.md §3.
import WebSocket from 'ws';
import { kstDate } from '../../shared/kst.ts';
import type { ConnectionState } from '../../shared/feed-kinds.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';
import type { Logger } from '../../log.ts';
import { PONG_FRAME, parseServerFrame, subscribeFrame } from './frames.ts';
import type { TradeTr } from '../../shared/wire.ts';
import { LS_OK, TOKEN_REJECTED, TokenError, TokenManager, errorText, type Token } from './token.ts';

export interface LsConfig {
  appKey: string;
  appSecret: string;
  restUrl: string;
  wsUrl: string;
  simulated: boolean;
  tr: TradeTr;
}

/** Every delay the client uses, so tests can shrink them. */
export interface LsTuning {
  /** Gap between two subscription messages. */
  subscribeSpacingMs: number;
  /** After this many subscription messages... */
  subscribeBatch: number;
  /** ...wait this long instead of the spacing. */
  subscribeBatchPauseMs: number;
  /** A rejected subscription is retried this many times, then reported in `rejectedCodes`. */
  subscribeRetries: number;
  subscribeRetryDelayMs: number;
  /** First reconnect delay after a loss; doubles while failures repeat, up to the cap. */
  reconnectBaseMs: number;
  reconnectCapMs: number;
  /** Up to this fraction of the delay is added at random, so many clients do not reconnect in step. */
  reconnectJitter: number;
  /** A connection open this long counts as healthy and resets the backoff. */
  stableMs: number;
  pingIntervalMs: number;
  /** No pong (nor any frame) this long after a ping: the connection is dead. */
  pongDeadlineMs: number;
  handshakeTimeoutMs: number;
  /** Renew the token (and reconnect with it) this long before it lapses. */
  tokenRefreshMarginMs: number;
}

export const DEFAULT_LS_TUNING: LsTuning = {
  subscribeSpacingMs: 300,
  subscribeBatch: 10,
  subscribeBatchPauseMs: 1000,
  subscribeRetries: 3,
  subscribeRetryDelayMs: 2000,
  reconnectBaseMs: 5000,
  reconnectCapMs: 60_000,
  reconnectJitter: 0.2,
  stableMs: 30_000,
  pingIntervalMs: 15_000,
  pongDeadlineMs: 10_000,
  handshakeTimeoutMs: 10_000,
  tokenRefreshMarginMs: 5 * 60_000,
};

/** The LS firewall is reported to drop handshakes without these (ls-openapi.md §1). */
const HANDSHAKE_HEADERS = {
  'User-Agent': 'Mozilla/5.0 (compatible; Footprint/0.1; +https://footprint.invalid)',
  'Accept-Language': 'ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7',
};

/** One live socket and everything that dies with it. */
interface Connection {
  ws: WebSocket;
  token: Token;
  open: boolean;
  /** Codes whose subscribe was sent (and not undone) on this socket. */
  sent: Set<string>;
  queue: { code: string; on: boolean }[];
  sentCount: number;
  /** Requests awaiting an acknowledgement, oldest first. */
  awaiting: { code: string; on: boolean }[];
  attempts: Map<string, number>;
  /** Frames and pongs received so far: a ping is answered when this moved before its deadline. */
  rx: number;
  timers: Set<NodeJS.Timeout>;
  pumpTimer: NodeJS.Timeout | null;
  closed: Promise<void>;
}

/** Delay before reconnect attempt after `failures` consecutive failures (>= 1); `random` in [0, 1). */
export function reconnectDelay(failures: number, t: LsTuning, random: number): number {
  const base = Math.min(t.reconnectCapMs, t.reconnectBaseMs * 2 ** Math.min(failures - 1, 30));
  return base + random * base * t.reconnectJitter;
}

export function createLsFeed(
  config: LsConfig,
  sink: FeedSink,
  log: Logger,
  tuning: Partial<LsTuning> = {},
  tokens: TokenManager = new TokenManager(config, tuning.tokenRefreshMarginMs ?? DEFAULT_LS_TUNING.tokenRefreshMarginMs, log),
): Feed {
  const t: LsTuning = { ...DEFAULT_LS_TUNING, ...tuning };
  let wanted = new Set<string>();
  let conn: Connection | null = null;
  let started = false;
  let stopped = false;
  let attempt = 0;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | null = null;
  const rejected = new Set<string>();
  let state: ConnectionState = 'stopped';
  let lastError: string | null = null;
  let reconnects = 0;
  let badFrames = 0;

  const status = (): FeedStatus => ({
    kind: 'ls', simulated: config.simulated, state, lastError, reconnects,
    rejectedCodes: [...rejected].sort(), badFrames, date: kstDate(Date.now()),
  });
  const emit = (): void => sink.status(status());
  const setError = (msg: string | null): void => {
    lastError = msg;
    emit();
  };

  function later(c: Connection, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      c.timers.delete(timer);
      fn();
    }, ms);
    c.timers.add(timer);
  }

  async function connect(): Promise<void> {
    const my = ++attempt;
    if (my > 1) reconnects++;
    state = my > 1 ? 'reconnecting' : 'connecting';
    emit();
    let token: Token;
    try {
      token = await tokens.get();
    } catch (err) {
      if (stopped || my !== attempt) return;
      setError(err instanceof TokenError ? err.message : `LS 토큰 오류: ${errorText(err)}`);
      scheduleReconnect(true);
      return;
    }
    if (stopped || my !== attempt) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(config.wsUrl, { headers: HANDSHAKE_HEADERS, perMessageDeflate: false, handshakeTimeout: t.handshakeTimeoutMs });
    } catch (err) {
      setError(`LS WebSocket 주소가 잘못되었습니다: ${errorText(err)}`);
      scheduleReconnect(true);
      return;
    }
    const c: Connection = {
      ws, token, open: false, sent: new Set(), queue: [], sentCount: 0, awaiting: [], attempts: new Map(),
      rx: 0, timers: new Set(), pumpTimer: null,
      closed: new Promise((resolve) => ws.once('close', () => resolve())),
    };
    conn = c;
    let why = '';
    ws.on('error', (err) => {
      why = errorText(err);
    });
    ws.on('open', () => onOpen(c));
    ws.on('message', (data, isBinary) => {
      if (conn !== c) return;
      c.rx++;
      onFrame(c, isBinary ? null : data.toString());
    });
    ws.on('pong', () => {
      c.rx++;
    });
    ws.on('close', (code) => {
      if (conn !== c) return;
      lose(c, c.open ? `LS 연결이 끊어졌습니다 (${why || `close ${code}`})` : `LS 서버에 연결할 수 없습니다: ${why || `close ${code}`}`, true);
    });
  }

  function onOpen(c: Connection): void {
    if (conn !== c) return;
    c.open = true;
    state = 'open';
    lastError = null;
    log.info('ls connected', { url: config.wsUrl, codes: wanted.size });
    emit();
    for (const code of wanted) c.queue.push({ code, on: true });
    pump(c);
    later(c, t.stableMs, () => {
      failures = 0;
    });
    later(c, Math.max(0, c.token.renewAt - Date.now()), () => {
      log.info('ls token due for renewal: reconnecting');
      lose(c, null, false);
    });
    const ping = (): void => {
      const seen = c.rx;
      c.ws.ping();
      later(c, t.pongDeadlineMs, () => {
        if (c.rx === seen) lose(c, 'LS 연결 응답 없음 (핑 시간 초과): 다시 연결합니다', true);
      });
      later(c, t.pingIntervalMs, ping);
    };
    later(c, t.pingIntervalMs, ping);
  }

  /** Sends queued (un)subscriptions one at a time at the configured pace. */
  function pump(c: Connection): void {
    if (conn !== c || !c.open || c.pumpTimer !== null) return;
    const item = c.queue.shift();
    if (!item) return;
    if (item.on) c.sent.add(item.code);
    else c.sent.delete(item.code);
    c.awaiting.push(item);
    c.ws.send(subscribeFrame(c.token.value, config.tr, item.code, item.on));
    c.sentCount++;
    const pause = c.sentCount % t.subscribeBatch === 0 ? t.subscribeBatchPauseMs : t.subscribeSpacingMs;
    c.pumpTimer = setTimeout(() => {
      c.pumpTimer = null;
      pump(c);
    }, pause);
  }

  /** Queues whatever brings this socket's subscriptions in line with `wanted`. */
  function enqueue(c: Connection, code: string): void {
    c.queue = c.queue.filter((q) => q.code !== code);
    const on = wanted.has(code);
    if (on !== c.sent.has(code)) c.queue.push({ code, on });
    pump(c);
  }

  function onFrame(c: Connection, text: string | null): void {
    const f = text === null ? { kind: 'bad' as const, reason: 'binary frame' } : parseServerFrame(text);
    switch (f.kind) {
      case 'trade':
        try {
          sink.trade(f.code, f.record);
        } catch (err) {
          log.limited('ls-sink', 'error', 'trade sink failed', { code: f.code, error: errorText(err) });
        }
        return;
      case 'ping':
        c.ws.send(PONG_FRAME);
        return;
      case 'bad':
        badFrames++;
        log.limited('ls-bad-frame', 'warn', 'ls frame not understood', { reason: f.reason, frame: text?.slice(0, 200) ?? null });
        emit();
        return;
      case 'ack':
        onAck(c, f.rspCd, f.rspMsg, f.trType, f.code);
    }
  }

  function onAck(c: Connection, rspCd: string, rspMsg: string, trType: string, code: string | undefined): void {
    const idx = code === undefined ? 0 : c.awaiting.findIndex((a) => a.code === code);
    const req = idx >= 0 ? c.awaiting.splice(idx, 1)[0] : undefined;
    if (rspCd === LS_OK) {
      if (req?.on && rejected.delete(req.code)) emit();
      return;
    }
    // The token was refused: renew it rather than blame the stock code.
    if (TOKEN_REJECTED.has(rspCd)) {
      tokens.invalidate(c.token.value);
      lose(c, `LS가 토큰을 거부했습니다: ${rspMsg} (${rspCd}). 새 토큰으로 다시 연결합니다`, true);
      return;
    }
    log.warn('ls subscription refused', { code: req?.code ?? code ?? null, trType, rspCd, rspMsg });
    if (!req?.on || !wanted.has(req.code)) return;
    const n = (c.attempts.get(req.code) ?? 0) + 1;
    c.attempts.set(req.code, n);
    c.sent.delete(req.code);
    if (n <= t.subscribeRetries) {
      later(c, t.subscribeRetryDelayMs, () => enqueue(c, req.code));
    } else if (!rejected.has(req.code)) {
      rejected.add(req.code);
      setError(`LS가 종목 ${req.code} 구독을 거부했습니다: ${rspMsg} (${rspCd})`);
    }
  }

  /** Ends a connection; `error` null for a planned renewal, which reconnects at once. */
  function lose(c: Connection, error: string | null, failure: boolean): void {
    if (conn !== c) return;
    drop(c);
    if (error !== null) {
      log.warn('ls connection lost', { reason: error });
      lastError = error;
    }
    scheduleReconnect(failure);
  }

  /** Forgets the current connection: its timers stop and its socket is terminated. */
  function drop(c: Connection): void {
    conn = null;
    for (const timer of c.timers) clearTimeout(timer);
    if (c.pumpTimer !== null) clearTimeout(c.pumpTimer);
    c.ws.terminate();
  }

  function scheduleReconnect(failure: boolean): void {
    if (stopped) return;
    state = 'reconnecting';
    emit();
    let delay = 0;
    if (failure) delay = reconnectDelay(++failures, t, Math.random());
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
  }

  return {
    kind: 'ls',
    start(codes) {
      if (started) throw new Error('LS feed already started');
      started = true;
      wanted = new Set(codes);
      void connect();
    },
    setCodes(codes) {
      const next = new Set(codes);
      const changed = [...wanted].filter((c) => !next.has(c)).concat([...next].filter((c) => !wanted.has(c)));
      wanted = next;
      let rejectedChanged = false;
      for (const code of changed) {
        if (!next.has(code)) rejectedChanged = rejected.delete(code) || rejectedChanged;
        if (conn?.open) enqueue(conn, code);
      }
      if (rejectedChanged) emit();
    },
    status,
    async close() {
      if (stopped) return;
      stopped = true;
      attempt++;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      const c = conn;
      if (c) {
        drop(c);
        await c.closed;
      }
      state = 'stopped';
      emit();
    },
  };
}
