// The Recorder's quarantine: received trades no real print could carry (shared/trade-sanity.ts) are
// counted per code and day (GET / `quarantined_today`), logged rate-limited and kept, raw, with their
// reason beside the day file (store/quarantine-file.ts); they never reach the day file, /ws or the
// footprint. docs/trade-sanity.md.
import type { Logger } from '../log.ts';
import { quarantineValues, type RawTrade } from '../shared/trade-sanity.ts';
import { appendQuarantine, readQuarantine } from '../store/quarantine-file.ts';
import { SerialQueue } from './serial-queue.ts';

export class Quarantine {
  readonly #log: Logger;
  readonly #counts = new Map<string, { date: string; n: number }>();
  readonly #writes = new SerialQueue();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** One trade kept out of `dir`'s day file of `code` and `date`. */
  put(dir: string, code: string, date: string, raw: RawTrade, reason: string): void {
    const c = this.#counts.get(code);
    if (c && c.date === date) c.n++;
    else this.#counts.set(code, { date, n: 1 });
    const log = this.#log;
    log.limited(`quarantine:${code}`, 'warn', 'trade quarantined, not recorded', { code, date, reason });
    const entry = { at: new Date().toISOString(), reason, raw: quarantineValues(raw) };
    void this.#writes.run(async () => {
      try {
        await appendQuarantine(dir, code, date, entry);
      } catch (err) {
        log.limited('quarantine-write', 'error', 'quarantined trade not kept', { code, date, error: err instanceof Error ? err.message : String(err) });
      }
    });
  }

  /** Trades of `code` quarantined on `date` (this run and, once counted, earlier ones). */
  count(code: string, date: string): number {
    const c = this.#counts.get(code);
    return c && c.date === date ? c.n : 0;
  }

  /** Counts what `dir` already holds for `date` (an earlier run, or another folder before a switch). */
  async countRecorded(dir: string, codes: readonly string[], date: string): Promise<void> {
    await this.#writes.idle();
    this.#counts.clear();
    for (const code of codes) {
      const n = (await readQuarantine(dir, code, date)).length;
      if (n > 0) this.#counts.set(code, { date, n });
    }
  }

  /** Resolves once every quarantined trade so far is written (or failed). */
  idle(): Promise<void> {
    return this.#writes.idle();
  }
}
