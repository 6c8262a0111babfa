// Statistic rows under the bars: which values, and whether their labels fit. Pure.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { compactNumber, signedCompact, signedGroup } from './format.ts';
import { REF_FONT_PX, TEXT_PAD } from './layout.ts';
import type { Lang } from '../ui/i18n.ts';

export const STAT_ROWS = 5;

/** delta, max delta, min delta (signed), volume, trades — the order of the row names in labels.ts. */
export function statValues(b: FootprintBar): readonly [number, number, number, number, number] {
  return [b.delta, b.maxDelta, b.minDelta, b.volume, b.trades];
}

/** The first three rows (delta, max delta, min delta) are signed. */
export function signedStat(row: number): boolean {
  return row < 3;
}

/** A bar's statistic cells, formatted when the bar changes so painting never builds a string. */
export interface StatCells {
  values: readonly number[];
  full: readonly string[];
  compact: readonly string[];
}

export function statCells(b: FootprintBar, lang: Lang): StatCells {
  const values = statValues(b);
  return {
    values,
    full: values.map((v, k) => (signedStat(k) ? signedGroup(v) : groupThousands(v))),
    compact: values.map((v, k) => (signedStat(k) ? signedCompact(v, lang) : compactNumber(v, lang))),
  };
}

export interface StatsFitInput {
  cellWidth: number;
  rowHeight: number;
  /** Widest full / compact label at REF_FONT_PX. */
  widestFull: number;
  widestCompact: number;
}

/** Font size and label form for the statistic cells; fontPx 0 means colour only. */
export function statsFit(i: StatsFitInput): { fontPx: number; compact: boolean } {
  const fontPx = Math.min(12, Math.floor(i.rowHeight * 0.7));
  if (fontPx < 8) return { fontPx: 0, compact: false };
  const room = i.cellWidth - 2 * TEXT_PAD;
  const scale = fontPx / REF_FONT_PX;
  if (i.widestFull * scale <= room) return { fontPx, compact: false };
  if (i.widestCompact * scale <= room) return { fontPx, compact: true };
  return { fontPx: 0, compact: false };
}
