// Chart settings: what the page can change without rebuilding bars. Pure (no DOM) so layout
// modules and their unit tests can share it.
import type { Lang } from '../ui/i18n.ts';

export type CellMode = 'bidask' | 'delta' | 'volume' | 'trades' | 'profile';
export type ColorScale = 'bar' | 'visible';
export type PaletteName = 'korean' | 'western';
/** The right-edge volume profile: of the bars on screen, of the whole day, or none (it then frees its strip). */
export type ProfileRange = 'visible' | 'session' | 'off';

export interface ChartSettings {
  cellMode: CellMode;
  colorScale: ColorScale;
  palette: PaletteName;
  /** Diagonal imbalance: one side must exceed the other by this factor. */
  imbalanceRatio: number;
  /** Diagonal imbalance: the larger side needs at least this volume. */
  imbalanceMinVolume: number;
  /** Consecutive imbalanced rows that form a stacked zone. */
  stackedMin: number;
  profileRange: ProfileRange;
  /** Row size in KRX ticks the bars were aggregated with. */
  rowTicks: number;
  lang: Lang;
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = {
  cellMode: 'bidask',
  colorScale: 'bar',
  palette: 'korean',
  imbalanceRatio: 3,
  imbalanceMinVolume: 1,
  stackedMin: 3,
  profileRange: 'visible',
  rowTicks: 1,
  lang: 'ko',
};
