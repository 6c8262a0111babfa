// Series primitives on the footprint series: stacked-imbalance zones and naked POCs extended to
// the right (behind the cells), and the volume profile of the visible range or the session on the
// right edge (above them). Both recompute their pure inputs only when data or range change, and
// only from the bars that changed.
import type {
  AutoscaleInfo,
  IChartApi,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  Logical,
  SeriesAttachedParameter,
  SeriesType,
  Time,
} from 'lightweight-charts';
import { tickSize } from '../../../electron/shared/tick-size.ts';
import { compactNumber } from './format.ts';
import { ensureSpan, quietRows } from './layout.ts';
import { LiveLevels, RangeProfile, type PocRay, type Profile, type ZoneRay } from './levels.ts';
import { RectBatch, TextBatch } from './batch.ts';
import { rgba, THEME, type Palette, type Rgb } from './palette.ts';
import { rowBounds } from './rows.ts';
import type { ProfileRange } from './settings.ts';
import type { ChartState } from './state.ts';

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];

interface Attached {
  chart: IChartApi;
  series: ISeriesApi<SeriesType, Time>;
}

function attach(p: SeriesAttachedParameter<Time>): Attached {
  return { chart: p.chart as IChartApi, series: p.series };
}

/** The wiring every overlay shares: one pane view at a fixed z-order, drawn by the subclass. */
export abstract class PaneOverlay implements ISeriesPrimitive<Time> {
  protected api: Attached | null = null;
  private readonly views: readonly IPrimitivePaneView[];

  constructor(
    protected readonly state: ChartState,
    zOrder: 'bottom' | 'top',
  ) {
    const renderer: IPrimitivePaneRenderer = { draw: (t) => this.draw(t) };
    this.views = [{ zOrder: () => zOrder, renderer: () => renderer }];
  }

  attached(p: SeriesAttachedParameter<Time>): void {
    this.api = attach(p);
  }

  detached(): void {
    this.api = null;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  protected abstract draw(target: Target): void;
}

/** Zone fill and edge colours by side, index 0 for a zone traded through, 1 for one that holds. */
type ZoneColours = Record<'buy' | 'sell', readonly [{ fill: string; edge: string }, { fill: string; edge: string }]>;

function zoneColours(p: Palette): ZoneColours {
  const pair = (c: Rgb) => [{ fill: rgba(c, 0.06), edge: rgba(c, 0.35) }, { fill: rgba(c, 0.11), edge: rgba(c, 0.7) }] as const;
  return { buy: pair(p.buy), sell: pair(p.sell) };
}

/** Zones and naked POCs. */
export class LevelsPrimitive extends PaneOverlay {
  private readonly live = new LiveLevels();
  private zones: readonly ZoneRay[] = [];
  private pocs: PocRay[] = [];
  private version = -1;
  private colours: (ZoneColours & { palette: Palette }) | null = null;

  constructor(state: ChartState) {
    super(state, 'bottom');
  }

  /** Keeps rows at most MAX_ROW_PX (layout.ts) tall by widening the price range of a quiet stretch. */
  autoscaleInfo(start: Logical, end: Logical): AutoscaleInfo | null {
    const api = this.api;
    const bars = this.state.bars;
    if (api === null || bars.length === 0) return null;
    let low = Infinity;
    let high = -Infinity;
    for (let i = Math.max(0, Math.ceil(start)); i <= Math.min(bars.length - 1, Math.floor(end)); i++) {
      const b = bars[i]!;
      if (b.low < low) low = b.low;
      if (b.high > high) high = b.high;
    }
    if (low > high) return null;
    const height = api.chart.paneSize(0).height;
    return { priceRange: ensureSpan(low, high, quietRows(height) * tickSize(low) * this.state.settings.rowTicks) };
  }

  /** Zone colours per palette: built once, not as strings for every zone of every frame. */
  private zoneColours(p: Palette): ZoneColours {
    if (this.colours === null || this.colours.palette !== p) this.colours = { palette: p, ...zoneColours(p) };
    return this.colours;
  }

  /** The stacked zones of the latest paint (their labels are drawn above the cells by ZoneLabels). */
  drawnZones(): readonly ZoneRay[] {
    return this.zones;
  }

  private refresh(): void {
    if (this.version === this.state.version) return;
    this.version = this.state.version;
    const levels = this.live.update(this.state.views, this.state.settings.rowTicks);
    this.zones = levels.zones;
    this.pocs = levels.pocs;
  }

  protected draw(target: Target): void {
    const api = this.api;
    if (api === null || this.state.bars.length === 0) return;
    this.refresh();
    const ts = api.chart.timeScale();
    const range = ts.getVisibleLogicalRange();
    if (range === null) return;
    // Half the bar spacing, from coordinates: options() deep-copies every time-scale option per call.
    const c0 = ts.logicalToCoordinate(0 as Logical);
    const c1 = ts.logicalToCoordinate(1 as Logical);
    if (c0 === null || c1 === null) return;
    const half = (c1 - c0) / 2;
    const zc = this.zoneColours(this.state.palette);
    target.useBitmapCoordinateSpace(({ context: ctx, bitmapSize, horizontalPixelRatio: hr, verticalPixelRatio: vr }) => {
      const lw = Math.max(1, Math.round(hr));
      // Rays stop where the right-edge profile starts, so they never strike through its labels.
      const end = Math.round(profileLeft(bitmapSize.width / hr, this.state.settings.profileRange) * hr);
      for (const z of this.zones) {
        if (z.from > range.to || (z.to !== null && z.to < range.from)) continue;
        const xa = ts.logicalToCoordinate(z.from as Logical);
        const xb = z.to === null ? null : ts.logicalToCoordinate(z.to as Logical);
        const yt = api.series.priceToCoordinate(z.high);
        const yb = api.series.priceToCoordinate(z.low);
        if (xa === null || yt === null || yb === null) continue;
        const x1 = Math.round((xa + half) * hr);
        const x2 = xb === null ? end : Math.min(end, Math.round(xb * hr));
        if (x2 <= x1) continue;
        const y1 = Math.round(yt * vr);
        const y2 = Math.round(yb * vr);
        const c = zc[z.side][z.to === null ? 1 : 0];
        ctx.fillStyle = c.fill;
        ctx.fillRect(x1, y1, x2 - x1, y2 - y1);
        ctx.fillStyle = c.edge;
        ctx.fillRect(x1, y1, x2 - x1, lw);
        ctx.fillRect(x1, y2 - lw, x2 - x1, lw);
      }
      // Every naked POC as one dashed stroke: a rectangle per dash would be hundreds per ray.
      const dash = 4 * lw;
      ctx.beginPath();
      for (const n of this.pocs) {
        if (n.from > range.to) continue;
        const xa = ts.logicalToCoordinate(n.from as Logical);
        const y = api.series.priceToCoordinate(n.price);
        if (xa === null || y === null) continue;
        const x1 = Math.max(0, Math.round((xa + half) * hr));
        if (x1 >= end) continue;
        const yc = Math.round(y * vr) - (lw >> 1) + lw / 2;
        ctx.moveTo(x1, yc);
        ctx.lineTo(end, yc);
      }
      ctx.strokeStyle = THEME.nakedPoc;
      ctx.lineWidth = lw;
      ctx.lineCap = 'butt';
      ctx.setLineDash([dash, dash]);
      ctx.stroke();
      ctx.setLineDash([]);
    });
  }
}

const LABEL = 'rgba(230, 235, 242, 0.85)';

/** Profile fills by value-area membership: index 0 outside it, 1 inside (stronger). */
interface ProfileColours {
  sell: readonly [string, string];
  buy: readonly [string, string];
  auction: readonly [string, string];
}

function profileColours(p: Palette): ProfileColours {
  const pair = (c: Rgb): [string, string] => [rgba(c, 0.3), rgba(c, 0.55)];
  return { sell: pair(p.sell), buy: pair(p.buy), auction: pair([160, 170, 190]) };
}

/** Width of the right-edge profile: a fixed share of the pane, capped so it never hides the chart. */
export function profileWidth(paneWidth: number): number {
  return Math.min(170, Math.round(paneWidth * 0.18));
}

/** Left edge of the right-edge profile in a pane `paneWidth` wide (CSS px); the pane's width when it is off. */
export function profileLeft(paneWidth: number, range: ProfileRange): number {
  return range === 'off' ? paneWidth : paneWidth - profileWidth(paneWidth) - 2;
}

type LabelledProfile = Profile & { labels: readonly string[] };

export class ProfilePrimitive extends PaneOverlay {
  /** The profile drawn, with each row's label (formatted when the profile changes, not per frame). */
  private profile: LabelledProfile | null = null;
  private readonly range = new RangeProfile();
  /** What `profile` was computed for (a language change bumps the chart's version). */
  private key: { range: ProfileRange | null; version: number; from: number; to: number } = { range: null, version: -1, from: -1, to: -1 };
  private shades: (ProfileColours & { palette: Palette }) | null = null;
  private readonly fills = new RectBatch();
  private readonly labels = new TextBatch();
  /** Rows drawn in the latest paint (tests read it through the page's debug hook). */
  drawnRows = 0;

  constructor(state: ChartState) {
    super(state, 'top');
  }

  private current(): LabelledProfile | null {
    const api = this.api;
    const bars = this.state.bars;
    if (api === null || bars.length === 0 || this.state.settings.profileRange === 'off') return null;
    let from = 0;
    let to = bars.length - 1;
    if (this.state.settings.profileRange === 'visible') {
      const r = api.chart.timeScale().getVisibleLogicalRange();
      if (r === null) return null;
      from = Math.max(0, Math.ceil(r.from));
      to = Math.min(bars.length - 1, Math.floor(r.to));
    }
    const k = this.key;
    const { profileRange, lang } = this.state.settings;
    if (k.range !== profileRange || k.version !== this.state.version || k.from !== from || k.to !== to) {
      this.key = { range: profileRange, version: this.state.version, from, to };
      const profile = this.range.get(bars, from, to);
      this.profile = { ...profile, labels: profile.rows.map((r) => compactNumber(r.buy + r.sell + r.auction, lang)) };
    }
    return this.profile;
  }

  private valueAreaLines(ctx: CanvasRenderingContext2D, left: number, width: number, top: number, bottom: number): void {
    ctx.fillStyle = THEME.valueArea;
    ctx.fillRect(left, Math.round(top), width, 1);
    ctx.fillRect(left, Math.round(bottom) - 1, width, 1);
    ctx.font = `600 9px ${THEME.cellFont}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText('VAH', left + 2, Math.round(top) - 1);
    ctx.textBaseline = 'top';
    ctx.fillText('VAL', left + 2, Math.round(bottom) + 1);
  }

  /** Fill colours per palette: built once, not as strings for every row of every frame. */
  private colours(p: Palette): ProfileColours {
    if (this.shades === null || this.shades.palette !== p) this.shades = { palette: p, ...profileColours(p) };
    return this.shades;
  }

  protected draw(target: Target): void {
    this.drawnRows = 0;
    this.state.painted.profileValueArea = false;
    const prof = this.current();
    const api = this.api;
    if (prof === null || api === null || prof.maxVolume <= 0) return;
    const c = this.colours(this.state.palette);
    const rowTicks = this.state.settings.rowTicks;
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      const width = profileWidth(mediaSize.width);
      const right = mediaSize.width - 1;
      let labelFont = 0;
      let poc: { x: number; y: number; w: number; h: number } | null = null;
      let vaTop = Infinity;
      let vaBottom = -Infinity;
      for (let i = 0; i < prof.rows.length; i++) {
        const r = prof.rows[i]!;
        const b = rowBounds(r.price, rowTicks);
        const yt = api.series.priceToCoordinate(b.high);
        const yb = api.series.priceToCoordinate(b.low);
        if (yt === null || yb === null || yb < 0 || yt > mediaSize.height) continue;
        const h = Math.max(1, yb - yt - (yb - yt >= 5 ? 1 : 0));
        const va = r.price <= prof.vah && r.price >= prof.val ? 1 : 0;
        if (r.price === prof.vah) vaTop = yt;
        if (r.price === prof.val) vaBottom = yt + h;
        const total = r.buy + r.sell + r.auction;
        if (total <= 0) continue;
        const len = (width * total) / prof.maxVolume;
        const ls = (len * r.sell) / total;
        const lb = (len * r.buy) / total;
        const la = len - ls - lb;
        // Drawn from the right edge inwards: sell, then buy, then auction prints.
        this.fills.add(c.sell[va]!, right - ls, yt, ls, h);
        this.fills.add(c.buy[va]!, right - ls - lb, yt, lb, h);
        if (la > 0) this.fills.add(c.auction[va]!, right - len, yt, la, h);
        this.drawnRows++;
        if (r.price === prof.poc) poc = { x: right - len + 0.5, y: yt + 0.5, w: len - 1, h: Math.max(1, h - 1) };
        if (labelFont === 0 && h >= 11) labelFont = Math.min(11, Math.floor(h * 0.75));
        if (h >= 11) {
          this.labels.add(r.price === prof.poc ? THEME.poc : LABEL, 'right', prof.labels[i]!, right - 3, yt + h / 2);
        }
      }
      if (vaBottom > vaTop) {
        // Value area: a shade behind the rows, VAH and VAL across the profile, named at its inner edge.
        ctx.fillStyle = THEME.valueAreaShade;
        ctx.fillRect(right - width, vaTop, width, vaBottom - vaTop);
      }
      this.fills.flush(ctx);
      if (vaBottom > vaTop) {
        this.valueAreaLines(ctx, right - width, width, vaTop, vaBottom);
        this.state.painted.profileValueArea = true;
      }
      if (poc !== null) {
        ctx.strokeStyle = THEME.poc;
        ctx.lineWidth = 1;
        ctx.strokeRect(poc.x, poc.y, poc.w, poc.h);
      }
      if (labelFont > 0) this.labels.flush(ctx, `500 ${labelFont}px ${THEME.cellFont}`);
    });
  }
}
