// What the trade store reports about itself: counters for `GET /` (`store`), the alarm while lines
// wait or are refused (docs/durability.md#disk-refuses), and the rate-limited log lines of failures.
import type { StoreAlarm, StoreStats } from '../shared/wire.ts';
import type { Logger } from '../log.ts';

export class StoreHealth {
  /** Lines in the retry queue over all files. */
  pendingTotal = 0;
  droppedLines = 0;
  writeErrors = 0;
  linesWritten = 0;
  lastError: string | null = null;
  /** Lines refused since the queue last emptied: the alarm stays `overflowing` until then. */
  #refusing = false;
  #lastAlarm = 'null';
  readonly #log: Logger;
  readonly #onAlarm: () => void;

  constructor(log: Logger, onAlarm: () => void) {
    this.#log = log;
    this.#onAlarm = onAlarm;
  }

  /** Null while every line is written; otherwise whether lines wait or are being refused. */
  alarm(): StoreAlarm | null {
    if (this.#refusing) return { state: 'overflowing', error: this.lastError };
    return this.pendingTotal > 0 ? { state: 'queueing', error: this.lastError } : null;
  }

  /** Tells the listener when alarm() changed since it last heard. */
  check(): void {
    const now = JSON.stringify(this.alarm());
    if (now === this.#lastAlarm) return;
    this.#lastAlarm = now;
    this.#onAlarm();
  }

  /** A line was not recorded (`alarm`: false once the store is closed, when nobody listens). */
  refused(path: string, why: string, alarm: boolean): 'refused' {
    this.droppedLines++;
    if (alarm) {
      this.#refusing = true;
      this.check();
    }
    this.#log.limited(`store-refused:${path}`, 'error', `trade NOT recorded: ${why}`, {
      path,
      droppedLines: this.droppedLines,
      error: this.lastError,
    });
    return 'refused';
  }

  failed(path: string, e: unknown, what: string, pendingLines: number): void {
    const err = e as NodeJS.ErrnoException;
    this.writeErrors++;
    this.lastError = `${what}: ${err.code ?? err.message}`;
    this.#log.limited(`store-error:${path}`, 'error', what, { path, error: err.code ?? err.message, pendingLines });
  }

  /** Every queued line is written again. */
  recovered(): void {
    this.lastError = null;
    this.#refusing = false;
    this.#log.info('day files writable again; queued trades written');
  }

  stats(openFiles: number): StoreStats {
    return {
      openFiles,
      pendingLines: this.pendingTotal,
      droppedLines: this.droppedLines,
      writeErrors: this.writeErrors,
      lastError: this.lastError,
      linesWritten: this.linesWritten,
    };
  }
}
