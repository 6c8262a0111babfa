// Statistic rows under the bars: which values, and whether their labels fit. Pure.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import { REF_FONT_PX, TEXT_PAD } from './layout.ts';

export const STAT_ROWS = 5;

/** delta, max delta, min delta (signed), volume, trades — the order of the row names in labels.ts. */
export function statValues(b: FootprintBar): readonly [number, number, number, number, number] {
  return [b.delta, b.maxDelta, b.minDelta, b.volume, b.trades];
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
