// One chart's data: bars from /api/footprint kept current with the page's live connection
// (data/live.ts), and the tape's prints through the same seam. Every (re)open of the
// connection and every change of code/date/bars/rows/venue runs the gapless sequence of `Seam`
// (subscribed → buffer → load → merge). Trades are folded as they arrive; the tape hears about
// them once per animation frame, the chart at most every CHART_INTERVAL_MS, with only the changed
// tail of the bars.
import type { LiveTrade } from '../../../electron/shared/trade.ts';
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { FootprintQuery } from '../../../electron/shared/wire.ts';
import { ApiError, fetchFootprint, fetchHistory } from './api.ts';
import type { LiveConnection } from './live.ts';
import { Seam } from './seam.ts';
import { resumeBars, type ResumedBars } from './resumed-bars.ts';

export type LoadState = 'loading' | 'ready' | 'error';

export interface FootprintFeedHandlers {
  /** Bars changed from `fromIndex` on (0 with `reset` after a load). Called at most once per frame. */
  bars(bars: readonly FootprintBar[], fromIndex: number, reset: boolean): void;
  /** Prints for the tape, oldest first; `reset` replaces what it shows. */
  tape(trades: readonly LiveTrade[], reset: boolean): void;
  load(state: LoadState, error?: string): void;
  /** A live trade of the chart's venue, just folded into the bar whose `time` is `barTime` (each as it arrives). */
  trade?(t: LiveTrade, barTime: number): void;
}

export interface FootprintFeedOptions {
  live: LiveConnection;
  /** How many prints the tape shows: the most kept for it and fetched for it. */
  tapeCapacity: number;
}

export interface FeedSnapshot {
  query: FootprintQuery | null;
  loaded: boolean;
  lastSeq: number;
  /** Completed loads (initial, reconnects, setting changes). */
  loads: number;
  bars: readonly FootprintBar[];
}

export interface FootprintFeed {
  /** What to show; null shows nothing (an empty watchlist) and stops following the old query. */
  setQuery(q: FootprintQuery | null): void;
  snapshot(): FeedSnapshot;
  close(): void;
}

const LOAD_RETRY_MS = 3_000;
/**
 * Live chart repaints at most this often (the tape still updates every frame). A full repaint of
 * ~200 footprint bars costs 10–20 ms in headless Chromium; at 10 per second a burst leaves the
 * main thread free for input and the tape, at the price of ≤ 100 ms extra latency on the cells.
 */
const CHART_INTERVAL_MS = 100;

export function createFootprintFeed({ live, tapeCapacity }: FootprintFeedOptions, h: FootprintFeedHandlers): FootprintFeed {
  let query: FootprintQuery | null = null;
  let seam: Seam<FootprintBar> | null = null;
  let resumed: ResumedBars | null = null;
  let generation = 0;
  let loads = 0;
  let abort: AbortController | null = null;
  // Per-frame state: bounded by the tape's capacity however long frames are withheld (hidden tab).
  let pendingTape: LiveTrade[] = [];
  let dirty = false;
  let frame = 0;
  // Prints applied while the tape's history is still loading, to merge after it (bounded too).
  let sinceLoad: LiveTrade[] | null = null;
  // Reloads after a seq gap back off when gaps repeat, so a server-side fault cannot turn every
  // trade into a full reload. The same timer retries a failed load.
  let gaps = 0;
  let gapTimer: ReturnType<typeof setTimeout> | undefined;

  const venueOk = (t: { exchname?: string }): boolean => query === null || query.venue === 'all' || t.exchname === query.venue;

  let lastChart = 0;
  const flush = (now: number): void => {
    frame = 0;
    if (resumed && dirty) {
      if (now - lastChart >= CHART_INTERVAL_MS) {
        lastChart = now;
        h.bars(resumed.bars(), resumed.takeChangedFrom(), false);
        dirty = false;
      } else schedule();
    }
    if (pendingTape.length > 0) h.tape(pendingTape, false);
    pendingTape = [];
  };
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(flush);
  };
  const keepBounded = (list: LiveTrade[]): void => {
    if (list.length > tapeCapacity * 2) list.splice(0, list.length - tapeCapacity);
  };

  const applied = (t: LiveTrade): void => {
    if (!venueOk(t)) return;
    const barTime = resumed?.openBarTime() ?? null;
    if (h.trade && barTime !== null) h.trade(t, barTime);
    dirty = true;
    pendingTape.push(t);
    keepBounded(pendingTape);
    if (sinceLoad) {
      sinceLoad.push(t);
      keepBounded(sinceLoad);
    }
    schedule();
  };

  const afterGap = (): void => {
    generation++;
    seam = null;
    gaps++;
    clearTimeout(gapTimer);
    gapTimer = setTimeout(resync, gaps > 1 ? Math.min(5_000, 250 * 2 ** gaps) : 0);
  };

  const resync = (): void => {
    clearTimeout(gapTimer);
    if (!query || !live.connected()) return;
    const q = query;
    const gen = ++generation;
    abort?.abort();
    abort = new AbortController();
    const { signal } = abort;
    resumed = null;
    seam = new Seam<FootprintBar>(q.code, q.date);
    pendingTape = [];
    dirty = false;
    h.load('loading');
    fetchFootprint(q, signal).then(
      ({ data, lastSeq, auctionState }) => {
        if (gen !== generation || !seam) return;
        sinceLoad = [];
        resumed = resumeBars(q, data, auctionState);
        if (seam.load(resumed, lastSeq) === 'gap') return afterGap();
        loads++;
        // Buffered trades were folded by load(); the chart starts from the merged bars.
        resumed.takeChangedFrom();
        dirty = false;
        pendingTape = [];
        h.bars(resumed.bars(), 0, true);
        h.load('ready');
        void seedTape(q, gen, signal);
      },
      (err: unknown) => {
        if (gen !== generation || signal.aborted) return;
        // Stop buffering; retry unless the server called the request itself bad.
        seam = null;
        h.load('error', err instanceof Error ? err.message : String(err));
        if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) gapTimer = setTimeout(resync, LOAD_RETRY_MS);
      },
    );
  };

  // The tape opens with the day's latest prints: the history tail plus what arrived since.
  const seedTape = async (q: FootprintQuery, gen: number, signal: AbortSignal): Promise<void> => {
    try {
      const { data, lastSeq } = await fetchHistory(q.code, q.date, tapeCapacity, signal);
      if (gen !== generation) return;
      const tail: LiveTrade[] = [];
      for (let i = data.length - 1; i >= 0 && tail.length < tapeCapacity; i--) {
        // The answer holds the day's last trades: the newest is seq lastSeq.
        if (venueOk(data[i])) tail.push({ ...data[i], code: q.code, date: q.date, seq: lastSeq - (data.length - 1 - i) });
      }
      tail.reverse();
      for (const t of sinceLoad ?? []) if (t.seq > lastSeq) tail.push(t);
      sinceLoad = null;
      // Prints not yet shown were applied after the load, so `tail` already holds them.
      pendingTape = [];
      h.tape(tail.slice(-tapeCapacity), true);
    } catch {
      // The tape then shows live prints only; the chart is unaffected.
      if (gen === generation) sinceLoad = null;
    }
  };

  const unsubscribe = live.subscribe({
    open: resync,
    message(msg) {
      if (msg.kind !== 'trade' || !seam) return;
      const r = seam.offer(msg.trade);
      if (r === 'applied') {
        gaps = 0;
        applied(msg.trade);
      } else if (r === 'gap') afterGap();
    },
    down() {
      // Whatever arrives after the reconnect is merged by a fresh load; nothing half-done survives.
      generation++;
      abort?.abort();
      seam = null;
    },
  });

  return {
    setQuery(q) {
      query = q;
      if (q !== null) return resync();
      generation++;
      abort?.abort();
      clearTimeout(gapTimer);
      seam = null;
      resumed = null;
      sinceLoad = null;
      pendingTape = [];
      dirty = false;
      h.bars([], 0, true);
      h.tape([], true);
    },
    snapshot: () => ({
      query,
      loaded: seam?.loaded ?? false,
      lastSeq: seam?.lastSeq ?? 0,
      loads,
      bars: resumed?.bars() ?? [],
    }),
    close() {
      clearTimeout(gapTimer);
      generation++;
      abort?.abort();
      cancelAnimationFrame(frame);
      unsubscribe();
    },
  };
}
