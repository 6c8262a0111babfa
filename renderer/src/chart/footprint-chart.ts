// The footprint chart: lightweight-charts v5 with four panes — footprint bars (custom series with
// zone/naked-POC/profile primitives), per-bar statistic rows, volume, and cumulative delta.
import {
  BaselineSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type PriceFormatCustom,
  type BaselineData,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { FootprintBar, FootprintRow } from '../../../electron/shared/footprint/index.ts';
import type { Gap } from '../../../electron/shared/gap.ts';
import { buildBarView } from './bar-view.ts';
import { FootprintSeriesView, type FootprintItem } from './footprint-series.ts';
import { GapMarkers } from './gap-marks.ts';
import { axisLabel, compactNumber, kstClock, kstMonthDay, signedCompact, tickLabel } from './format.ts';
import { tickSize } from '../../../electron/shared/tick-size.ts';
import { chartLabels } from './labels.ts';
import { LevelsPrimitive, ProfilePrimitive, profileWidth } from './overlays.ts';
import { createNavigation, type ChartNavigation } from './navigation.ts';
import { palette, rgba, signColor, THEME } from './palette.ts';
import { PaneTitle } from './pane-title.ts';
import { DEFAULT_CHART_SETTINGS, type ChartSettings } from './settings.ts';
import { newChartState, type ChartState } from './state.ts';
import { STAT_ROWS } from './stats-layout.ts';
import { StatsRowNames, StatsSeriesView } from './stats-series.ts';
import { Tooltip } from './tooltip.ts';

export { DEFAULT_CHART_SETTINGS, type ChartSettings };

interface CellHoverInfo {
  bar: FootprintBar;
  row: FootprintRow;
}

export interface FootprintChart {
  /** Full replace (history load, settings change). */
  setBars(bars: readonly FootprintBar[]): void;
  /** Live: bars[fromIndex..] changed or appended; everything before is unchanged. */
  updateBars(bars: readonly FootprintBar[], fromIndex: number): void;
  setSettings(s: Partial<ChartSettings>): void;
  /** Marks where the shown day's recording misses trades (replaces the marks shown). */
  setGaps(gaps: readonly Gap[]): void;
  /** Labels of the gap marks in the latest paint. */
  drawnGaps(): readonly string[];
  /** Rows of the right-edge profile in the latest paint (0 when it is off). */
  drawnProfileRows(): number;
  /** Live edge, session start, zoom and pan steps. */
  readonly nav: ChartNavigation;
  destroy(): void;
}

const STATS_ROW_PX = 17;
const VOLUME_PANE_PX = 70;
const CVD_PANE_PX = 80;
const TIME_AXIS_PX = 28;
/** Room right of the newest bar: the profile's strip, or a little air when the profile is off. */
const rightOffsetPx = (s: ChartSettings): number => (s.profileRange === 'off' ? 40 : 190);

function utc(t: number): UTCTimestamp {
  return t as UTCTimestamp;
}

function timeOf(t: Time): number {
  return typeof t === 'number' ? t : 0;
}

/** Settings not given take DEFAULT_CHART_SETTINGS. */
export function createFootprintChart(container: HTMLElement, settings: Partial<ChartSettings> = {}): FootprintChart {
  const state: ChartState = newChartState({ ...DEFAULT_CHART_SETTINGS, ...settings });
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';

  const chart: IChartApi = createChart(container, {
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
      tickMarkFormatter: (t: Time, kind: 0 | 1 | 2 | 3 | 4) => axisLabel(timeOf(t), kind),
    },
    localization: {
      locale: 'ko-KR',
      timeFormatter: (t: Time) => `${kstMonthDay(timeOf(t))} ${kstClock(timeOf(t))}`,
    },
  });

  const footprint = chart.addCustomSeries(new FootprintSeriesView(state), {
    // The last price shows on the axis only: a line across the cells would strike through numbers.
    priceLineVisible: false,
    lastValueVisible: true,
    priceFormat: { type: 'custom', formatter: tickLabel, minMove: 1 },
  });
  const levels = new LevelsPrimitive(state);
  const profile = new ProfilePrimitive(state);
  footprint.attachPrimitive(levels);
  footprint.attachPrimitive(profile);
  const gapMarks = new GapMarkers(state);
  footprint.attachPrimitive(gapMarks);

  const stats = chart.addCustomSeries(
    new StatsSeriesView(state),
    {
      priceLineVisible: false,
      lastValueVisible: false,
      priceFormat: { type: 'custom', formatter: () => '' },
    },
    1,
  );
  stats.attachPrimitive(new StatsRowNames(state));

  // Given again on a language change: the price scale keeps the labels it formatted until its format changes.
  const volumeFormat = (): PriceFormatCustom => ({ type: 'custom', formatter: (v: number) => compactNumber(v, state.settings.lang), minMove: 1 });
  const cvdFormat = (): PriceFormatCustom => ({ type: 'custom', formatter: (v: number) => signedCompact(Math.round(v), state.settings.lang), minMove: 1 });
  const volume: ISeriesApi<'Histogram'> = chart.addSeries(
    HistogramSeries,
    {
      priceLineVisible: false,
      lastValueVisible: false,
      priceFormat: volumeFormat(),
    },
    2,
  );
  const cvd: ISeriesApi<'Baseline'> = chart.addSeries(
    BaselineSeries,
    {
      baseValue: { type: 'price', price: 0 },
      lineWidth: 2,
      priceLineVisible: false,
      lastValueVisible: true,
      priceFormat: cvdFormat(),
    },
    3,
  );

  volume.priceScale().applyOptions({ scaleMargins: { top: 0.2, bottom: 0 } });
  cvd.priceScale().applyOptions({ scaleMargins: { top: 0.15, bottom: 0.15 } });

  function applyColours(): void {
    const p = state.palette;
    cvd.applyOptions({
      topLineColor: p.buyText,
      topFillColor1: rgba(p.buy, 0.28),
      topFillColor2: rgba(p.buy, 0.04),
      bottomLineColor: p.sellText,
      bottomFillColor1: rgba(p.sell, 0.04),
      bottomFillColor2: rgba(p.sell, 0.28),
    });
  }

  // Stretch factors are relative, so giving each lower pane its pixel height and the footprint
  // pane the remainder yields those heights (setHeight needs a laid-out chart, this does not).
  const panesNow = chart.panes();
  panesNow[2]?.attachPrimitive(new PaneTitle(() => state.labels.volume));
  panesNow[3]?.attachPrimitive(new PaneTitle(() => state.labels.cvd));

  function layoutPanes(): void {
    const fixed = [STATS_ROW_PX * STAT_ROWS, VOLUME_PANE_PX, CVD_PANE_PX];
    const total = container.clientHeight - TIME_AXIS_PX;
    const panes = chart.panes();
    panes[0]?.setStretchFactor(Math.max(120, total - fixed.reduce((a, b) => a + b, 0)));
    fixed.forEach((px, i) => panes[i + 1]?.setStretchFactor(px));
  }

  const tooltip = new Tooltip(container, state);

  function item(i: number): FootprintItem {
    const b = state.bars[i]!;
    // `color` tints the last-price label on the axis like the bar's candle.
    return { time: utc(b.time), view: state.views[i]!, color: signColor(state.palette, b.close - b.open) };
  }

  function volumeItem(b: FootprintBar): HistogramData<Time> {
    const p = state.palette;
    const c = b.delta > 0 ? p.buy : b.delta < 0 ? p.sell : ([120, 130, 150] as const);
    return { time: utc(b.time), value: b.volume, color: rgba(c, 0.6) };
  }

  function cvdItem(b: FootprintBar): BaselineData<Time> {
    return { time: utc(b.time), value: b.cvd };
  }

  // Axis steps follow the tick of the latest price, so grid lines land on tradable prices.
  let minMove = 1;
  function followTick(): void {
    const last = state.bars[state.bars.length - 1];
    const tick = last === undefined ? 1 : tickSize(last.close);
    if (tick === minMove) return;
    minMove = tick;
    footprint.applyOptions({ priceFormat: { type: 'custom', formatter: tickLabel, minMove } });
  }

  function rebuildAll(): void {
    state.views = state.bars.map((b) => buildBarView(b, state.settings));
    state.version++;
    const items = state.bars.map((_, i) => item(i));
    footprint.setData(items);
    stats.setData(items);
    volume.setData(state.bars.map(volumeItem));
    cvd.setData(state.bars.map(cvdItem));
    followTick();
  }

  function setBars(bars: readonly FootprintBar[]): void {
    state.bars = bars;
    state.hover = null;
    rebuildAll();
  }

  function updateBars(bars: readonly FootprintBar[], fromIndex: number): void {
    const prevLen = state.views.length;
    // An update that would rewrite history beyond the tail is cheaper as a full replace.
    if (fromIndex < 0 || fromIndex > prevLen || prevLen - fromIndex > 3 || bars.length < prevLen) {
      setBars(bars);
      return;
    }
    state.bars = bars;
    for (let i = fromIndex; i < bars.length; i++) {
      state.views[i] = buildBarView(bars[i]!, state.settings);
      const historical = i < prevLen - 1;
      const it = item(i);
      footprint.update(it, historical);
      stats.update(it, historical);
      volume.update(volumeItem(bars[i]!), historical);
      cvd.update(cvdItem(bars[i]!), historical);
    }
    state.version++;
    followTick();
  }

  function setSettings(s: Partial<ChartSettings>): void {
    const next = { ...state.settings, ...s };
    const rebuild =
      next.cellMode !== state.settings.cellMode ||
      next.imbalanceRatio !== state.settings.imbalanceRatio ||
      next.imbalanceMinVolume !== state.settings.imbalanceMinVolume ||
      next.stackedMin !== state.settings.stackedMin ||
      next.rowTicks !== state.settings.rowTicks ||
      next.lang !== state.settings.lang;
    const recolour = next.palette !== state.settings.palette;
    const reprofile = next.profileRange !== state.settings.profileRange;
    const relabel = next.lang !== state.settings.lang;
    state.settings = next;
    state.palette = palette(next.palette);
    state.labels = chartLabels(next.lang);
    if (recolour) applyColours();
    if (relabel) {
      volume.applyOptions({ priceFormat: volumeFormat() });
      cvd.applyOptions({ priceFormat: cvdFormat() });
    }
    if (reprofile) chart.timeScale().applyOptions({ rightOffsetPixels: rightOffsetPx(next) });
    if (rebuild || recolour) rebuildAll();
    else {
      state.version++;
      footprint.applyOptions({});
    }
  }

  function hover(param: MouseEventParams<Time>): void {
    let info: CellHoverInfo | null = null;
    const idx = param.logical === undefined ? -1 : Math.round(param.logical);
    if (param.point !== undefined && param.paneIndex === 0 && idx >= 0 && idx < state.bars.length) {
      const p = footprint.coordinateToPrice(param.point.y);
      const cell = p === null ? undefined : state.views[idx]!.cells.find((c) => p >= c.low && p < c.high);
      if (cell !== undefined) info = { bar: state.bars[idx]!, row: cell.row };
    }
    const next = info === null ? null : { index: idx, price: info.row.price };
    const prev = state.hover;
    if (prev?.index !== next?.index || prev?.price !== next?.price) {
      state.hover = next;
      footprint.applyOptions({});
    }
    tooltip.show(info, param.point ?? null);
  }

  const nav = createNavigation(chart, container, (w) => (state.settings.profileRange === 'off' ? 0 : profileWidth(w)), () => state.bars.length);

  applyColours();
  layoutPanes();
  // Pane heights are in pixels; re-apply them when the container is resized (the footprint pane takes the rest).
  const resize = new ResizeObserver(() => layoutPanes());
  resize.observe(container);
  chart.subscribeCrosshairMove(hover);

  return {
    setBars,
    updateBars,
    setSettings,
    setGaps(gaps) {
      gapMarks.set(gaps);
      footprint.applyOptions({});
    },
    drawnGaps: () => gapMarks.labels(),
    drawnProfileRows: () => profile.drawnRows,
    nav,
    destroy() {
      resize.disconnect();
      chart.unsubscribeCrosshairMove(hover);
      tooltip.destroy();
      chart.remove();
    },
  };
}
