// Big prints of the chart shown (docs/big-prints.md): after every load of the bars the day's list is
// asked for (with the trader's threshold for the code, or none for the day's default), then live
// trades at or above the threshold are added as they are folded. The prints go to the chart as
// bubbles, the threshold to the tape's highlighting and to the control bar; a new live one is announced.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { LiveTrade } from '../../../electron/shared/trade.ts';
import type { FootprintQuery } from '../../../electron/shared/wire.ts';
import type { FootprintChart } from '../chart/index.ts';
import { ApiError } from '../data/api.ts';
import { BigPrintBook, fetchBigPrints, type PlacedPrint } from '../data/big-prints.ts';
import type { Tape } from '../tape/tape.ts';

export interface BigPrintsOptions {
  chart: FootprintChart;
  tape: Tape;
  /** What the chart shows now. */
  query(): FootprintQuery | null;
  /** The bars the chart shows now. */
  bars(): readonly FootprintBar[];
  /** The trader's threshold for `code`, or null for the day's default. */
  manual(code: string): number | null;
  /** The threshold in effect changed (null while unknown); `auto` when it is the day's default. */
  onThreshold(min: number | null, auto: boolean): void;
  /** A big print just traded (live). */
  announce(p: PlacedPrint, code: string): void;
}

export interface BigPrintsState {
  min: number | null;
  auto: boolean;
  loading: boolean;
  /** Prints known and placed in a bar. */
  prints: number;
}

export interface BigPrints {
  /** The bars changed: `reset` after a (re)load, when the day's list is asked for again. */
  bars(bars: readonly FootprintBar[], reset: boolean): void;
  /** A live trade folded into the bar at `barTime`. */
  trade(t: LiveTrade, barTime: number): void;
  /** The trader changed the code's threshold: the list is asked for again. */
  reload(): void;
  /** Nothing shown (another code or day is on its way). */
  clear(): void;
  state(): BigPrintsState;
}

const RETRY_MS = 3_000;

export function createBigPrints(o: BigPrintsOptions): BigPrints {
  const book = new BigPrintBook();
  let generation = 0;
  let abort: AbortController | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const draw = (): void => {
    o.chart.setBigPrints(book.list(), book.min ?? 1);
    o.tape.setLargeThreshold(book.min ?? Number.POSITIVE_INFINITY);
  };

  const clear = (): void => {
    generation++;
    abort?.abort();
    clearTimeout(retry);
    book.reset();
    draw();
    o.onThreshold(null, false);
  };

  const load = (): void => {
    clear();
    const q = o.query();
    if (q === null) return;
    const gen = generation;
    // Asked for once the bars are painted, so the day-file read never delays the chart's first frame.
    requestAnimationFrame(() => setTimeout(() => {
      if (gen === generation) ask(q, gen);
    }, 0));
  };

  const ask = (q: FootprintQuery, gen: number): void => {
    abort = new AbortController();
    fetchBigPrints(q, o.manual(q.code), abort.signal).then(
      ({ data, lastSeq }) => {
        if (gen !== generation) return;
        book.load(data, lastSeq, o.bars());
        draw();
        o.onThreshold(book.min, book.auto);
      },
      (err: unknown) => {
        if (gen !== generation || abort?.signal.aborted) return;
        // A busy server (503) or a lost connection: ask again; a refused request stays refused.
        if (!(err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429)) retry = setTimeout(load, RETRY_MS);
      },
    );
  };

  return {
    bars(bars, reset) {
      if (reset) load();
      else if (book.place(bars)) draw();
    },
    trade(t, barTime) {
      const p = book.live(t, barTime);
      if (p === null) return;
      draw();
      o.announce(p, t.code);
    },
    reload: load,
    clear,
    state: () => ({ min: book.min, auto: book.auto, loading: book.loading, prints: book.list().length }),
  };
}
