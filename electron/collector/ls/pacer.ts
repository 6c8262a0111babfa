// Subscribe pacing for the LS WebSocket: LS documents no subscribe rate limit, so the
// client goes fast while the server acknowledges and backs off as soon as it refuses or stops answering.
// Pure state, no timers: the client asks `delay()` before each send and reports every outcome.

export interface PaceTuning {
  /** Gap between two subscription messages on a fresh connection. */
  subscribeStartMs: number;
  /** The gap shrinks towards this while acknowledgements succeed... */
  subscribeMinMs: number;
  /** ...and grows towards this on refusals and missing acknowledgements. */
  subscribeMaxMs: number;
  /** At most this many requests await their acknowledgement at once. */
  subscribeWindow: number;
}

/** Multiplicative steps: a refusal undoes several successes at once, so a limit is not hit again at once. */
const SPEED_UP = 0.75;
const SLOW_DOWN = 2;

export class SubscribePacer {
  #gap: number;

  constructor(private readonly t: PaceTuning) {
    this.#gap = t.subscribeStartMs;
  }

  /** Milliseconds to wait after a send before the next one. */
  get gap(): number {
    return this.#gap;
  }

  /** Whether another request may go out while `awaiting` requests have no acknowledgement yet. */
  maySend(awaiting: number): boolean {
    return awaiting < this.t.subscribeWindow;
  }

  accepted(): void {
    this.#gap = Math.max(this.t.subscribeMinMs, this.#gap * SPEED_UP);
  }

  /** A refusal, or an acknowledgement that never came. */
  refused(): void {
    this.#gap = Math.min(this.t.subscribeMaxMs, Math.max(this.#gap, 1) * SLOW_DOWN);
  }
}

/**
 * Index of the queue entry to send next: the first one for a code on screen (`priority`), else the oldest.
 */
export function nextIndex(queue: readonly { code: string }[], priority: ReadonlySet<string>): number {
  if (priority.size > 0) {
    const i = queue.findIndex((q) => priority.has(q.code));
    if (i >= 0) return i;
  }
  return queue.length > 0 ? 0 : -1;
}
