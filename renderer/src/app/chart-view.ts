// The chart tab's data path: the footprint feed (bars and tape through one seam on the page's live
// connection) drawn into the chart, the tape and the header, with the chart's one-line message and
// the missed-trade marks of the day shown. The debug hook for tests and benches reads it too.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { LiveTrade, TradeRecord } from '../../../electron/shared/trade.ts';
import { createFootprintChart, type ChartSettings, type FootprintChart } from '../chart/index.ts';
import type { FootprintEmpty, FootprintQuery } from '../../../electron/shared/wire.ts';
import { createFootprintFeed } from '../data/footprint-feed.ts';
import type { LiveConnection } from '../data/live.ts';
import { createTape, TAPE_CAPACITY, type Tape, type TapeTrade } from '../tape/tape.ts';
import { text, type Lang, type TextKey } from '../ui/i18n.ts';
import { createBigPrints, type BigPrints, type BigPrintsOptions } from './big-prints.ts';
import { createDayGaps } from './day-gaps.ts';
import { installDebugHook } from './debug.ts';
import { emptyMessage } from './empty-state.ts';
import type { Layout } from './layout.ts';

export interface ChartView {
  readonly chart: FootprintChart;
  readonly tape: Tape;
  /** The big prints drawn on the chart and highlighted in the tape. */
  readonly bigPrints: BigPrints;
  /** What to show; null shows nothing (an empty watchlist). */
  setQuery(q: FootprintQuery | null): void;
  /** Forgets the bars and prints shown, before another code, day or bar setting loads. */
  clear(): void;
  /** The chart's one-line state in the current language; null clears it. */
  showMessage(key: TextKey | null, detail?: string, isError?: boolean): void;
  /** A missed-trade frame from the live connection. */
  announceGap(frame: Record<string, unknown>): void;
}

export interface ChartViewOptions {
  layout: Layout;
  live: LiveConnection;
  settings: Partial<ChartSettings>;
  lang: () => Lang;
  /** How the big prints learn the trader's threshold and report theirs. */
  bigPrints: Pick<BigPrintsOptions, 'manual' | 'onThreshold' | 'announce'>;
  /** The bars drawn changed (the header's figures follow them); `empty` says why there are none. */
  onBars(bars: readonly FootprintBar[], empty: FootprintEmpty | null): void;
}

function toTape(t: TradeRecord): TapeTrade {
  return { chetime: t.chetime, price: Number(t.price), volume: Number(t.cvolume), side: t.cgubun, venue: t.exchname ?? '' };
}

export function createChartView({ layout, live, settings, lang, bigPrints: bigPrintHooks, onBars }: ChartViewOptions): ChartView {
  const chart = createFootprintChart(layout.chartHost, settings);
  // Nothing is highlighted until the day's threshold is known.
  const tape = createTape(layout.tapeHost, lang(), Number.POSITIVE_INFINITY);
  const gaps = createDayGaps((list) => chart.setGaps(list));
  let updates = 0;
  let paintedAt: number | null = null;
  let barCount = 0;

  const showMessage = (key: TextKey | null, detail = '', isError = false): void => {
    layout.message.textContent = key ? `${text(lang(), key)}${detail ? `: ${detail}` : ''}` : '';
    layout.message.classList.toggle('error', isError);
  };

  const bigPrints = createBigPrints({
    chart,
    tape,
    query: () => feed.snapshot().query,
    bars: () => feed.snapshot().bars,
    ...bigPrintHooks,
  });
  const feed = createFootprintFeed(
    { live, tapeCapacity: TAPE_CAPACITY },
    {
      bars(bars, fromIndex, reset) {
        updates++;
        barCount = bars.length;
        if (reset) {
          chart.setBars(bars);
          const q = feed.snapshot().query;
          void gaps.show(q?.code ?? '', q?.date ?? '');
          paintedAt = null;
          requestAnimationFrame(() => (paintedAt = performance.now()));
          if (bars.length === 0) {
            layout.message.textContent = emptyMessage(lang(), feed.snapshot().empty, feed.snapshot().query?.venue ?? 'all');
            layout.message.classList.remove('error');
          } else showMessage(null);
        } else {
          chart.updateBars(bars, fromIndex);
          if (barCount > 0) showMessage(null);
        }
        bigPrints.bars(bars, reset);
        onBars(bars, bars.length === 0 ? feed.snapshot().empty : null);
      },
      tape(trades: readonly LiveTrade[], reset) {
        const list = trades.map(toTape);
        if (reset) tape.reset(list);
        else tape.append(list);
      },
      trade: (t, barTime) => bigPrints.trade(t, barTime),
      load(state, error) {
        if (state === 'loading' && barCount === 0) showMessage('loading');
        if (state === 'error') showMessage('loadFailed', error, true);
      },
    },
  );
  installDebugHook(feed.snapshot, () => ({ updates, paintedAt }), () => chart.drawnGaps(), () => chart.drawnProfileRows(), chart.nav, () => chart.drawnMarks(), () => ({
    ...bigPrints.state(),
    drawn: chart.drawnBubbles(),
  }));

  return {
    chart,
    tape,
    bigPrints,
    setQuery: (q) => feed.setQuery(q),
    clear() {
      barCount = 0;
      tape.reset([]);
      bigPrints.clear();
    },
    showMessage,
    announceGap: (frame) => gaps.announce(frame),
  };
}
