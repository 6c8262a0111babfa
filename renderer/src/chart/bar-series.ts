// The custom-series wiring the footprint and statistic series share (items are bars, one renderer
// paints them), and the text measuring both use.
import {
  customSeriesDefaultOptions,
  type CustomSeriesOptions,
  type ISeriesApi,
  type WhitespaceData,
  type ICustomSeriesPaneRenderer,
  type ICustomSeriesPaneView,
  type PaneRendererCustomData,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { BarView } from './bar-view.ts';
import { TextWidthCache } from './text-width.ts';

export interface FootprintItem {
  time: UTCTimestamp;
  view: BarView;
}

/** A custom series of FootprintItems, as addCustomSeries returns it. */
export type FootprintSeries = ISeriesApi<'Custom', Time, FootprintItem | WhitespaceData<Time> | { time: Time }>;

/** A text-width cache that measures with a canvas context in `font` (made on first use by a renderer). */
export function canvasTextWidths(font: string): TextWidthCache {
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx === null) throw new Error('canvas 2d context unavailable');
  ctx.font = font;
  return new TextWidthCache((s) => ctx.measureText(s).width);
}

/** The custom-series wiring the footprint and statistic series share: items are bars, one renderer paints them. */
export class BarSeriesView implements ICustomSeriesPaneView<Time, FootprintItem, CustomSeriesOptions> {
  constructor(
    private readonly paneRenderer: ICustomSeriesPaneRenderer & { update(data: PaneRendererCustomData<Time, FootprintItem>): void },
    private readonly values: (item: FootprintItem) => number[],
  ) {}

  renderer(): ICustomSeriesPaneRenderer {
    return this.paneRenderer;
  }

  update(data: PaneRendererCustomData<Time, FootprintItem>): void {
    this.paneRenderer.update(data);
  }

  priceValueBuilder(item: FootprintItem): number[] {
    return this.values(item);
  }

  isWhitespace(item: FootprintItem | { time: Time }): item is { time: Time } {
    return !('view' in item);
  }

  defaultOptions(): CustomSeriesOptions {
    return { ...customSeriesDefaultOptions };
  }
}
