// Bars into the four series: a full replace, or only the changed tail of a live update. Each bar's
// view (labels, flags, scale maxima) is built here, once per change, never at paint time.
import type { BaselineData, HistogramData, Time, UTCTimestamp } from 'lightweight-charts';
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import { tickSize } from '../../../electron/shared/tick-size.ts';
import type { FootprintItem } from './bar-series.ts';
import { buildBarView } from './bar-view.ts';
import type { ChartSeries } from './chart-setup.ts';
import { axisMinMove, tickLabel } from './format.ts';
import { rgba } from './palette.ts';
import type { ChartState } from './state.ts';

function utc(t: number): UTCTimestamp {
  return t as UTCTimestamp;
}

export class BarData {
  /** The price step the footprint's axis uses now. */
  private minMove = 1;

  constructor(
    private readonly state: ChartState,
    private readonly s: ChartSeries,
  ) {}

  setBars(bars: readonly FootprintBar[]): void {
    this.state.bars = bars;
    this.state.hover = null;
    this.rebuildAll();
  }

  /** Live: bars[fromIndex..] changed or appended; everything before is unchanged. */
  updateBars(bars: readonly FootprintBar[], fromIndex: number): void {
    const state = this.state;
    const prevLen = state.views.length;
    // An update that would rewrite history beyond the tail is cheaper as a full replace.
    if (fromIndex < 0 || fromIndex > prevLen || prevLen - fromIndex > 3 || bars.length < prevLen) {
      this.setBars(bars);
      return;
    }
    state.bars = bars;
    for (let i = fromIndex; i < bars.length; i++) {
      state.views[i] = buildBarView(bars[i]!, state.settings);
      const historical = i < prevLen - 1;
      const it = this.item(i);
      this.s.footprint.update(it, historical);
      this.s.stats.update(it, historical);
      this.s.volume.update(this.volumeItem(bars[i]!), historical);
      this.s.cvd.update(cvdItem(bars[i]!), historical);
    }
    state.version++;
    this.followTick();
    if (prevLen === 0) this.s.layoutPanes();
  }

  /** Every bar's view again (cell mode, thresholds, language or palette changed). */
  rebuildAll(): void {
    const state = this.state;
    state.views = state.bars.map((b) => buildBarView(b, state.settings));
    state.version++;
    const items = state.bars.map((_, i) => this.item(i));
    this.s.footprint.setData(items);
    this.s.stats.setData(items);
    this.s.volume.setData(state.bars.map((b) => this.volumeItem(b)));
    this.s.cvd.setData(state.bars.map(cvdItem));
    this.followTick();
    this.s.layoutPanes();
  }

  private item(i: number): FootprintItem {
    return { time: utc(this.state.bars[i]!.time), view: this.state.views[i]! };
  }

  private volumeItem(b: FootprintBar): HistogramData<Time> {
    const p = this.state.palette;
    const c = b.delta > 0 ? p.buy : b.delta < 0 ? p.sell : ([120, 130, 150] as const);
    return { time: utc(b.time), value: b.volume, color: rgba(c, 0.6) };
  }

  /** Axis steps follow the tick of the latest price, so grid lines land on tradable prices. */
  private followTick(): void {
    const last = this.state.bars[this.state.bars.length - 1];
    const tick = axisMinMove(last === undefined ? 1 : tickSize(last.close));
    if (tick === this.minMove) return;
    this.minMove = tick;
    this.s.footprint.applyOptions({ priceFormat: { type: 'custom', formatter: tickLabel, minMove: tick } });
  }
}

function cvdItem(b: FootprintBar): BaselineData<Time> {
  return { time: utc(b.time), value: b.cvd };
}
