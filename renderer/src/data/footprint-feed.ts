// One chart's data: bars from /api/footprint kept current with the page's live connection
// (data/live.ts), and the tape's prints through the same seam. Every (re)open of the
// connection and every change of code/date/bars/rows/venue runs the gapless sequence of `Seam`
// (subscribed → buffer → load → merge). Trades are folded as they arrive; `PacedOutput`
// (feed-output.ts) paces what the chart and the tape hear.
import type { LiveTrade } from '../../../electron/shared/trade.ts';
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { FootprintEmpty, FootprintQuery } from '../../../electron/shared/wire.ts';
import { ApiError, fetchFootprint } from './api.ts';
import { PacedOutput, fetchTapeTail, inVenue, type OutputHandlers } from './feed-output.ts';
import type { LiveConnection } from './live.ts';
import { Seam } from './seam.ts';
import { resumeBars, type ResumedBars } from './resumed-bars.ts';

export type LoadState = 'loading' | 'ready' | 'error';

export interface FootprintFeedHandlers extends OutputHandlers {
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
  /** Why the latest load had no bars (the server's answer); null when it had some. */
  empty: FootprintEmpty | null;
}

export interface FootprintFeed {
  /** What to show; null shows nothing (an empty watchlist) and stops following the old query. */
  setQuery(q: FootprintQuery | null): void;
  snapshot(): FeedSnapshot;
  close(): void;
}

const LOAD_RETRY_MS = 3_000;

export function createFootprintFeed({ live, tapeCapacity }: FootprintFeedOptions, h: FootprintFeedHandlers): FootprintFeed {
  let query: FootprintQuery | null = null;
  let seam: Seam<FootprintBar> | null = null;
  let resumed: ResumedBars | null = null;
  let generation = 0;
  let loads = 0;
  let empty: FootprintEmpty | null = null;
  let abort: AbortController | null = null;
  const out = new PacedOutput(tapeCapacity, h, () => resumed);
  // Reloads after a seq gap back off when gaps repeat, so a server-side fault cannot turn every
  // trade into a full reload. The same timer retries a failed load.
  let gaps = 0;
  let gapTimer: ReturnType<typeof setTimeout> | undefined;

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
    out.discard();
    h.load('loading');
    fetchFootprint(q, signal).then(
      ({ data, lastSeq, epoch, auctionState, empty: why }) => {
        if (gen !== generation || !seam) return;
        out.barsLoaded();
        empty = why;
        resumed = resumeBars(q, data, auctionState);
        const loaded = seam.load(resumed, lastSeq, epoch);
        if (loaded === 'gap') return afterGap();
        if (loaded === 'renumbered') return resync();
        loads++;
        // Buffered trades were folded by load(); the chart starts from the merged bars.
        out.resetBars(resumed);
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
      const { tail, lastSeq, epoch } = await fetchTapeTail(q, tapeCapacity, signal);
      if (gen !== generation) return;
      // A merge between the bars' answer and this one renumbered the tail: load both again.
      if (seam !== null && epoch > seam.loadedEpoch) return resync();
      out.resetTape(tail, lastSeq);
    } catch {
      // The tape then shows live prints only; the chart is unaffected.
      if (gen === generation) out.tapeFailed();
    }
  };

  const unsubscribe = live.subscribe({
    open: resync,
    message(msg) {
      // Fetched trades were merged into the shown day: every later seq moved, so load it again
      // instead of splicing live trades onto the old numbers (docs/backfill.md).
      if (msg.kind === 'status' && msg.status.type === 'fill') {
        if (query && msg.status.code === query.code && msg.status.date === query.date) resync();
        return;
      }
      if (msg.kind !== 'trade' || !seam) return;
      const r = seam.offer(msg.trade);
      if (r === 'applied') {
        gaps = 0;
        if (inVenue(query, msg.trade)) {
          const barTime = resumed?.openBarTime() ?? null;
          if (h.trade && barTime !== null) h.trade(msg.trade, barTime);
          out.applied(msg.trade);
        }
      } else if (r === 'gap') afterGap();
      // A merge renumbered the day file (its `fill` frame may still be on its way): load it afresh.
      else if (r === 'renumbered') resync();
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
      empty = null;
      out.clear();
    },
    snapshot: () => ({
      query,
      loaded: seam?.loaded ?? false,
      lastSeq: seam?.lastSeq ?? 0,
      loads,
      bars: resumed?.bars() ?? [],
      empty,
    }),
    close() {
      clearTimeout(gapTimer);
      generation++;
      abort?.abort();
      out.close();
      unsubscribe();
    },
  };
}
