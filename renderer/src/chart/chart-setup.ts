// Building the chart: lightweight-charts options and the four panes' series — footprint bars (with
// the zone/naked-POC, profile and gap-mark primitives), per-bar statistic rows, volume and cumulative
// delta — plus what follows settings on them (colours, number formats, pane heights).
import {
  BaselineSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
  type ChartOptions,
  type DeepPartial,
  type IChartApi,
  type ISeriesApi,
  type PriceFormatCustom,
  type Time,
} from 'lightweight-charts';
import { BigPrintBubbles } from './bubbles.ts';
import { FootprintSeriesView } from './footprint-series.ts';
import type { FootprintSeries } from './bar-series.ts';
import { axisLabel, compactNumber, kstClock, kstMonthDay, signedCompact, tickLabel } from './format.ts';
import { GapMarkers } from './gap-marks.ts';
import { barStartClock } from './time-labels.ts';
import { LastPriceLabel } from './last-price.ts';
import { LevelsPrimitive, ProfilePrimitive } from './overlays.ts';
import { rgba, THEME } from './palette.ts';
import { PaneTitle } from './pane-title.ts';
import type { ChartSettings } from './settings.ts';
import type { ChartState } from './state.ts';
import { STAT_ROWS } from './stats-layout.ts';
import { StatsRowNames, StatsSeriesView } from './stats-series.ts';
import { ZoneLabels } from './zone-labels.ts';

const STATS_ROW_PX = 17;
const VOLUME_PANE_PX = 70;
const CVD_PANE_PX = 80;
const TIME_AXIS_PX = 28;
/** Room right of the newest bar: the profile's strip, or a little air when the profile is off. */
export const rightOffsetPx = (s: ChartSettings): number => (s.profileRange === 'off' ? 40 : 190);

function timeOf(t: Time): number {
  return typeof t === 'number' ? t : 0;
}

/** A bar whose axis value ran ahead of its first trade is labelled with that trade's time (time-labels.ts). */
function firstTrade(state: ChartState, t: number): string | null {
  const start = barStartClock(state.bars, t);
  return start !== null && start < kstClock(t) ? start : null;
}

function chartOptions(state: ChartState): DeepPartial<ChartOptions> {
  return {
    autoSize: true,
    // The TradingView attribution is shown in the page footer instead: the logo injects a <style> the CSP blocks.
    layout: {
      attributionLogo: false,
      background: { type: ColorType.Solid, color: THEME.background },
      textColor: THEME.textDim,
      fontSize: 11,
      fontFamily: THEME.font,
      panes: { separatorColor: THEME.border, separatorHoverColor: 'rgba(120, 140, 170, 0.35)', enableResize: true },
    },
    grid: { vertLines: { color: THEME.grid }, horzLines: { color: THEME.grid } },
    crosshair: {
      mode: CrosshairMode.Normal,
      vertLine: { color: 'rgba(200, 210, 225, 0.35)', labelBackgroundColor: '#2a3446' },
      horzLine: { color: 'rgba(200, 210, 225, 0.35)', labelBackgroundColor: '#2a3446' },
    },
    rightPriceScale: { borderColor: THEME.border, minimumWidth: 72, scaleMargins: { top: 0.06, bottom: 0.06 } },
    timeScale: {
      borderColor: THEME.border,
      timeVisible: true,
      secondsVisible: false,
      barSpacing: 110,
      minBarSpacing: 0.5,
      // Keeps the newest bar clear of the right-edge volume profile.
      rightOffsetPixels: rightOffsetPx(state.settings),
      // lightweight-charts reads times as UTC; bars carry UTC epoch seconds, labels show KST.
      tickMarkFormatter: (t: Time, kind: 0 | 1 | 2 | 3 | 4) => (kind >= 3 ? firstTrade(state, timeOf(t)) : null) ?? axisLabel(timeOf(t), kind),
    },
    localization: {
      locale: 'ko-KR',
      timeFormatter: (t: Time) => `${kstMonthDay(timeOf(t))} ${firstTrade(state, timeOf(t)) ?? kstClock(timeOf(t))}`,
    },
  };
}

/** The chart's series and primitives, and what re-applies settings to them. */
export interface ChartSeries {
  chart: IChartApi;
  footprint: FootprintSeries;
  stats: FootprintSeries;
  volume: ISeriesApi<'Histogram'>;
  cvd: ISeriesApi<'Baseline'>;
  profile: ProfilePrimitive;
  gapMarks: GapMarkers;
  bubbles: BigPrintBubbles;
  /** Follows the palette. */
  applyColours(): void;
  /** Follows the language: the price scale keeps the labels it formatted until its format changes. */
  applyNumberFormats(): void;
  /** Gives each lower pane its pixel height (none while there are no bars) and the footprint pane the rest. */
  layoutPanes(): void;
}

export function createChartSeries(container: HTMLElement, state: ChartState): ChartSeries {
  const chart: IChartApi = createChart(container, chartOptions(state));
  const bubbles = new BigPrintBubbles(state);
  const footprint = chart.addCustomSeries(new FootprintSeriesView(state, (target) => bubbles.paint(target)), {
    // The last price shows on the axis only (last-price.ts): a line across the cells would strike
    // through numbers, and the built-in label follows the last visible bar, rounded to the tick.
    priceLineVisible: false,
    lastValueVisible: false,
    priceFormat: { type: 'custom', formatter: tickLabel, minMove: 1 },
  });
  const levels = new LevelsPrimitive(state);
  footprint.attachPrimitive(levels);
  const profile = new ProfilePrimitive(state);
  footprint.attachPrimitive(profile);
  const gapMarks = new GapMarkers(state);
  footprint.attachPrimitive(gapMarks);
  footprint.attachPrimitive(new ZoneLabels(state, () => levels.drawnZones()));
  footprint.attachPrimitive(new LastPriceLabel(state));
  footprint.attachPrimitive(bubbles);

  const stats = chart.addCustomSeries(
    new StatsSeriesView(state),
    { priceLineVisible: false, lastValueVisible: false, priceFormat: { type: 'custom', formatter: () => '' } },
    1,
  );
  stats.attachPrimitive(new StatsRowNames(state));

  const volumeFormat = (): PriceFormatCustom => ({ type: 'custom', formatter: (v: number) => compactNumber(v, state.settings.lang), minMove: 1 });
  const cvdFormat = (): PriceFormatCustom => ({ type: 'custom', formatter: (v: number) => signedCompact(Math.round(v), state.settings.lang), minMove: 1 });
  const volume = chart.addSeries(HistogramSeries, { priceLineVisible: false, lastValueVisible: false, priceFormat: volumeFormat() }, 2);
  const cvd = chart.addSeries(
    BaselineSeries,
    { baseValue: { type: 'price', price: 0 }, lineWidth: 2, priceLineVisible: false, lastValueVisible: true, priceFormat: cvdFormat() },
    3,
  );
  // The top margins keep the panes' titles (pane-title.ts) clear of the bars and the line.
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.32, bottom: 0 } });
  cvd.priceScale().applyOptions({ scaleMargins: { top: 0.3, bottom: 0.1 } });

  const panesNow = chart.panes();
  panesNow[2]?.attachPrimitive(new PaneTitle(() => state.labels.volume));
  panesNow[3]?.attachPrimitive(new PaneTitle(() => state.labels.cvd));

  return {
    chart,
    footprint,
    stats,
    volume,
    cvd,
    profile,
    gapMarks,
    bubbles,
    applyColours() {
      const p = state.palette;
      cvd.applyOptions({
        topLineColor: p.buyText,
        topFillColor1: rgba(p.buy, 0.28),
        topFillColor2: rgba(p.buy, 0.04),
        bottomLineColor: p.sellText,
        bottomFillColor1: rgba(p.sell, 0.04),
        bottomFillColor2: rgba(p.sell, 0.28),
      });
    },
    applyNumberFormats() {
      volume.applyOptions({ priceFormat: volumeFormat() });
      cvd.applyOptions({ priceFormat: cvdFormat() });
    },
    layoutPanes() {
      // Stretch factors are relative, so giving each lower pane its pixel height and the footprint
      // pane the remainder yields those heights (setHeight needs a laid-out chart, this does not).
      // Without bars (a day with no trades, nothing loaded yet) the lower panes would be empty titled
      // boxes: they shrink to the library's least height (2 px) until bars arrive.
      const empty = state.bars.length === 0;
      const fixed = empty ? [0, 0, 0] : [STATS_ROW_PX * STAT_ROWS, VOLUME_PANE_PX, CVD_PANE_PX];
      const total = container.clientHeight - TIME_AXIS_PX;
      const panes = chart.panes();
      panes[0]?.setStretchFactor(Math.max(120, total - fixed.reduce((a, b) => a + b, 0)));
      fixed.forEach((px, i) => panes[i + 1]?.setStretchFactor(px));
    },
  };
}
