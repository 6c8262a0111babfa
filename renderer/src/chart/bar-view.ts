// Everything a frame needs about one bar, computed when the bar changes (not at paint time):
// labels for the current cell mode, row bounds, imbalance flags, stacked zones and scale maxima.
import {
  diagonalImbalances,
  stackedImbalances,
  unfinishedAuction,
  type FootprintBar,
  type FootprintRow,
  type StackedZone,
} from '../../../electron/shared/footprint/index.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { compactNumber, signedCompact, signedGroup } from './format.ts';
import { rowBounds } from './rows.ts';
import type { CellMode, ChartSettings } from './settings.ts';
import { statCells, type StatCells } from './stats-layout.ts';

export interface CellView {
  row: FootprintRow;
  /** Visual extent in price units (see rows.ts). */
  low: number;
  high: number;
  volume: number;
  delta: number;
  /** Left / right label, full and compact ('' when the mode has one label). */
  left: string;
  right: string;
  leftCompact: string;
  rightCompact: string;
  buyImbalance: boolean;
  sellImbalance: boolean;
  isPoc: boolean;
  inValueArea: boolean;
}

export interface BarView {
  bar: FootprintBar;
  /** Price-descending, like bar.rows. */
  cells: CellView[];
  /** Largest single side, row volume, |row delta| and row trades: the per-bar colour scale. */
  maxSide: number;
  maxVolume: number;
  maxAbsDelta: number;
  maxTrades: number;
  stacked: StackedZone[];
  unfinishedHigh: boolean;
  unfinishedLow: boolean;
  /** The statistic rows under the bar. */
  stats: StatCells;
  /** Widest labels at the reference font; filled in by the renderer on first paint (-1 until then). */
  widestFull: number;
  widestCompact: number;
}

type Labels = [left: string, right: string, leftCompact: string, rightCompact: string];

function labels(mode: CellMode, r: FootprintRow, volume: number, delta: number, lang: ChartSettings['lang']): Labels {
  switch (mode) {
    case 'bidask':
      return [groupThousands(r.sell), groupThousands(r.buy), compactNumber(r.sell, lang), compactNumber(r.buy, lang)];
    case 'delta':
      return [signedGroup(delta), '', signedCompact(delta, lang), ''];
    case 'trades':
      return [groupThousands(r.trades), '', compactNumber(r.trades, lang), ''];
    case 'volume':
    case 'profile':
      return [groupThousands(volume), '', compactNumber(volume, lang), ''];
  }
}

export function buildBarView(bar: FootprintBar, s: ChartSettings): BarView {
  const imbalances = diagonalImbalances(bar, s.rowTicks, { ratio: s.imbalanceRatio, minVolume: s.imbalanceMinVolume });
  const buyImb = new Set<number>();
  const sellImb = new Set<number>();
  for (const i of imbalances) (i.side === 'buy' ? buyImb : sellImb).add(i.price);
  const unfinished = unfinishedAuction(bar);
  let maxSide = 0;
  let maxVolume = 0;
  let maxAbsDelta = 0;
  let maxTrades = 0;
  const cells: CellView[] = [];
  for (const r of bar.rows) {
    const volume = r.buy + r.sell + r.auction;
    const delta = r.buy - r.sell;
    const [left, right, leftCompact, rightCompact] = labels(s.cellMode, r, volume, delta, s.lang);
    const b = rowBounds(r.price, s.rowTicks);
    cells.push({
      row: r,
      low: b.low,
      high: b.high,
      volume,
      delta,
      left,
      right,
      leftCompact,
      rightCompact,
      buyImbalance: buyImb.has(r.price),
      sellImbalance: sellImb.has(r.price),
      isPoc: r.price === bar.poc,
      inValueArea: r.price <= bar.vah && r.price >= bar.val,
    });
    maxSide = Math.max(maxSide, r.buy, r.sell);
    maxVolume = Math.max(maxVolume, volume);
    maxAbsDelta = Math.max(maxAbsDelta, Math.abs(delta));
    maxTrades = Math.max(maxTrades, r.trades);
  }
  return {
    bar,
    cells,
    maxSide,
    maxVolume,
    maxAbsDelta,
    maxTrades,
    stacked: stackedImbalances(imbalances, s.rowTicks, s.stackedMin),
    unfinishedHigh: unfinished.high,
    unfinishedLow: unfinished.low,
    stats: statCells(bar, s.lang),
    widestFull: -1,
    widestCompact: -1,
  };
}

/** The maxima colour intensity is measured against: the bar's own, or the largest over `views`. */
export interface ScaleMax {
  side: number;
  volume: number;
  absDelta: number;
  trades: number;
}

export function scaleOf(v: BarView): ScaleMax {
  return { side: v.maxSide, volume: v.maxVolume, absDelta: v.maxAbsDelta, trades: v.maxTrades };
}

export function visibleScale(views: readonly BarView[]): ScaleMax {
  const m: ScaleMax = { side: 0, volume: 0, absDelta: 0, trades: 0 };
  for (const v of views) {
    if (v.maxSide > m.side) m.side = v.maxSide;
    if (v.maxVolume > m.volume) m.volume = v.maxVolume;
    if (v.maxAbsDelta > m.absDelta) m.absDelta = v.maxAbsDelta;
    if (v.maxTrades > m.trades) m.trades = v.maxTrades;
  }
  return m;
}
