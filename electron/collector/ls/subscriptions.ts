// The subscriptions of one LS connection: queued (un)subscribe requests sent one at a time at the pacer's
// gap and window (pacer.ts), codes on screen first, each acknowledgement matched to its request
// (docs/ls-api.md#ws-frames), a refused code retried on the same connection with a doubling delay. What a
// refusal means for the token and the alarms is the feed's (client.ts) to decide.
import type { Logger } from '../../log.ts';
import { SubscribePacer, nextIndex } from './pacer.ts';
import { LS_OK, TOKEN_REJECTED } from './token.ts';
import type { LsTuning } from './tuning.ts';

interface Request {
  code: string;
  on: boolean;
}

/** The connection the requests go out on. */
export interface SubscriptionSocket {
  /** Whether requests may go out (the socket is open and still the feed's). */
  readonly sending: boolean;
  /** Sends one (un)subscribe request. */
  subscribe(code: string, on: boolean): void;
  /** A timer that dies with the connection. */
  later(ms: number, fn: () => void): void;
}

/** What the feed decides. */
export interface SubscriptionOwner {
  wanted(): ReadonlySet<string>;
  /** Codes on screen, sent first. */
  priority(): ReadonlySet<string>;
  /** A watched code is recording; `everyCode` once every watched code is. */
  accepted(code: string, everyCode: boolean): void;
  /** The server refused a watched code (an alarm until it is accepted). */
  refused(code: string, message: string): void;
  /** The token is no longer honoured: `rejected` when a code was refused past its retries. */
  renewToken(message: string, why: 'failure' | 'rejected'): void;
}

export class Subscriptions {
  /** Codes whose subscribe was sent (and not undone) on this connection. */
  readonly #sent = new Set<string>();
  #queue: Request[] = [];
  /** Requests awaiting an acknowledgement, oldest first. */
  readonly #awaiting: Request[] = [];
  /** Watched codes whose subscription this connection's server accepted (or never answered). */
  readonly #accepted = new Set<string>();
  readonly #attempts = new Map<string, number>();
  readonly #pacer: SubscribePacer;
  /** A send's gap is running: the next request waits for it. */
  #pacing = false;

  constructor(
    private readonly socket: SubscriptionSocket,
    private readonly owner: SubscriptionOwner,
    private readonly t: LsTuning,
    private readonly log: Logger,
  ) {
    this.#pacer = new SubscribePacer(t);
  }

  isAccepted(code: string): boolean {
    return this.#accepted.has(code);
  }

  /** Subscribes every watched code (a fresh connection). */
  subscribeAll(): void {
    for (const code of this.owner.wanted()) this.#queue.push({ code, on: true });
    this.#pump();
  }

  /** Queues whatever brings this connection's subscription of `code` in line with the watched codes. */
  enqueue(code: string): void {
    this.#queue = this.#queue.filter((q) => q.code !== code);
    const on = this.owner.wanted().has(code);
    if (on !== this.#sent.has(code)) this.#queue.push({ code, on });
    this.#pump();
  }

  /** An acknowledgement frame; `code` when it names one, else it answers the oldest request. */
  ack(rspCd: string, rspMsg: string, trType: string, code: string | undefined): void {
    const idx = code === undefined ? 0 : this.#awaiting.findIndex((a) => a.code === code);
    const req = idx >= 0 ? this.#awaiting.splice(idx, 1)[0] : undefined;
    if (rspCd === LS_OK) {
      this.#pacer.accepted();
      if (req?.on) this.#accept(req.code);
      this.#pump();
      return;
    }
    this.#pacer.refused();
    this.#pump();
    // The token was refused: renew it rather than blame the stock code.
    if (TOKEN_REJECTED.has(rspCd)) {
      this.owner.renewToken(`LS가 토큰을 거부했습니다: ${rspMsg} (${rspCd}). 새 토큰으로 다시 연결합니다`, 'failure');
      return;
    }
    this.log.warn('ls subscription refused', { code: req?.code ?? code ?? null, trType, rspCd, rspMsg });
    if (req?.on && this.owner.wanted().has(req.code)) this.#refused(req.code, `LS가 종목 ${req.code} 구독을 거부했습니다: ${rspMsg} (${rspCd})`);
  }

  #refused(code: string, message: string): void {
    const n = (this.#attempts.get(code) ?? 0) + 1;
    this.#attempts.set(code, n);
    this.#sent.delete(code);
    this.owner.refused(code, message);
    if (n <= this.t.subscribeRetries) {
      this.socket.later(this.t.subscribeRetryDelayMs * 2 ** (n - 1), () => this.enqueue(code));
      return;
    }
    // Still refused: the server may have stopped honouring this token (another holder issued a new one).
    this.owner.renewToken(`${message}. 새 토큰으로 다시 연결합니다`, 'rejected');
  }

  /** Sends the next queued request, codes on screen first, when the pacer's gap and window allow. */
  #pump(): void {
    if (!this.socket.sending || this.#pacing || !this.#pacer.maySend(this.#awaiting.length)) return;
    const i = nextIndex(this.#queue, this.owner.priority());
    if (i < 0) return;
    const item = this.#queue.splice(i, 1)[0];
    if (item.on) this.#sent.add(item.code);
    else {
      this.#sent.delete(item.code);
      this.#accepted.delete(item.code);
    }
    this.#awaiting.push(item);
    this.socket.subscribe(item.code, item.on);
    this.socket.later(this.t.subscribeAckTimeoutMs, () => this.#unanswered(item));
    this.#pacing = true;
    this.socket.later(this.#pacer.gap, () => {
      this.#pacing = false;
      this.#pump();
    });
  }

  #unanswered(item: Request): void {
    const idx = this.#awaiting.indexOf(item);
    if (idx < 0) return;
    // Unanswered: assume it took (the server may not acknowledge at all) but go slower.
    this.#awaiting.splice(idx, 1);
    this.log.limited('ls-ack-timeout', 'warn', 'ls subscription not acknowledged', { code: item.code });
    this.#pacer.refused();
    if (item.on) this.#accept(item.code);
    this.#pump();
  }

  #accept(code: string): void {
    const wanted = this.owner.wanted();
    if (!wanted.has(code)) return;
    this.#accepted.add(code);
    this.owner.accepted(code, [...wanted].every((w) => this.#accepted.has(w)));
  }
}
