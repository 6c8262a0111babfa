// One LS WebSocket and everything that dies with it: its timers, its keep-alive (keepalive.ts) and its
// token's renewal. Its state follows the socket's (CONNECTING → OPEN → CLOSING → CLOSED); it tells the
// feed (client.ts) that it opened, each frame while open, and that it was lost, never after `terminate()`.
import WebSocket from 'ws';
import type { Logger } from '../../log.ts';
import type { LossReason } from './backoff.ts';
import { keepAlive } from './keepalive.ts';
import { errorText, type Token } from './token.ts';
import type { LsTuning } from './tuning.ts';

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;
export type SocketState = typeof CONNECTING | typeof OPEN | typeof CLOSING | typeof CLOSED;

/** The LS firewall is reported to drop handshakes without these (docs/ls-api.md#endpoints). */
const HANDSHAKE_HEADERS = {
  'User-Agent': 'Mozilla/5.0 (compatible; Footprint/0.1; +https://footprint.invalid)',
  'Accept-Language': 'ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7',
};

export interface ConnectionEvents {
  open(): void;
  /** A text frame, or null for a binary one. */
  frame(text: string | null): void;
  /** The connection failed (`error` says how) or its token is due (`error` null, `planned`). */
  lost(error: string | null, why: LossReason): void;
  /** Open for `stableMs`: the connection counts as healthy. */
  stable(): void;
}

export class LsConnection {
  #state: SocketState = CONNECTING;
  readonly #ws: WebSocket;
  readonly #timers = new Set<NodeJS.Timeout>();
  #received = 0;
  /** The socket's last error, for the message when it closes. */
  #why = '';
  /** Resolves once the socket closed: no further frame can arrive. */
  readonly closed: Promise<void>;

  /** Throws when `url` is not a WebSocket address. */
  constructor(
    url: string,
    readonly token: Token,
    private readonly t: LsTuning,
    private readonly events: ConnectionEvents,
    private readonly log: Logger,
  ) {
    const ws = new WebSocket(url, { headers: HANDSHAKE_HEADERS, perMessageDeflate: false, handshakeTimeout: t.handshakeTimeoutMs });
    this.#ws = ws;
    let closed = (): void => {};
    this.closed = new Promise((resolve) => (closed = resolve));
    ws.on('error', (err) => {
      this.#why = errorText(err);
    });
    ws.on('open', () => this.#opened());
    ws.on('message', (data, isBinary) => {
      if (this.#state !== OPEN) return;
      this.#received++;
      events.frame(isBinary ? null : data.toString());
    });
    ws.on('pong', () => {
      this.#received++;
    });
    ws.on('close', (code) => {
      const was = this.#state;
      this.#state = CLOSED;
      this.#clearTimers();
      closed();
      const why = this.#why || `close ${code}`;
      if (was === OPEN) events.lost(`LS 연결이 끊어졌습니다 (${why})`, 'failure');
      else if (was === CONNECTING) events.lost(`LS 서버에 연결할 수 없습니다: ${why}`, 'failure');
    });
  }

  get state(): SocketState {
    return this.#state;
  }

  /** Frames and pongs received so far. */
  get received(): number {
    return this.#received;
  }

  send(frame: string): void {
    this.#ws.send(frame);
  }

  ping(): void {
    this.#ws.ping();
  }

  /** A timer that stops when the connection ends. */
  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }

  /** Ends the connection: its timers stop, its socket is destroyed, and it reports nothing more. */
  terminate(): void {
    this.#clearTimers();
    if (this.#state === CLOSED) return;
    this.#state = CLOSING;
    this.#ws.terminate();
  }

  #opened(): void {
    if (this.#state !== CONNECTING) return;
    this.#state = OPEN;
    this.events.open();
    if (this.#state !== OPEN) return;
    this.later(this.t.stableMs, () => this.events.stable());
    this.later(Math.max(0, this.token.renewAt - Date.now()), () => {
      this.log.info('ls token due for renewal: reconnecting');
      this.events.lost(null, 'planned');
    });
    keepAlive(this, this.t, () => this.events.lost('LS 연결 응답 없음 (핑 시간 초과): 다시 연결합니다', 'failure'));
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
