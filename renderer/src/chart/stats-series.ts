// Statistic rows under the bars (delta, max delta, min delta, volume, trades), one column per bar,
// as a custom series in its own pane; the row names are drawn in that pane's price-axis area.
import {
  type ICustomSeriesPaneRenderer,
  type IPrimitivePaneRenderer,
  type IPrimitivePaneView,
  type ISeriesPrimitive,
  type PaneRendererCustomData,
  type Time,
} from 'lightweight-charts';
import { RectBatch } from './batch.ts';
import { BarSeriesView, canvasTextWidths, type FootprintItem } from './bar-series.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { compactNumber, signedCompact, signedGroup } from './format.ts';
import { barGap, REF_FONT_PX } from './layout.ts';
import { shadeIndex, signColor, THEME } from './palette.ts';
import { signedStat, STAT_ROWS, statsFit } from './stats-layout.ts';
import type { ChartState } from './state.ts';
import type { TextWidthCache } from './text-width.ts';

type Target = Parameters<ICustomSeriesPaneRenderer['draw']>[0];

class StatsRenderer implements ICustomSeriesPaneRenderer {
  private data: PaneRendererCustomData<Time, FootprintItem> | null = null;
  private widths: TextWidthCache | null = null;
  private readonly max: number[] = new Array<number>(STAT_ROWS).fill(0);
  /** A cell per bar and row: filled colour by colour, not with a fillStyle change per cell. */
  private readonly fills = new RectBatch();

  constructor(private readonly state: ChartState) {}

  update(data: PaneRendererCustomData<Time, FootprintItem>): void {
    this.data = data;
  }

  draw(target: Target): void {
    const d = this.data;
    if (d === null || d.visibleRange === null) return;
    const from = Math.max(0, d.visibleRange.from);
    const to = Math.min(d.bars.length, d.visibleRange.to);
    if (to <= from) return;
    const { palette: p, settings } = this.state;
    const lang = settings.lang;
    // Per-row maxima over the visible bars scale the shading and decide full vs compact labels.
    const max = this.max;
    max.fill(0);
    for (let i = from; i < to; i++) {
      const vals = d.bars[i]!.originalData.view.stats.values;
      for (let k = 0; k < STAT_ROWS; k++) {
        const a = Math.abs(vals[k]!);
        if (a > max[k]!) max[k] = a;
      }
    }
    this.widths ??= canvasTextWidths(`600 ${REF_FONT_PX}px ${THEME.font}`);
    let widestFull = 0;
    let widestCompact = 0;
    for (let k = 0; k < STAT_ROWS; k++) {
      const signed = signedStat(k);
      widestFull = Math.max(widestFull, this.widths.width(signed ? signedGroup(-max[k]!) : groupThousands(max[k]!)));
      widestCompact = Math.max(widestCompact, this.widths.width(signed ? signedCompact(-max[k]!, lang) : compactNumber(max[k]!, lang)));
    }
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      const rowH = mediaSize.height / STAT_ROWS;
      const gap = barGap(d.barSpacing);
      const cellW = d.barSpacing - gap;
      const fit = statsFit({ cellWidth: cellW, rowHeight: rowH, widestFull, widestCompact });
      for (let i = from; i < to; i++) {
        const item = d.bars[i]!;
        const vals = item.originalData.view.stats.values;
        const x = item.x - d.barSpacing / 2 + gap / 2;
        for (let k = 0; k < STAT_ROWS; k++) {
          const v = vals[k]!;
          const idx = shadeIndex(Math.abs(v), max[k]!);
          const ramp = !signedStat(k) ? p.neutralRamp : v >= 0 ? p.buyRamp : p.sellRamp;
          this.fills.add(idx < 0 ? THEME.cell : ramp[Math.min(idx, 9)]!, x, k * rowH + 0.5, Math.max(1, cellW), rowH - 1);
        }
      }
      this.fills.flush(ctx);
      if (fit.fontPx === 0) return;
      ctx.font = `600 ${fit.fontPx}px ${THEME.font}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      for (let i = from; i < to; i++) {
        const item = d.bars[i]!;
        const stats = item.originalData.view.stats;
        const labels = fit.compact ? stats.compact : stats.full;
        for (let k = 0; k < STAT_ROWS; k++) {
          const v = stats.values[k]!;
          ctx.fillStyle = signedStat(k) ? signColor(p, v) : v === 0 ? THEME.textDim : THEME.text;
          ctx.fillText(labels[k]!, item.x, (k + 0.5) * rowH);
        }
      }
    });
  }
}

export class StatsSeriesView extends BarSeriesView {
  // A fixed 0..1 range: the rows are laid out by pane height, not by value.
  constructor(state: ChartState) {
    super(new StatsRenderer(state), () => [0, 1, 0]);
  }
}

class RowNamesRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly state: ChartState) {}

  draw(target: Target): void {
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      const rowH = mediaSize.height / STAT_ROWS;
      ctx.fillStyle = THEME.background;
      ctx.fillRect(0, 0, mediaSize.width, mediaSize.height);
      const fontPx = Math.max(9, Math.min(12, Math.floor(rowH * 0.62)));
      ctx.font = `600 ${fontPx}px ${THEME.font}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = THEME.textDim;
      const names = this.state.labels.stats;
      for (let k = 0; k < STAT_ROWS; k++) ctx.fillText(names[k]!, 6, (k + 0.5) * rowH);
    });
  }
}

/** Row names in the price-axis area of the statistics pane. */
export class StatsRowNames implements ISeriesPrimitive<Time> {
  private readonly views: readonly IPrimitivePaneView[];

  constructor(state: ChartState) {
    const renderer = new RowNamesRenderer(state);
    this.views = [{ renderer: () => renderer }];
  }

  priceAxisPaneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }
}
