// The fill (docs/backfill.md): for a code's day, finds the holes of the day file (with rows already in
// the side file counted as present), fetches each from LS time-and-sales into the side file, then merges
// the side file into the day file inside the store's writer and announces the new epoch. One run per code
// at a time; requests arriving during a run make it run once more. Runs for all codes share one TR queue.
// Once the day is over no live trade bounds the rows after a day file's last line, so runs then fetch
// and append that tail too (shared/fill/close.ts), and every watched code runs once when the day ends.
import { fetchHole, type TimeSalesSource } from '../collector/ls/time-sales.ts';
import { TrCallError, type TrQueue } from '../collector/ls/tr-queue.ts';
import type { Logger } from '../log.ts';
import { mergeDaySteps } from '../shared/fill/merge.ts';
import type { FillRow } from '../shared/fill/row.ts';
import { holesSteps, type Hole } from '../shared/fill/seam.ts';
import { STEP } from '../shared/fill/steps.ts';
import { appendsTail, nextDayOverMs, tailHole } from '../shared/fill/close.ts';
import type { TradeRecord } from '../shared/trade.ts';
import { mergeIntoDayFile, readDayRecords, type DayReplacer } from '../store/day-merge.ts';
import { dayFilePath } from '../store/day-file.ts';
import { runSliced } from '../turns.ts';
import { appendFillRows, keepFillRows, readFillRows } from '../store/fill-file.ts';
import type { BackfillAction, BackfillState, BackfillStatus, FillFrame } from '../shared/wire.ts';
import { gapOutcomeSteps } from '../shared/fill/gap-states.ts';
import { appendGap, readGaps } from '../store/gap-file.ts';

export interface BackfillDeps {
  queue: Pick<TrQueue, 'call' | 'close' | 'interval' | 'focus'>;
  source: TimeSalesSource;
  /** The day files' single writer (Recorder or TradeStore). */
  writer: DayReplacer;
  dir: string;
  today: () => string;
  /** The clock (UTC ms): when the day is over (tests move it). */
  now: () => number;
  /** The watched codes, each filled once more when the day is over. */
  codes: () => readonly string[];
  log: Logger;
  onMerged: (frame: FillFrame) => void;
  /** The day file ends in the tail the fill appended after the close, up to this cumulative volume (Recorder.filledTo). */
  onTailFilled: (code: string, date: string, volume: number) => void;
  /** A code's status changed (the /ws status frame carries it, grouped: core/status.ts). */
  onStatus?: () => void;
  /** The first wait before a run LS failed runs again (RETRY_FIRST_MS; tests shorten it). */
  retryMs?: number;
}

/**
 * A run that LS failed (error answers or no answer, after the queue's own retries) runs again by itself
 * after this wait, doubled for each failure in a row up to RETRY_MAX_MS: an outage of LS ends, and the
 * day must not stay incomplete until the next live jump or a restart.
 */
const RETRY_FIRST_MS = 15_000;
const RETRY_MAX_MS = 5 * 60_000;

const fresh = (): BackfillStatus => ({
  state: 'idle', fetched: 0, pages: 0, inserted: 0, unknown_sides: 0, remaining_estimate: null, eta_seconds: null, last_error: null,
});

/** Prints still missing from the holes, by the aggressor counts of the lines around each; null when unknown. */
function* printsMissingSteps(holes: readonly Hole[], lines: readonly TradeRecord[]): Generator<void, number | null> {
  const ends = new Set(holes.flatMap((h) => [h.after, h.before]));
  const counts = new Map<number | null, number>();
  for (let i = 0; i < lines.length; i++) {
    const v = Number(lines[i].volume);
    if (ends.has(v)) counts.set(v, Number(lines[i].mschecnt) + Number(lines[i].mdchecnt));
    if (i % STEP === STEP - 1) yield;
  }
  let total = 0;
  for (const h of holes) {
    if (h.before === null) return null;
    const n = (counts.get(h.before) ?? 0) - 1 - (h.after === 0 ? 0 : (counts.get(h.after) ?? 0));
    if (!Number.isFinite(n) || n < 0) return null;
    total += n;
  }
  return total;
}

/**
 * Prints older than the oldest of `rows` in a whole-day fetch with nothing on file to bound it (an
 * empty day file): every row carries the day's aggressor counts so far (auction fills not counted).
 */
function printsBefore(rows: readonly FillRow[]): number {
  return Math.max(0, Math.min(...rows.map((r) => r.mschecnt + r.mdchecnt)) - 1);
}

/** Pauses or resumes a code's fill (POST /api/backfill/{code}); null when there is no fill. */
export function controlFill(fill: Backfill | null, code: string, action: BackfillAction): BackfillStatus | null {
  if (fill === null) return null;
  if (action === 'pause') fill.pause(code);
  else fill.resume(code);
  return fill.statusOf(code);
}

export class Backfill {
  readonly #status = new Map<string, BackfillStatus>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #paused = new Set<string>();
  /** Codes taken off the watchlist: their run stops between pages, then their status goes. */
  readonly #gone = new Set<string>();
  /** Codes with fetched rows past the day file's end: the next live trade lets them merge. */
  readonly #tail = new Set<string>();
  /** Cumulative volume of each code's last live trade. */
  readonly #lastVolume = new Map<string, number>();
  /** When each code's last live trade arrived (the clock's ms): one after the day's end bounds the tail itself. */
  readonly #lastLive = new Map<string, number>();
  /** Per code: runs LS failed in a row, and the timer of the next try. */
  readonly #failures = new Map<string, number>();
  readonly #retries = new Map<string, NodeJS.Timeout>();
  #rowsPerPage = 0;
  #closed = false;
  #dayOver: NodeJS.Timeout | null = null;

  constructor(private readonly deps: BackfillDeps) {
    this.#atDayOver(deps.now());
  }

  /** Fills every watched code when the day after `from` is over (its tail), then at each following day's end. */
  #atDayOver(from: number): void {
    const at = nextDayOverMs(from);
    this.#dayOver = setTimeout(() => {
      for (const code of this.deps.codes()) this.request(code);
      this.#atDayOver(Math.max(at, this.deps.now()));
    }, Math.max(0, at - this.deps.now()));
    this.#dayOver.unref();
  }

  /** The day is over and no live trade came after its end: the fill appends the day's tail itself. */
  #appendsTail(code: string, date: string): boolean {
    return appendsTail(date, this.deps.now(), this.#lastLive.get(code) ?? null);
  }

  /** Fills the code's day (now, or once more after the run under way). */
  request(code: string): void {
    if (this.#closed) return;
    this.#cancelRetry(code);
    this.#gone.delete(code);
    if (this.#running.has(code)) {
      this.#again.add(code);
      return;
    }
    this.#set(code, { state: this.#paused.has(code) ? 'paused' : 'queued' });
    if (this.#paused.has(code)) return;
    const run = this.#run(code).finally(() => {
      this.#running.delete(code);
      if (this.#gone.has(code)) this.#forget(code);
      else if (this.#again.delete(code)) this.request(code);
    });
    this.#running.set(code, run);
  }

  /**
   * A live trade of `code` was recorded. Its cumulative volume not continuing the previous one's is a hole,
   * known exactly without waiting for the continuity tracker's trust; rows waiting past the file's end can
   * now be placed.
   */
  afterTrade(code: string, record: TradeRecord): void {
    const v = Number(record.volume);
    const prev = this.#lastVolume.get(code);
    this.#lastLive.set(code, this.deps.now());
    if (Number.isSafeInteger(v)) this.#lastVolume.set(code, v);
    // The first trade of a run is compared with the day file by the run it starts (a restart's hole).
    const jumped = prev === undefined || (Number.isSafeInteger(v) && v - Number(record.cvolume) !== prev);
    if (this.#tail.delete(code) || jumped) this.request(code);
  }

  /** The codes some page shows: their calls go first in the shared TR queue. */
  prioritize(codes: readonly string[]): void {
    this.deps.queue.focus(codes);
  }

  pause(code: string): void {
    this.#paused.add(code);
    this.#cancelRetry(code);
    if (!this.#running.has(code)) this.#set(code, { state: 'paused' });
  }

  resume(code: string): void {
    if (this.#paused.delete(code)) this.request(code);
  }

  status(): Record<string, BackfillStatus> {
    return Object.fromEntries([...this.#status].map(([c, s]) => [c, { ...s }]));
  }

  statusOf(code: string): BackfillStatus {
    return { ...(this.#status.get(code) ?? fresh()) };
  }

  /** Stops the queue and waits for runs under way to end; fetched rows stay in the side files. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#dayOver !== null) clearTimeout(this.#dayOver);
    for (const code of [...this.#retries.keys()]) this.#cancelRetry(code);
    this.deps.queue.close();
    await Promise.allSettled([...this.#running.values()]);
  }

  /** Resolves when no run is under way or queued (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()]);
  }

  #set(code: string, patch: Partial<BackfillStatus>): BackfillStatus {
    const s = { ...(this.#status.get(code) ?? fresh()), ...patch };
    this.#status.set(code, s);
    this.deps.onStatus?.();
    return s;
  }

  async #run(code: string): Promise<void> {
    const { dir, log } = this.deps;
    const date = this.deps.today();
    try {
      const read = await readDayRecords(dayFilePath(dir, code, date));
      if ('reason' in read) throw new Error(read.reason);
      const side = await readFillRows(dir, code, date);
      // What is still missing once the side file's rows count as present.
      const virtual = (await runSliced(mergeDaySteps(read.records, side))).records;
      const holes = virtual.length === 0 ? [tailHole(virtual)] : await runSliced(holesSteps(virtual));
      if (virtual.length > 0 && this.#appendsTail(code, date)) holes.push(tailHole(virtual));
      this.#set(code, { state: 'running', remaining_estimate: await runSliced(printsMissingSteps(holes, virtual)), last_error: null });
      this.#eta(code);
      // Every hole paged to its start (or as far as LS has rows): only then has every fetched row its predecessor.
      let ended = true;
      for (const hole of holes.reverse()) {
        if (this.#stopped(code)) {
          ended = false;
          break;
        }
        const progress = await fetchHole(this.deps.queue, code, this.deps.source, hole, async (cut) => {
          await appendFillRows(dir, code, date, cut.inside);
          side.push(...cut.inside);
          const s = this.#set(code, { fetched: this.statusOf(code).fetched + cut.inside.length, pages: this.statusOf(code).pages + 1 });
          if (cut.inside.length > 0) this.#rowsPerPage = Math.max(this.#rowsPerPage, cut.inside.length);
          if (s.remaining_estimate !== null) this.#set(code, { remaining_estimate: Math.max(0, s.remaining_estimate - cut.inside.length) });
          else if (holes.length === 1 && hole.after === 0 && cut.inside.length > 0) this.#set(code, { remaining_estimate: printsBefore(cut.inside) });
          this.#eta(code);
        }, () => this.#stopped(code));
        ended &&= progress.ended;
      }
      await this.#merge(code, date, side, ended);
      this.#failures.delete(code);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.warn('backfill failed', { code, date, error: message });
      if (this.#paused.has(code)) {
        // Paused meanwhile: it stays paused (resume runs it again), the error said.
        this.#set(code, { state: 'paused', last_error: message, eta_seconds: null });
        return;
      }
      if (err instanceof TrCallError && err.kind === 'failed' && !this.#stopped(code)) {
        // Asked again during this run: that run follows at once, and its failure sets the wait.
        if (this.#again.has(code)) {
          this.#set(code, { state: 'failed', last_error: message, eta_seconds: null });
          return;
        }
        // LS did not answer as it should: tried again later; the gaps stay open until a run settles them.
        const failures = (this.#failures.get(code) ?? 0) + 1;
        this.#failures.set(code, failures);
        const wait = Math.min(RETRY_MAX_MS, (this.deps.retryMs ?? RETRY_FIRST_MS) * 2 ** (failures - 1));
        this.#set(code, { state: 'failed', last_error: `${message} · ${Math.ceil(wait / 1000)}초 후 다시 시도합니다.`, eta_seconds: null });
        this.#retries.set(code, setTimeout(() => this.request(code), wait).unref());
        return;
      }
      this.#set(code, { state: 'failed', last_error: message, eta_seconds: null });
      await this.#settleGaps(code, date, null, message);
    }
  }

  #cancelRetry(code: string): void {
    clearTimeout(this.#retries.get(code));
    this.#retries.delete(code);
  }

  /**
   * Appends a state line for each recorded gap whose state changed, once the code's fill has ended (not
   * paused, no run queued). `lines`: the day file after the fill; null when it could not be read.
   */
  async #settleGaps(code: string, date: string, lines: readonly TradeRecord[] | null, failure: string | null): Promise<void> {
    if (this.#stopped(code) || this.#again.has(code)) return;
    const { dir, log } = this.deps;
    try {
      const outcomes = await runSliced(gapOutcomeSteps(await readGaps(dir, code, date), lines, failure, 'LS 체결 조회에 없는 구간입니다.', new Date().toISOString()));
      for (const o of outcomes) await appendGap(dir, code, date, o);
    } catch (err) {
      log.warn('gap states not recorded', { code, date, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * Merges the fetched rows. `ended` false (stopped mid-hole): a row whose predecessor is not fetched yet
   * stays in the side file, so the run that fetches its predecessor recovers its side (docs/backfill.md).
   */
  async #merge(code: string, date: string, side: FillRow[], ended: boolean): Promise<void> {
    const { dir, writer } = this.deps;
    const outcome = await mergeIntoDayFile(writer, dir, code, date, side, !ended, this.#appendsTail(code, date));
    if (outcome.kind === 'unfillable') throw new Error(outcome.reason);
    const lines = outcome.lines;
    const lastVolume = lines.length > 0 ? Number(lines[lines.length - 1].volume) : 0;
    // Told before any await: no live trade can be taken between the swap and this. Only the tail ends the
    // day in a fetched line (during the session fetched rows go below the last line).
    if (lines.at(-1)?.src === 'fill') this.deps.onTailFilled(code, date, lastVolume);
    const beyond = side.filter((r) => r.volume > lastVolume);
    await keepFillRows(dir, code, date, [...outcome.held, ...beyond]);
    if (beyond.length > 0) this.#tail.add(code);
    const holes = await runSliced(holesSteps(lines));
    const missing = holes.length === 0 ? 0 : await runSliced(printsMissingSteps(holes, lines));
    // Read after the walks above: a pause or request made while they ran counts.
    const stopped = this.#stopped(code);
    // A hole left while another run is asked for (a live trade opened it during this one) is that run's to fill.
    const state: BackfillState = stopped ? 'paused' : holes.length === 0 || lines.length === 0 ? 'done' : this.#again.has(code) ? 'queued' : 'failed';
    const s = this.#set(code, {
      state,
      remaining_estimate: missing,
      eta_seconds: state === 'done' ? 0 : null,
      last_error: state === 'failed' ? `LS에 없는 체결 구간 ${holes.length}곳이 남았습니다.` : null,
    });
    await this.#settleGaps(code, date, lines, null);
    if (outcome.kind === 'merged') {
      this.#set(code, { inserted: s.inserted + outcome.inserted, unknown_sides: s.unknown_sides + outcome.counts.unknown });
      this.deps.log.info('backfill merged', { code, date, inserted: outcome.inserted, epoch: outcome.epoch, unknown: outcome.counts.unknown });
      this.deps.onMerged({ type: 'fill', code, date, epoch: outcome.epoch, inserted: outcome.inserted, state });
    }
  }

  #stopped(code: string): boolean {
    return this.#closed || this.#paused.has(code) || this.#gone.has(code);
  }

  /** The watchlist changed: a code no longer on it fetches nothing more, and GET / stops showing its fill. */
  prune(): void {
    const watched = new Set(this.deps.codes());
    for (const code of [...this.#status.keys()]) {
      if (watched.has(code)) continue;
      this.#gone.add(code);
      this.#cancelRetry(code);
      if (!this.#running.has(code)) this.#forget(code);
    }
  }

  #forget(code: string): void {
    for (const state of [this.#status, this.#failures, this.#lastVolume, this.#lastLive]) state.delete(code);
    for (const set of [this.#gone, this.#again, this.#paused, this.#tail]) set.delete(code);
    this.deps.onStatus?.();
  }

  #eta(code: string): void {
    const s = this.statusOf(code);
    if (s.remaining_estimate === null || this.#rowsPerPage === 0) return;
    const pages = Math.ceil(s.remaining_estimate / this.#rowsPerPage);
    this.#set(code, { eta_seconds: Math.ceil((pages * this.deps.queue.interval(this.deps.source.tr)) / 1000) });
  }
}
