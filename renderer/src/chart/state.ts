// What the series, primitives and tooltip of one chart share; owned by footprint-chart.ts.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { BarView } from './bar-view.ts';
import { chartLabels, type ChartLabels } from './labels.ts';
import { palette, type Palette } from './palette.ts';
import type { ChartSettings } from './settings.ts';

export interface HoverCell {
  index: number;
  price: number;
}

/** What the latest paint drew, for the page's debug hook (tests read it). */
export interface PaintedMarks {
  /** Bars on screen whose numbers were drawn, and those drawn as bare cells although rows could hold text. */
  textBars: number;
  bareBars: number;
  /** Font sizes (px) the bars' numbers were drawn in. */
  fonts: number[];
  /** Bars whose value-area bracket was drawn. */
  valueAreaBars: number;
  /** Whether the right-edge profile drew its VAH/VAL lines. */
  profileValueArea: boolean;
  /** Names of the stacked zones drawn. */
  zoneLabels: string[];
  /** The price-axis label of the last trade (exact), and whether it rests at the axis edge (price out of view). */
  lastPrice: { price: string; offScale: boolean } | null;
}

export interface ChartState {
  settings: ChartSettings;
  palette: Palette;
  labels: ChartLabels;
  bars: readonly FootprintBar[];
  /** Parallel to `bars`. */
  views: BarView[];
  hover: HoverCell | null;
  /** Bumped on every data change, so derived caches know when to recompute. */
  version: number;
  painted: PaintedMarks;
}

export function newChartState(settings: ChartSettings): ChartState {
  return {
    settings,
    palette: palette(settings.palette),
    labels: chartLabels(settings.lang),
    bars: [],
    views: [],
    hover: null,
    version: 0,
    painted: { textBars: 0, bareBars: 0, fonts: [], valueAreaBars: 0, profileValueArea: false, zoneLabels: [], lastPrice: null },
  };
}
