// The footprint chart: lightweight-charts v5 with four panes (chart-setup.ts), bars fed into them
// (bar-data.ts), the crosshair's cell and tooltip (hover.ts), and settings applied to all of them.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { Gap } from '../../../electron/shared/gap.ts';
import { BarData } from './bar-data.ts';
import type { Bubble, DrawnBubbles } from './bubbles.ts';
import { createChartSeries, rightOffsetPx, type ChartSeries } from './chart-setup.ts';
import { CellHover } from './hover.ts';
import { chartLabels } from './labels.ts';
import { createNavigation, type ChartNavigation } from './navigation.ts';
import { profileWidth } from './overlays.ts';
import { palette } from './palette.ts';
import { DEFAULT_CHART_SETTINGS, type ChartSettings } from './settings.ts';
import { newChartState, type ChartState, type PaintedMarks } from './state.ts';

export { DEFAULT_CHART_SETTINGS, type ChartSettings };

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
  /** What the latest paint drew: bars with numbers, value areas, zone names. */
  drawnMarks(): PaintedMarks;
  /** Big prints to draw as bubbles (replaces those shown), sized against threshold `min`. */
  setBigPrints(prints: readonly Bubble[], min: number): void;
  /** The bubbles of the latest paint. */
  drawnBubbles(): DrawnBubbles;
  /** Live edge, session start, zoom and pan steps. */
  readonly nav: ChartNavigation;
  destroy(): void;
}

/** Settings not given take DEFAULT_CHART_SETTINGS. */
export function createFootprintChart(container: HTMLElement, settings: Partial<ChartSettings> = {}): FootprintChart {
  const state: ChartState = newChartState({ ...DEFAULT_CHART_SETTINGS, ...settings });
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  const series = createChartSeries(container, state);
  const data = new BarData(state, series);
  const hover = new CellHover(container, state, series.footprint);

  series.applyColours();
  series.layoutPanes();
  // Pane heights are in pixels; re-apply them when the container is resized (the footprint pane takes the rest).
  const resize = new ResizeObserver(() => series.layoutPanes());
  resize.observe(container);
  series.chart.subscribeCrosshairMove(hover.move);
  const nav = createNavigation(series.chart, container, (w) => (state.settings.profileRange === 'off' ? 0 : profileWidth(w)), () => state.bars.length);

  return {
    setBars: (bars) => data.setBars(bars),
    updateBars: (bars, fromIndex) => data.updateBars(bars, fromIndex),
    setSettings: (s) => applySettings(state, series, data, s),
    setGaps(gaps) {
      series.gapMarks.set(gaps);
      series.footprint.applyOptions({});
    },
    drawnGaps: () => series.gapMarks.labels(),
    drawnProfileRows: () => series.profile.drawnRows,
    drawnMarks: () => structuredClone(state.painted),
    setBigPrints(prints, min) {
      series.bubbles.set(prints, min);
      series.footprint.applyOptions({});
    },
    drawnBubbles: () => series.bubbles.drawn(),
    nav,
    destroy() {
      resize.disconnect();
      series.chart.unsubscribeCrosshairMove(hover.move);
      hover.destroy();
      series.chart.remove();
    },
  };
}

/** Applies changed settings, rebuilding bar views only when what they hold changed. */
function applySettings(state: ChartState, series: ChartSeries, data: BarData, s: Partial<ChartSettings>): void {
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
  if (recolour) series.applyColours();
  if (relabel) series.applyNumberFormats();
  if (reprofile) series.chart.timeScale().applyOptions({ rightOffsetPixels: rightOffsetPx(next) });
  if (rebuild || recolour) data.rebuildAll();
  else {
    state.version++;
    series.footprint.applyOptions({});
  }
}
