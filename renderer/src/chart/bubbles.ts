// Big prints as bubbles on the footprint bars (docs/big-prints.md): one circle per print at its price
// in its bar, its area in proportion to its size (a print of twice the threshold covers twice the
// area), red for a buy and blue for a sell (the palette's sides). Where the bars show their numbers
// the circles are outlines with a faint fill, and they lie beneath the numbers: the footprint series
// paints them between its cells and its text (footprint-series.ts `underText`), so no number is
// hidden. Zoomed out they are filled. The size rule is bubble-size.ts (pure); this only places and paints.
import type { ICustomSeriesPaneRenderer, IChartApi, ISeriesApi, ISeriesPrimitive, SeriesAttachedParameter, SeriesType, Time, UTCTimestamp } from 'lightweight-charts';
import { bubbleRadius } from './bubble-size.ts';
import { rgba } from './palette.ts';
import type { ChartState } from './state.ts';

type Target = Parameters<ICustomSeriesPaneRenderer['draw']>[0];

export interface Bubble {
  seq: number;
  /** The bar's `time`. */
  time: number;
  price: number;
  qty: number;
  side: 1 | -1;
}

/** What the latest paint drew (the page's debug hook reports it). */
export interface DrawnBubbles {
  /** Seqs of the prints drawn, in seq order (the largest MAX_DRAWN of those in view). */
  seqs: number[];
  /** Drawn as outlines (the bars' numbers were shown) rather than filled. */
  outlined: boolean;
  /** Largest radius drawn, CSS px. */
  maxRadius: number;
  /** Each drawn circle (parallel to `seqs`): centre and radius in CSS px from the pane's top left. */
  circles: { x: number; y: number; r: number }[];
}

/** Most bubbles one paint draws (the largest prints in view). */
const MAX_DRAWN = 400;

/** The prints from index `lo` whose bar time is at most `to`. */
function visibleSlice(prints: readonly Bubble[], lo: number, to: number): Bubble[] {
  let hi = lo;
  while (hi < prints.length && prints[hi]!.time <= to) hi++;
  return prints.slice(lo, hi);
}

/**
 * Attached to the footprint series for its coordinates only: it has no pane view of its own (a
 * primitive's view draws wholly above or below the series), the series' renderer calls `paint`.
 */
export class BigPrintBubbles implements ISeriesPrimitive<Time> {
  private api: { chart: IChartApi; series: ISeriesApi<SeriesType, Time> } | null = null;
  private prints: readonly Bubble[] = [];
  private min = 1;
  private readonly last: DrawnBubbles = { seqs: [], outlined: false, maxRadius: 0, circles: [] };

  constructor(private readonly state: ChartState) {}

  attached(p: SeriesAttachedParameter<Time>): void {
    this.api = { chart: p.chart as IChartApi, series: p.series };
  }

  detached(): void {
    this.api = null;
  }

  /** Prints in seq order (so their bar times never decrease) and the threshold their sizes are measured from. */
  set(prints: readonly Bubble[], min: number): void {
    this.prints = prints;
    this.min = min;
  }

  drawn(): DrawnBubbles {
    const { seqs, outlined, maxRadius, circles } = this.last;
    return { seqs: [...seqs], outlined, maxRadius, circles: circles.map((c) => ({ ...c })) };
  }

  /** Paints the prints in view; the footprint series calls it after its cells, before their numbers. */
  paint(target: Target): void {
    const api = this.api;
    const last = this.last;
    last.seqs = [];
    last.circles = [];
    last.maxRadius = 0;
    if (api === null || this.prints.length === 0) return;
    const ts = api.chart.timeScale();
    const range = ts.getVisibleRange();
    if (range === null) return;
    const spacing = ts.options().barSpacing;
    const prints = this.prints;
    const from = Number(range.from);
    const to = Number(range.to);
    // The first print in view, by bisection on the bar times.
    let lo = 0;
    let hi = prints.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prints[mid]!.time < from) lo = mid + 1;
      else hi = mid;
    }
    const outlined = this.state.painted.textBars > 0;
    last.outlined = outlined;
    const p = this.state.palette;
    const fill = { buy: rgba(p.buy, outlined ? 0.1 : 0.5), sell: rgba(p.sell, outlined ? 0.1 : 0.5) };
    // Zoomed out, a day can hold thousands of prints in view: only the largest MAX_DRAWN are drawn.
    let shown = visibleSlice(prints, lo, to);
    if (shown.length > MAX_DRAWN) shown = shown.sort((a, b) => b.qty - a.qty || a.seq - b.seq).slice(0, MAX_DRAWN).sort((a, b) => a.seq - b.seq);
    // One path per side, filled and stroked once; prints of one bar share its x.
    const paths = { buy: new Path2D(), sell: new Path2D() };
    let barTime = NaN;
    let x: number | null = null;
    for (const b of shown) {
      if (b.time !== barTime) {
        barTime = b.time;
        x = ts.timeToCoordinate(b.time as UTCTimestamp);
      }
      const y = api.series.priceToCoordinate(b.price);
      if (x === null || y === null) continue;
      const r = bubbleRadius(b.qty, this.min, spacing);
      const path = b.side > 0 ? paths.buy : paths.sell;
      path.moveTo(x + r, y);
      path.arc(x, y, r, 0, Math.PI * 2);
      last.seqs.push(b.seq);
      last.circles.push({ x, y, r });
      if (r > last.maxRadius) last.maxRadius = r;
    }
    if (last.seqs.length === 0) return;
    target.useMediaCoordinateSpace(({ context: ctx }) => {
      ctx.lineWidth = outlined ? 2 : 1.25;
      for (const [path, fillStyle, stroke] of [
        [paths.buy, fill.buy, p.buyText],
        [paths.sell, fill.sell, p.sellText],
      ] as const) {
        ctx.fillStyle = fillStyle;
        ctx.fill(path);
        ctx.strokeStyle = stroke;
        ctx.stroke(path);
      }
    });
  }
}
