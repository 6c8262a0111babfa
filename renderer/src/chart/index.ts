// The chart module's public surface.
export {
  createFootprintChart,
  DEFAULT_CHART_SETTINGS,
  type ChartSettings,
  type FootprintChart,
} from './footprint-chart.ts';
export type { PaintedMarks } from './state.ts';
export type { Bubble, DrawnBubbles } from './bubbles.ts';
export type { CellMode, ColorScale, PaletteName, ProfileRange } from './settings.ts';
