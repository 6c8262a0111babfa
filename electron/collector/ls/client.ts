// The LS Open API realtime trade feed: one WebSocket, every watched code subscribed at an adaptive pace
// (pacer.ts), acknowledgements checked, a dead socket detected by WS ping/pong, and a reconnect (fresh token
// when due, every code resubscribed) after any loss. A code the server keeps refusing costs the token:
// the client fetches a new one and reconnects, with its own backoff, and reports the code as not recording. See docs/ls-api.md#ws-frames.
import WebSocket from 'ws';
import { kstDate } from '../../shared/kst.ts';
import type { ConnectionState } from '../../shared/feed-kinds.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';
import type { Logger } from '../../log.ts';
import { PONG_FRAME, parseServerFrame, subscribeFrame } from './frames.ts';
import type { TradeTr } from '../../shared/wire.ts';
import { LS_OK, TOKEN_REJECTED, TokenError, TokenManager, errorText, type Token } from './token.ts';
import { SubscribePacer, nextIndex } from './pacer.ts';
import { DEFAULT_LS_TUNING, reconnectDelay, type LsTuning } from './tuning.ts';

export interface LsConfig {
  appKey: string;
  appSecret: string;
  restUrl: string;
  wsUrl: string;
  simulated: boolean;
  tr: TradeTr;
}

/** The LS firewall is reported to drop handshakes without these (docs/ls-api.md#endpoints). */
const HANDSHAKE_HEADERS = {
  'User-Agent': 'Mozilla/5.0 (compatible; Footprint/0.1; +https://footprint.invalid)',
  'Accept-Language': 'ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7',
};

interface Request {
  code: string;
  on: boolean;
}

/** One live socket and everything that dies with it. */
interface Connection {
  ws: WebSocket;
  token: Token;
  open: boolean;
  /** Codes whose subscribe was sent (and not undone) on this socket. */
  sent: Set<string>;
  queue: Request[];
  /** Requests awaiting an acknowledgement, oldest first. */
  awaiting: Request[];
  /** Watched codes whose subscription this socket's server accepted (or never answered). */
  accepted: Set<string>;
  attempts: Map<string, number>;
  pacer: SubscribePacer;
  /** Frames and pongs received so far: a ping is answered when this moved before its deadline. */
  rx: number;
  timers: Set<NodeJS.Timeout>;
  pumpTimer: NodeJS.Timeout | null;
  closed: Promise<void>;
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
  /** Consecutive reconnects caused by refused subscriptions; reset once a connection has every code. */
  let rejectRounds = 0;
  let priority: ReadonlySet<string> = new Set();
  let reconnectTimer: NodeJS.Timeout | null = null;
  const rejected = new Set<string>();
  let state: ConnectionState = 'stopped';
  let lastError: string | null = null;
  let reconnects = 0;
  let badFrames = 0;

  const notRecording = (): string[] => {
    const c = conn?.open ? conn : null;
    return [...wanted].filter((code) => !c?.accepted.has(code)).sort();
  };
  const status = (): FeedStatus => ({
    kind: 'ls', simulated: config.simulated, state, lastError, reconnects,
    rejectedCodes: [...rejected].sort(), notRecording: notRecording(), badFrames, date: kstDate(Date.now()),
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
      scheduleReconnect('failure');
      return;
    }
    if (stopped || my !== attempt) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(config.wsUrl, { headers: HANDSHAKE_HEADERS, perMessageDeflate: false, handshakeTimeout: t.handshakeTimeoutMs });
    } catch (err) {
      setError(`LS WebSocket 주소가 잘못되었습니다: ${errorText(err)}`);
      scheduleReconnect('failure');
      return;
    }
    const c: Connection = {
      ws, token, open: false, sent: new Set(), queue: [], awaiting: [], accepted: new Set(), attempts: new Map(),
      pacer: new SubscribePacer(t), rx: 0, timers: new Set(), pumpTimer: null,
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
      lose(c, c.open ? `LS 연결이 끊어졌습니다 (${why || `close ${code}`})` : `LS 서버에 연결할 수 없습니다: ${why || `close ${code}`}`, 'failure');
    });
  }

  function onOpen(c: Connection): void {
    if (conn !== c) return;
    c.open = true;
    state = 'open';
    // A refused code stays an alarm until the server accepts it.
    if (rejected.size === 0) lastError = null;
    log.info('ls connected', { url: config.wsUrl, codes: wanted.size });
    emit();
    for (const code of wanted) c.queue.push({ code, on: true });
    pump(c);
    later(c, t.stableMs, () => {
      failures = 0;
    });
    later(c, Math.max(0, c.token.renewAt - Date.now()), () => {
      log.info('ls token due for renewal: reconnecting');
      lose(c, null, 'planned');
    });
    const ping = (): void => {
      const seen = c.rx;
      c.ws.ping();
      later(c, t.pongDeadlineMs, () => {
        if (c.rx === seen) lose(c, 'LS 연결 응답 없음 (핑 시간 초과): 다시 연결합니다', 'failure');
      });
      later(c, t.pingIntervalMs, ping);
    };
    later(c, t.pingIntervalMs, ping);
  }

  /** Sends queued (un)subscriptions one at a time, codes on screen first, at the pacer's gap and window. */
  function pump(c: Connection): void {
    if (conn !== c || !c.open || c.pumpTimer !== null || !c.pacer.maySend(c.awaiting.length)) return;
    const i = nextIndex(c.queue, priority);
    if (i < 0) return;
    const item = c.queue.splice(i, 1)[0];
    if (item.on) c.sent.add(item.code);
    else {
      c.sent.delete(item.code);
      c.accepted.delete(item.code);
    }
    c.awaiting.push(item);
    c.ws.send(subscribeFrame(c.token.value, config.tr, item.code, item.on));
    later(c, t.subscribeAckTimeoutMs, () => {
      const idx = c.awaiting.indexOf(item);
      if (idx < 0) return;
      // Unanswered: assume it took (the server may not acknowledge at all) but go slower.
      c.awaiting.splice(idx, 1);
      log.limited('ls-ack-timeout', 'warn', 'ls subscription not acknowledged', { code: item.code });
      c.pacer.refused();
      if (item.on) accept(c, item.code);
      pump(c);
    });
    c.pumpTimer = setTimeout(() => {
      c.pumpTimer = null;
      pump(c);
    }, c.pacer.gap);
  }

  function accept(c: Connection, code: string): void {
    if (!wanted.has(code)) return;
    c.accepted.add(code);
    const cleared = rejected.delete(code);
    if (cleared && rejected.size === 0) lastError = null;
    if ([...wanted].every((w) => c.accepted.has(w))) {
      rejectRounds = 0;
      emit();
    } else if (cleared) emit();
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
      c.pacer.accepted();
      if (req?.on) accept(c, req.code);
      pump(c);
      return;
    }
    c.pacer.refused();
    pump(c);
    // The token was refused: renew it rather than blame the stock code.
    if (TOKEN_REJECTED.has(rspCd)) {
      tokens.invalidate(c.token.value);
      lose(c, `LS가 토큰을 거부했습니다: ${rspMsg} (${rspCd}). 새 토큰으로 다시 연결합니다`, 'failure');
      return;
    }
    log.warn('ls subscription refused', { code: req?.code ?? code ?? null, trType, rspCd, rspMsg });
    if (!req?.on || !wanted.has(req.code)) return;
    const n = (c.attempts.get(req.code) ?? 0) + 1;
    c.attempts.set(req.code, n);
    c.sent.delete(req.code);
    const message = `LS가 종목 ${req.code} 구독을 거부했습니다: ${rspMsg} (${rspCd})`;
    if (!rejected.has(req.code)) {
      rejected.add(req.code);
      setError(message);
    }
    if (n <= t.subscribeRetries) {
      later(c, t.subscribeRetryDelayMs * 2 ** (n - 1), () => enqueue(c, req.code));
      return;
    }
    // Still refused: the server may have stopped honouring this token (another holder issued a new one).
    tokens.invalidate(c.token.value);
    lose(c, `${message}. 새 토큰으로 다시 연결합니다`, 'rejected');
  }

  /**
   * Ends a connection: `error` null for a planned renewal, which reconnects at once; `why` picks the
   * backoff (a lost connection's, or refused subscriptions' slower one).
   */
  function lose(c: Connection, error: string | null, why: 'planned' | 'failure' | 'rejected'): void {
    if (conn !== c) return;
    drop(c);
    if (error !== null) {
      log.warn('ls connection lost', { reason: error });
      lastError = error;
    }
    scheduleReconnect(why);
  }

  /** Forgets the current connection: its timers stop and its socket is terminated. */
  function drop(c: Connection): void {
    conn = null;
    for (const timer of c.timers) clearTimeout(timer);
    if (c.pumpTimer !== null) clearTimeout(c.pumpTimer);
    c.ws.terminate();
  }

  function scheduleReconnect(why: 'planned' | 'failure' | 'rejected'): void {
    if (stopped) return;
    state = 'reconnecting';
    emit();
    let delay = 0;
    if (why === 'failure') delay = reconnectDelay(++failures, t, Math.random());
    if (why === 'rejected') delay = reconnectDelay(++rejectRounds, { ...t, reconnectCapMs: t.rejectReconnectCapMs }, Math.random());
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
        if (!next.has(code) && rejected.delete(code)) {
          rejectedChanged = true;
          if (rejected.size === 0) lastError = null;
        }
        if (conn?.open) enqueue(conn, code);
      }
      if (rejectedChanged) emit();
    },
    prioritize(codes) {
      priority = new Set(codes);
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
