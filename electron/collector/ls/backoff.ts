// When the LS client reconnects after it lost a connection: at once for a planned token renewal, after a
// doubling delay for failures (reset once a connection stayed open `stableMs`), and after a slower doubling
// delay for rounds of refused subscriptions (reset once a connection has every code).
import { reconnectDelay, type LsTuning } from './tuning.ts';

/** Why a connection ended: its token is due (`planned`), it failed, or the server kept refusing a code. */
export type LossReason = 'planned' | 'failure' | 'rejected';

export class ReconnectBackoff {
  #failures = 0;
  #rejectRounds = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly t: LsTuning) {}

  /** Runs `reconnect` after the delay `why` calls for. */
  schedule(why: LossReason, reconnect: () => void): void {
    let delay = 0;
    if (why === 'failure') delay = reconnectDelay(++this.#failures, this.t, Math.random());
    if (why === 'rejected') delay = reconnectDelay(++this.#rejectRounds, { ...this.t, reconnectCapMs: this.t.rejectReconnectCapMs }, Math.random());
    this.#timer = setTimeout(() => {
      this.#timer = null;
      reconnect();
    }, delay);
  }

  /** A connection stayed open `stableMs`: failures start over. */
  stable(): void {
    this.#failures = 0;
  }

  /** A connection has every watched code: refusal rounds start over. */
  recordingAll(): void {
    this.#rejectRounds = 0;
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
