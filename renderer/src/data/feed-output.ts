// What a footprint feed hands its chart and tape, paced: applied trades collect here and go out
// once per animation frame (the tape) or at most every CHART_INTERVAL_MS (the chart, only the
// changed tail of the bars). While the tape's history tail loads, prints applied meanwhile are kept
// to merge after it. Everything held is bounded by the tape's capacity however long frames are
// withheld (a hidden tab).
import type { LiveTrade, TradeRecord } from '../../../electron/shared/trade.ts';
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { FootprintQuery } from '../../../electron/shared/wire.ts';
import { fetchHistory } from './api.ts';
import type { ResumedBars } from './resumed-bars.ts';

/**
 * Live chart repaints at most this often (the tape still updates every frame). A full repaint of
 * ~200 footprint bars costs 10–20 ms in headless Chromium; at 10 per second a burst leaves the
 * main thread free for input and the tape, at the price of ≤ 100 ms extra latency on the cells.
 */
const CHART_INTERVAL_MS = 100;

export interface OutputHandlers {
  /** Bars changed from `fromIndex` on (0 with `reset` after a load). Called at most once per frame. */
  bars(bars: readonly FootprintBar[], fromIndex: number, reset: boolean): void;
  /** Prints for the tape, oldest first; `reset` replaces what it shows. */
  tape(trades: readonly LiveTrade[], reset: boolean): void;
}

export class PacedOutput {
  private pendingTape: LiveTrade[] = [];
  private dirty = false;
  private frame = 0;
  private lastChart = 0;
  // Prints applied while the tape's history is still loading, to merge after it.
  private sinceLoad: LiveTrade[] | null = null;

  constructor(
    private readonly tapeCapacity: number,
    private readonly h: OutputHandlers,
    /** The bars the chart shows (null while none are loaded). */
    private readonly bars: () => ResumedBars | null,
  ) {}

  /** A trade the seam applied (already in the venue the chart shows). */
  applied(t: LiveTrade): void {
    this.dirty = true;
    this.pendingTape.push(t);
    this.keepBounded(this.pendingTape);
    if (this.sinceLoad) {
      this.sinceLoad.push(t);
      this.keepBounded(this.sinceLoad);
    }
    this.schedule();
  }

  /** Drops what has not gone out yet (a new load replaces it). */
  discard(): void {
    this.pendingTape = [];
    this.dirty = false;
  }

  /** The bars were loaded: start keeping prints for the tape's history. */
  barsLoaded(): void {
    this.sinceLoad = [];
  }

  /** The chart starts over from `bars` (the merged load). */
  resetBars(r: ResumedBars): void {
    r.takeChangedFrom();
    this.discard();
    this.h.bars(r.bars(), 0, true);
  }

  /** The tape starts from the day's `tail` (the newest is seq `lastSeq`) plus what was applied since. */
  resetTape(tail: LiveTrade[], lastSeq: number): void {
    for (const t of this.sinceLoad ?? []) if (t.seq > lastSeq) tail.push(t);
    this.sinceLoad = null;
    // Prints not yet shown were applied after the load, so `tail` already holds them.
    this.pendingTape = [];
    this.h.tape(tail.slice(-this.tapeCapacity), true);
  }

  /** The tape's history did not load: it then shows live prints only. */
  tapeFailed(): void {
    this.sinceLoad = null;
  }

  /** Nothing to show (no query). */
  clear(): void {
    this.sinceLoad = null;
    this.discard();
    this.h.bars([], 0, true);
    this.h.tape([], true);
  }

  close(): void {
    cancelAnimationFrame(this.frame);
  }

  private readonly flush = (now: number): void => {
    this.frame = 0;
    const r = this.bars();
    if (r && this.dirty) {
      if (now - this.lastChart >= CHART_INTERVAL_MS) {
        this.lastChart = now;
        this.h.bars(r.bars(), r.takeChangedFrom(), false);
        this.dirty = false;
      } else this.schedule();
    }
    if (this.pendingTape.length > 0) this.h.tape(this.pendingTape, false);
    this.pendingTape = [];
  };

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.flush);
  }

  private keepBounded(list: LiveTrade[]): void {
    if (list.length > this.tapeCapacity * 2) list.splice(0, list.length - this.tapeCapacity);
  }
}

/**
 * The day's latest `capacity` prints of the chart's venue, oldest first, numbered back from the
 * answer's `X-Last-Seq` (history and the store count lines alike: docs/ARCHITECTURE.md, reading a day file).
 */
export async function fetchTapeTail(q: FootprintQuery, capacity: number, signal: AbortSignal): Promise<{ tail: LiveTrade[]; lastSeq: number; epoch: number }> {
  const { data, lastSeq, epoch } = await fetchHistory(q.code, q.date, capacity, signal);
  return { tail: tapeTail(q, data, lastSeq, epoch, capacity), lastSeq, epoch };
}

function tapeTail(q: FootprintQuery, data: readonly TradeRecord[], lastSeq: number, epoch: number, capacity: number): LiveTrade[] {
  const tail: LiveTrade[] = [];
  for (let i = data.length - 1; i >= 0 && tail.length < capacity; i--) {
    // The answer holds the day's last trades: the newest is seq lastSeq.
    if (inVenue(q, data[i])) tail.push({ ...data[i], code: q.code, date: q.date, seq: lastSeq - (data.length - 1 - i), epoch });
  }
  return tail.reverse();
}

/** Whether a print belongs to the venue the query shows. */
export function inVenue(q: FootprintQuery | null, t: { exchname?: string }): boolean {
  return q === null || q.venue === 'all' || t.exchname === q.venue;
}
