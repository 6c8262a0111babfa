// The footprint custom series: per visible bar, a thin OHLC candle and the price rows as cells.
// Layout decisions come from layout.ts; this file only paints. Shapes are drawn in bitmap space
// (crisp edges), text in media space, both batched by colour. Layers, bottom to top: cells and their
// marks, then what `underText` paints (the big-print bubbles), then the cells' numbers.
import type { ICustomSeriesPaneRenderer, PaneRendererCustomData, PriceToCoordinateConverter, Time } from 'lightweight-charts';
import { rowPrice } from '../../../electron/shared/tick-size.ts';
import { BarSeriesView, canvasTextWidths, type FootprintItem } from './bar-series.ts';
import { scaleOf, visibleScale, type BarView, type CellView, type ScaleMax } from './bar-view.ts';
import { RectBatch, TextBatch } from './batch.ts';
import { barGeometry, fitBarText, paneDetail, REF_FONT_PX, TEXT_PAD, type Detail, type TextFit } from './layout.ts';
import { shadeIndex, THEME, type Palette } from './palette.ts';
import { rowBounds } from './rows.ts';
import type { ChartState } from './state.ts';
import type { TextWidthCache } from './text-width.ts';

type Target = Parameters<ICustomSeriesPaneRenderer['draw']>[0];
type Bitmap = Parameters<Parameters<Target['useBitmapCoordinateSpace']>[0]>[0];
type Media = Parameters<Parameters<Target['useMediaCoordinateSpace']>[0]>[0];

function cellFont(px: number, bold: boolean): string {
  return `${bold ? 700 : 500} ${px}px ${THEME.cellFont}`;
}

/** Widest labels of a view, measured once per view. */
function measureView(v: BarView, widths: TextWidthCache): void {
  let full = 0;
  let compact = 0;
  for (const c of v.cells) {
    full = Math.max(full, widths.width(c.left), widths.width(c.right));
    compact = Math.max(compact, widths.width(c.leftCompact), widths.width(c.rightCompact));
  }
  v.widestFull = full;
  v.widestCompact = compact;
}

class FootprintRenderer implements ICustomSeriesPaneRenderer {
  private data: PaneRendererCustomData<Time, FootprintItem> | null = null;
  private readonly fills = new RectBatch();
  /** Three layers, each free of overlaps within itself (a batch paints colour group by colour group). */
  private readonly marks = new RectBatch();
  private readonly outlines = new RectBatch();
  /** Value-area shading, over the cell fills and under everything else. */
  private readonly shades = new RectBatch();
  /** Text batches by font size (each bar picks its own), regular and bold. */
  private readonly texts = new Map<number, { regular: TextBatch; bold: TextBatch }>();
  private font: { regular: TextBatch; bold: TextBatch } | null = null;
  private readonly visible: BarView[] = [];
  private widths: TextWidthCache | null = null;

  constructor(
    private readonly state: ChartState,
    private readonly underText: (target: Target) => void,
  ) {}

  update(data: PaneRendererCustomData<Time, FootprintItem>): void {
    this.data = data;
  }

  draw(target: Target, price: PriceToCoordinateConverter): void {
    const d = this.data;
    if (d === null || d.visibleRange === null || d.bars.length === 0) return;
    const from = Math.max(0, d.visibleRange.from);
    const to = Math.min(d.bars.length, d.visibleRange.to);
    // Bold is the widest weight drawn; fitting for it keeps imbalance labels inside their cells too.
    this.widths ??= canvasTextWidths(cellFont(REF_FONT_PX, true));
    const visible = this.visible;
    visible.length = 0;
    let minLow = Infinity;
    for (let i = from; i < to; i++) {
      const v = d.bars[i]!.originalData.view;
      if (v.widestFull < 0) measureView(v, this.widths);
      visible.push(v);
      if (v.bar.low < minLow) minLow = v.bar.low;
    }
    if (visible.length === 0) return;

    // The thinnest row on screen sits at the lowest price (smallest tick), so it bounds the font.
    const thin = rowBounds(rowPrice(minLow, this.state.settings.rowTicks), this.state.settings.rowTicks);
    const yLo = price(thin.low);
    const yHi = price(thin.high);
    const rowPx = yLo === null || yHi === null ? 0 : Math.abs(yLo - yHi);
    const pane = paneDetail({ barSpacing: d.barSpacing, rowPx, slots: this.state.settings.cellMode === 'bidask' ? 2 : 1 });
    const shared = this.state.settings.colorScale === 'visible' ? visibleScale(visible) : null;

    let anyText = false;
    const painted = this.state.painted;
    painted.textBars = 0;
    painted.bareBars = 0;
    painted.fonts = [];
    painted.valueAreaBars = 0;
    target.useBitmapCoordinateSpace((scope) => {
      for (let i = from; i < to; i++) {
        const item = d.bars[i]!;
        const v = item.originalData.view;
        // Each bar's numbers get their own size: one wide label no longer hides every bar's text.
        const fit = fitBarText(pane, v.widestFull, v.widestCompact);
        if (fit !== null) {
          this.font = this.batchFor(fit.fontPx);
          anyText = true;
          painted.textBars++;
          if (!painted.fonts.includes(fit.fontPx)) painted.fonts.push(fit.fontPx);
        } else if (pane.detail === 'text') painted.bareBars++;
        this.bar(scope, price, item.x, d.barSpacing, v, pane.detail, fit, shared ?? scaleOf(v), i);
      }
      this.fills.flush(scope.context);
      this.shades.flush(scope.context);
      this.marks.flush(scope.context);
      this.outlines.flush(scope.context);
    });
    this.underText(target);
    if (anyText) {
      target.useMediaCoordinateSpace((scope: Media) => {
        for (const [px, b] of this.texts) {
          b.regular.flush(scope.context, cellFont(px, false));
          b.bold.flush(scope.context, cellFont(px, true));
        }
      });
    }
  }

  private batchFor(px: number): { regular: TextBatch; bold: TextBatch } {
    let b = this.texts.get(px);
    if (b === undefined) {
      b = { regular: new TextBatch(), bold: new TextBatch() };
      this.texts.set(px, b);
    }
    return b;
  }

  /** Queue a frame of `lw` bitmap px around a bitmap rectangle. */
  private frameRect(color: string, x: number, y: number, w: number, h: number, lw: number): void {
    this.outlines.add(color, x, y, w, lw);
    this.outlines.add(color, x, y + h - lw, w, lw);
    this.outlines.add(color, x, y, lw, h);
    this.outlines.add(color, x + w - lw, y, lw, h);
  }

  private candle(scope: Bitmap, price: PriceToCoordinateConverter, v: BarView, cx: number, bodyW: number): void {
    const b = v.bar;
    const p = this.state.palette;
    const hr = scope.horizontalPixelRatio;
    const vr = scope.verticalPixelRatio;
    const yH = price(b.high);
    const yL = price(b.low);
    const yO = price(b.open);
    const yC = price(b.close);
    if (yH === null || yL === null || yO === null || yC === null) return;
    const color = b.close > b.open ? p.buyText : b.close < b.open ? p.sellText : THEME.textDim;
    const wick = Math.max(1, Math.floor(hr));
    const xc = Math.round(cx * hr);
    const top = Math.round(yH * vr);
    this.fills.add(color, xc - (wick >> 1), top, wick, Math.max(1, Math.round(yL * vr) - top));
    const bw = Math.max(wick, Math.round(bodyW * hr));
    const y1 = Math.round(Math.min(yO, yC) * vr);
    const y2 = Math.round(Math.max(yO, yC) * vr);
    this.fills.add(color, xc - (bw >> 1), y1, bw, Math.max(wick, y2 - y1));
  }

  private bar(
    scope: Bitmap,
    price: PriceToCoordinateConverter,
    x: number,
    barSpacing: number,
    v: BarView,
    detail: Detail,
    fit: TextFit | null,
    scale: ScaleMax,
    index: number,
  ): void {
    const geo = barGeometry(x, barSpacing, detail);
    this.candle(scope, price, v, geo.candleX, geo.candleWidth);
    if (detail === 'candles') return;
    const hr = scope.horizontalPixelRatio;
    const vr = scope.verticalPixelRatio;
    const height = scope.bitmapSize.height;
    const x1 = Math.round(geo.cellsLeft * hr);
    const x2 = Math.round((geo.cellsLeft + geo.cellsWidth) * hr);
    const xm = Math.round((geo.cellsLeft + geo.cellsWidth / 2) * hr);
    const lw = Math.max(1, Math.round(hr));
    const hover = this.state.hover;
    const mode = this.state.settings.cellMode;
    let vaTop = -1;
    let vaBottom = -1;
    for (const c of v.cells) {
      const yt = price(c.high);
      const yb = price(c.low);
      if (yt === null || yb === null) continue;
      const top = Math.round(yt * vr);
      const bottom = Math.round(yb * vr);
      if (bottom < 0 || top > height) continue;
      if (c.inValueArea) {
        if (vaTop < 0) vaTop = top;
        vaBottom = bottom;
      }
      // A one-pixel seam between rows once rows are tall enough to read as a grid.
      const h = Math.max(1, bottom - top - (bottom - top >= 6 * vr ? Math.max(1, Math.floor(vr)) : 0));
      this.cell(c, mode, scale, x1, xm, x2, top, h, lw, fit, geo.cellsLeft, geo.cellsWidth, (yt + yb) / 2);
      // Auction (single-price) prints are not aggression: a grey notch marks rows that have them.
      if (c.row.auction > 0) this.outlines.add(THEME.auction, x1, top, 2 * lw, h);
      if (c.isPoc) this.frameRect(THEME.poc, x1, top, x2 - x1, h, lw);
      if (hover !== null && hover.index === index && hover.price === c.row.price) {
        this.frameRect(THEME.textStrong, x1, top, x2 - x1, h, lw);
      }
    }
    if (vaTop >= 0) {
      // Value area: a bracket (VAH and VAL across the cells, a rule down their left edge) over a light shade.
      const vaH = Math.max(1, vaBottom - vaTop);
      this.state.painted.valueAreaBars++;
      this.shades.add(THEME.valueAreaShade, x1, vaTop, x2 - x1, vaH);
      this.marks.add(THEME.valueArea, x1 - lw - 1, vaTop, lw, vaH);
      this.marks.add(THEME.valueArea, x1, vaTop, x2 - x1, lw);
      this.marks.add(THEME.valueArea, x1, vaBottom - lw, x2 - x1, lw);
    }
    this.unfinished(v, price, x1, x2, vr, lw);
  }

  private unfinished(v: BarView, price: PriceToCoordinateConverter, x1: number, x2: number, vr: number, lw: number): void {
    const mark = Math.min(x2 - x1, Math.max(4 * lw, Math.round((x2 - x1) / 5)));
    const first = v.cells[0];
    const last = v.cells[v.cells.length - 1];
    if (v.unfinishedHigh && first !== undefined) {
      const y = price(first.high);
      if (y !== null) this.marks.add(THEME.unfinished, x2 - mark, Math.round(y * vr) - lw, mark, 2 * lw);
    }
    if (v.unfinishedLow && last !== undefined) {
      const y = price(last.low);
      if (y !== null) this.marks.add(THEME.unfinished, x2 - mark, Math.round(y * vr) - lw, mark, 2 * lw);
    }
  }

  private cell(
    c: CellView,
    mode: ChartState['settings']['cellMode'],
    scale: ScaleMax,
    x1: number,
    xm: number,
    x2: number,
    top: number,
    h: number,
    lw: number,
    fit: TextFit | null,
    left: number,
    width: number,
    yMid: number,
  ): void {
    const p: Palette = this.state.palette;
    const r = c.row;
    const text = fit !== null;
    const compact = fit?.compact === true;
    switch (mode) {
      case 'bidask': {
        const si = shadeIndex(r.sell, scale.side);
        const bi = shadeIndex(r.buy, scale.side);
        // Imbalances: framed behind readable numbers, a vivid fill when there is no text.
        const sellFill = c.sellImbalance && !text ? p.sellText : si < 0 ? THEME.cell : p.sellRamp[si]!;
        const buyFill = c.buyImbalance && !text ? p.buyText : bi < 0 ? THEME.cell : p.buyRamp[bi]!;
        this.fills.add(sellFill, x1, top, xm - x1 - lw, h);
        this.fills.add(buyFill, xm, top, x2 - xm, h);
        if (text && c.sellImbalance) this.frameRect(p.sellText, x1, top, xm - x1 - lw, h, lw);
        if (text && c.buyImbalance) this.frameRect(p.buyText, xm, top, x2 - xm, h, lw);
        if (text) {
          const mid = left + width / 2;
          this.label(c.sellImbalance, r.sell, compact ? c.leftCompact : c.left, 'right', mid - TEXT_PAD, yMid);
          this.label(c.buyImbalance, r.buy, compact ? c.rightCompact : c.right, 'left', mid + TEXT_PAD, yMid);
        }
        return;
      }
      case 'delta': {
        const i = shadeIndex(Math.abs(c.delta), scale.absDelta);
        const ramp = c.delta >= 0 ? p.buyRamp : p.sellRamp;
        this.fills.add(i < 0 ? THEME.cell : ramp[i]!, x1, top, x2 - x1, h);
        if (text) this.label(false, c.delta, compact ? c.leftCompact : c.left, 'center', left + width / 2, yMid);
        return;
      }
      case 'volume':
      case 'trades': {
        const value = mode === 'volume' ? c.volume : r.trades;
        const i = shadeIndex(value, mode === 'volume' ? scale.volume : scale.trades);
        const ramp = mode === 'trades' ? p.neutralRamp : c.delta > 0 ? p.buyRamp : c.delta < 0 ? p.sellRamp : p.neutralRamp;
        this.fills.add(i < 0 ? THEME.cell : ramp[i]!, x1, top, x2 - x1, h);
        if (text) this.label(false, value, compact ? c.leftCompact : c.left, 'center', left + width / 2, yMid);
        return;
      }
      case 'profile': {
        this.fills.add(THEME.cell, x1, top, x2 - x1, h);
        const full = x2 - x1;
        const max = scale.volume > 0 ? scale.volume : 1;
        const ws = Math.round((full * r.sell) / max);
        const wb = Math.round((full * r.buy) / max);
        const wa = Math.round((full * r.auction) / max);
        if (ws > 0) this.marks.add(p.sellRamp[7]!, x1, top, ws, h);
        if (wb > 0) this.marks.add(p.buyRamp[7]!, x1 + ws, top, wb, h);
        if (wa > 0) this.marks.add(p.neutralRamp[6]!, x1 + ws + wb, top, wa, h);
        if (text) this.label(false, c.volume, compact ? c.leftCompact : c.left, 'left', left + TEXT_PAD, yMid);
        return;
      }
    }
  }

  /** Queues a label in the font of the bar being drawn (set by draw before each bar). */
  private label(strong: boolean, value: number, s: string, align: CanvasTextAlign, x: number, y: number): void {
    const f = this.font!;
    if (strong) f.bold.add(THEME.textStrong, align, s, x, y);
    else f.regular.add(value === 0 ? THEME.textDim : THEME.text, align, s, x, y);
  }
}

export class FootprintSeriesView extends BarSeriesView {
  /** `underText` paints over the cells and beneath their numbers. */
  constructor(state: ChartState, underText: (target: Target) => void) {
    super(new FootprintRenderer(state, underText), ({ view: { bar: b } }) => [b.low, b.high, b.close]);
  }
}
