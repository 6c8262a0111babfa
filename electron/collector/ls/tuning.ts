// Every delay and limit of the LS client (client.ts), in one place so tests can shrink them.
import type { PaceTuning } from './pacer.ts';

export interface LsTuning extends PaceTuning {
  /** A subscription with no acknowledgement this long counts as accepted (and slows the pace). */
  subscribeAckTimeoutMs: number;
  /** A refused subscription is retried on the same connection this many times (the delay doubling)... */
  subscribeRetries: number;
  subscribeRetryDelayMs: number;
  /** ...then the token is renewed and the client reconnects, after a delay doubling per such round up to this. */
  rejectReconnectCapMs: number;
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
  subscribeStartMs: 100,
  subscribeMinMs: 20,
  subscribeMaxMs: 2000,
  subscribeWindow: 8,
  subscribeAckTimeoutMs: 5000,
  subscribeRetries: 3,
  subscribeRetryDelayMs: 2000,
  rejectReconnectCapMs: 5 * 60_000,
  reconnectBaseMs: 5000,
  reconnectCapMs: 60_000,
  reconnectJitter: 0.2,
  stableMs: 30_000,
  pingIntervalMs: 15_000,
  pongDeadlineMs: 10_000,
  handshakeTimeoutMs: 10_000,
  tokenRefreshMarginMs: 5 * 60_000,
};

/** Delay before reconnect attempt after `failures` consecutive failures (>= 1); `random` in [0, 1). */
export function reconnectDelay(failures: number, t: LsTuning, random: number): number {
  const base = Math.min(t.reconnectCapMs, t.reconnectBaseMs * 2 ** Math.min(failures - 1, 30));
  return base + random * base * t.reconnectJitter;
}
