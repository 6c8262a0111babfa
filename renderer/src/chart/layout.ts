// Level of detail and horizontal placement inside one bar slot. Pure: the renderer measures,
// these functions decide, so the rules are unit-tested without a canvas.

export type Detail = 'text' | 'cells' | 'candles';

/** Font size at which text widths are measured and cached; other sizes scale linearly. */
export const REF_FONT_PX = 10;
const MIN_FONT_PX = 8;
const MAX_FONT_PX = 12;
/** How far the font may shrink to keep exact numbers before switching to compact ones. */
const MAX_SHRINK_PX = 3;
/** Padding kept free on each side of a label inside its cell slot (CSS px). */
export const TEXT_PAD = 3;
/** Below this usable bar width (CSS px) cells are unreadable and plain candles are drawn instead. */
const MIN_CELL_BAR_PX = 9;
/** Below this row height (CSS px) cells merge into noise; candles are clearer. */
const MIN_CELL_ROW_PX = 1.5;

export interface PaneInput {
  barSpacing: number;
  /** Height of the thinnest visible row, CSS px. */
  rowPx: number;
  /** Text slots per row: 2 for sell × buy, 1 otherwise. */
  slots: number;
}

export interface DetailInput extends PaneInput {
  /** Widest full label of the bar, measured at REF_FONT_PX. */
  widestFull: number;
  /** Widest compact label (만/억, K/M) of the bar, measured at REF_FONT_PX. */
  widestCompact: number;
}

export interface DetailChoice {
  detail: Detail;
  fontPx: number;
  compact: boolean;
}

/** What the zoom allows every bar alike: the detail, the largest font the rows take and each label's slot width. */
export interface PaneDetail {
  detail: Detail;
  /** Largest font the rows allow (0 when rows are too thin for text). */
  fontPx: number;
  /** Width one label may take inside its cell (CSS px). */
  slot: number;
}

/** Per bar: the font size and label form its own numbers fit at. */
export interface TextFit {
  fontPx: number;
  compact: boolean;
}

/** The row's font: as large as leaves a pixel above and below, so thin rows (long bars) keep readable text. */
function fontForRow(rowPx: number): number {
  return Math.max(MIN_FONT_PX, Math.min(MAX_FONT_PX, Math.floor(rowPx - 2)));
}

/** Candles when cells would be noise, cells when rows are too thin for text, else text (bar by bar, see fitBarText). */
export function paneDetail(i: PaneInput): PaneDetail {
  const geo = barGeometry(0, i.barSpacing, 'cells');
  if (geo.cellsWidth < MIN_CELL_BAR_PX || i.rowPx < MIN_CELL_ROW_PX) return { detail: 'candles', fontPx: 0, slot: 0 };
  const fontPx = fontForRow(i.rowPx);
  if (i.rowPx < fontPx + 2) return { detail: 'cells', fontPx: 0, slot: 0 };
  return { detail: 'text', fontPx, slot: geo.cellsWidth / i.slots - 2 * TEXT_PAD };
}

/**
 * The level of detail of one bar's numbers: full numbers at the row's font, shrunk a little if need
 * be, then compact ones; null when even those do not fit, and that bar alone shows bare cells. A
 * label never leaves its slot, so numbers never overlap each other or the neighbouring bar.
 */
export function fitBarText(pane: PaneDetail, widestFull: number, widestCompact: number): TextFit | null {
  if (pane.detail !== 'text') return null;
  const fits = (width: number, px: number): boolean => (width * px) / REF_FONT_PX <= pane.slot;
  const smallest = Math.max(MIN_FONT_PX, pane.fontPx - MAX_SHRINK_PX);
  for (let px = pane.fontPx; px >= smallest; px--) {
    if (fits(widestFull, px)) return { fontPx: px, compact: false };
  }
  for (let px = pane.fontPx; px >= smallest; px--) {
    if (fits(widestCompact, px)) return { fontPx: px, compact: true };
  }
  return null;
}

/** One bar's detail at a zoom: paneDetail, then fitBarText. */
export function chooseDetail(i: DetailInput): DetailChoice {
  const pane = paneDetail(i);
  if (pane.detail !== 'text') return { detail: pane.detail, fontPx: 0, compact: false };
  const fit = fitBarText(pane, i.widestFull, i.widestCompact);
  return fit === null ? { detail: 'cells', fontPx: 0, compact: false } : { detail: 'text', ...fit };
}

export interface BarGeometry {
  /** Left and right edge of the whole slot content (CSS px). */
  left: number;
  right: number;
  /** Candle column: centre x and body width. */
  candleX: number;
  candleWidth: number;
  /** Cells column. */
  cellsLeft: number;
  cellsWidth: number;
}

/** Gap between neighbouring bars, growing with zoom so wide bars read as separate columns. */
export function barGap(barSpacing: number): number {
  if (barSpacing >= 60) return 6;
  if (barSpacing >= 24) return 4;
  if (barSpacing >= 8) return 2;
  return barSpacing >= 4 ? 1 : 0;
}

/**
 * Placement inside a bar slot centred on x. Footprint levels put a thin candle on the left and the
 * cells to its right; the candles level uses the whole slot for the candle body.
 */
export function barGeometry(x: number, barSpacing: number, detail: Detail): BarGeometry {
  const gap = barGap(barSpacing);
  const left = x - barSpacing / 2 + gap / 2;
  const right = x + barSpacing / 2 - gap / 2;
  const width = Math.max(0, right - left);
  if (detail === 'candles') {
    const body = Math.max(1, Math.min(width * 0.8, 24));
    return { left, right, candleX: x, candleWidth: body, cellsLeft: x, cellsWidth: 0 };
  }
  const column = Math.max(3, Math.min(7, Math.round(width * 0.07)));
  const candleWidth = Math.max(1, column - 2);
  return {
    left,
    right,
    candleX: left + column / 2,
    candleWidth,
    cellsLeft: left + column + 1,
    cellsWidth: Math.max(0, width - column - 1),
  };
}

/**
 * Tallest row the autoscale lets the footprint have (CSS px): a flat stretch must not blow cells up,
 * nor be padded with so many empty rows that its few traded rows sit small in the middle of the pane.
 */
export const MAX_ROW_PX = 36;

/** Rows the price range of a quiet stretch is widened to, in a pane `height` px tall. */
export function quietRows(height: number): number {
  return Math.max(8, (height * 0.88) / MAX_ROW_PX);
}

/**
 * Price range for autoscale that spans at least `minSpan`, centred on the bars' own range, so a
 * quiet market shows a few rows of context instead of two giant cells.
 */
export function ensureSpan(low: number, high: number, minSpan: number): { minValue: number; maxValue: number } {
  const span = high - low;
  if (span >= minSpan) return { minValue: low, maxValue: high };
  const pad = (minSpan - span) / 2;
  return { minValue: low - pad, maxValue: high + pad };
}
