// Levels that outlive their bar: stacked-imbalance zones (until price trades through them), naked
// POCs (until a later bar trades their row) and the volume profile of a range of bars. Pure.
import { valueArea, type FlowSide, type FootprintBar, type FootprintRow } from '../../../electron/shared/footprint/index.ts';
import { rowPrice } from '../../../electron/shared/tick-size.ts';
import type { BarView } from './bar-view.ts';
import { rowBounds } from './rows.ts';

export interface ZoneRay {
  side: FlowSide;
  /** Bar that formed the zone. */
  from: number;
  /** First later bar that traded through it, or null while it holds (drawn to the right edge). */
  to: number | null;
  /** Visual extent in price units. */
  low: number;
  high: number;
}

export interface PocRay {
  from: number;
  price: number;
}

/** A zone's own rows (the ray holds its visual extent). */
interface ZoneRows {
  low: number;
  high: number;
}

interface PocState {
  price: number;
  /** Whether the bar had any prints (an empty bar has no POC to draw). */
  traded: boolean;
  revisitedAt: number | null;
}

/**
 * Stacked-imbalance zones and naked POCs, kept up to date as bars change. A buy zone (aggressive
 * buyers, support) is traded through when a later bar's low row falls below its bottom row, a sell
 * zone (resistance) when a later bar's high row rises above its top row; a POC stays naked until a
 * later bar trades its row (the open last bar's own POC is not drawn). Bars before the
 * first view that is no longer the same object keep their zones and POCs (the builder never changes
 * a closed bar; a changed setting rebuilds every view); only the bars from there on are
 * reconsidered, after reopening the zones and POCs that one of them had traded through. The last
 * bar is always reconsidered: it may still be trading. A live update thus checks one or two bars
 * against the levels still open, instead of every bar against every later bar of the day.
 */
export class LiveLevels {
  private seen: BarView[] = [];
  private rowTicks = 0;
  private readonly rays: ZoneRay[] = [];
  private readonly zoneRows: ZoneRows[] = [];
  private readonly pocStates: PocState[] = [];

  update(views: readonly BarView[], rowTicks: number): { zones: readonly ZoneRay[]; pocs: PocRay[] } {
    let from = Math.min(this.seen.length, views.length - 1);
    for (let i = 0; i < from; i++) {
      if (views[i] !== this.seen[i]) {
        from = i;
        break;
      }
    }
    from = Math.max(0, from);
    this.rowTicks = rowTicks;
    this.rewind(from);
    for (let j = from; j < views.length; j++) this.add(j, views[j]!);
    this.seen = views.slice();
    const pocs: PocRay[] = [];
    const finished = views.length - 1;
    for (let i = 0; i < finished; i++) {
      const p = this.pocStates[i]!;
      if (p.revisitedAt === null && p.traded) pocs.push({ from: i, price: p.price });
    }
    return { zones: this.rays, pocs };
  }

  /** Forgets bars[from..]: their own levels go, and those they had traded through open again. */
  private rewind(from: number): void {
    let keep = this.rays.length;
    while (keep > 0 && this.rays[keep - 1]!.from >= from) keep--;
    this.rays.length = keep;
    this.zoneRows.length = keep;
    for (const z of this.rays) if (z.to !== null && z.to >= from) z.to = null;
    this.pocStates.length = Math.min(this.pocStates.length, from);
    for (const p of this.pocStates) if (p.revisitedAt !== null && p.revisitedAt >= from) p.revisitedAt = null;
  }

  private add(j: number, view: BarView): void {
    const b = view.bar;
    const low = rowPrice(b.low, this.rowTicks);
    const high = rowPrice(b.high, this.rowTicks);
    for (let k = 0; k < this.rays.length; k++) {
      const z = this.rays[k]!;
      if (z.to !== null) continue;
      const r = this.zoneRows[k]!;
      if (z.side === 'buy' ? low < r.low : high > r.high) z.to = j;
    }
    for (const p of this.pocStates) if (p.revisitedAt === null && p.traded && p.price >= low && p.price <= high) p.revisitedAt = j;
    for (const z of view.stacked) {
      this.rays.push({ side: z.side, from: j, to: null, low: rowBounds(z.low, this.rowTicks).low, high: rowBounds(z.high, this.rowTicks).high });
      this.zoneRows.push({ low: z.low, high: z.high });
    }
    this.pocStates.push({ price: b.poc, traded: b.rows.length > 0, revisitedAt: null });
  }
}

export interface Profile {
  /** Price-descending rows summed over the range. */
  rows: FootprintRow[];
  maxVolume: number;
  poc: number;
  vah: number;
  val: number;
}

function addRows(sum: Map<number, FootprintRow>, bar: FootprintBar): void {
  for (const r of bar.rows) {
    const s = sum.get(r.price);
    if (s === undefined) sum.set(r.price, { ...r });
    else {
      s.buy += r.buy;
      s.sell += r.sell;
      s.auction += r.auction;
      s.trades += r.trades;
    }
  }
}

function finish(sum: Map<number, FootprintRow>): Profile {
  const rows = Array.from(sum.values()).sort((a, b) => b.price - a.price);
  let maxVolume = 0;
  for (const r of rows) maxVolume = Math.max(maxVolume, r.buy + r.sell + r.auction);
  const va = valueArea(rows);
  return { rows, maxVolume, poc: va.poc, vah: va.vah, val: va.val };
}

/**
 * Volume profile of bars[from..to] (inclusive, clamped), for a range that moves with the live feed. Only the day's last bar is still trading
 * (the builder never changes an earlier one), so the sum of the others in the range is kept and
 * extended as bars close; a live update then costs one bar's rows instead of the whole range. A
 * kept bar that is no longer the same object (a reload) starts the sum over.
 */
export class RangeProfile {
  private lo = -1;
  /** The closed bars summed into `closed`, bars[lo..lo + summed.length - 1]. */
  private summed: FootprintBar[] = [];
  private closed = new Map<number, FootprintRow>();

  get(bars: readonly FootprintBar[], from: number, to: number): Profile {
    const lo = Math.max(0, from);
    const hi = Math.min(bars.length - 1, to);
    const last = bars.length - 1;
    const closedHi = Math.min(hi, last - 1);
    if (!this.keeps(bars, lo, closedHi)) {
      this.lo = lo;
      this.summed = [];
      this.closed = new Map();
    }
    for (let i = lo + this.summed.length; i <= closedHi; i++) {
      addRows(this.closed, bars[i]!);
      this.summed.push(bars[i]!);
    }
    const sum = new Map<number, FootprintRow>();
    for (const [price, r] of this.closed) sum.set(price, { ...r });
    if (hi === last && last >= lo) addRows(sum, bars[last]!);
    return finish(sum);
  }

  /** Whether the kept sum is a prefix of bars[lo..closedHi]. */
  private keeps(bars: readonly FootprintBar[], lo: number, closedHi: number): boolean {
    if (lo !== this.lo || this.summed.length > closedHi - lo + 1) return false;
    for (let k = 0; k < this.summed.length; k++) if (bars[lo + k] !== this.summed[k]) return false;
    return true;
  }
}
