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
  };
}
