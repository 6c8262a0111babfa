// The last-price label on the footprint's price axis. lightweight-charts' own label shows the last
// *visible* bar's value through the axis formatter, which rounds to the tick ladder; this one always
// shows the day's last trade exactly (a half-tick print included), wherever the view is panned. When
// that price lies outside the visible price range the label rests at the axis edge with an arrow.
import type { ISeriesPrimitive, ISeriesPrimitiveAxisView, SeriesAttachedParameter, Time } from 'lightweight-charts';
import { priceLabel } from './format.ts';
import { signColor, THEME } from './palette.ts';
import type { ChartState } from './state.ts';

/** Half a label's height (px): how far from the pane's edges the label's centre stays. */
const EDGE_PX = 9;

export class LastPriceLabel implements ISeriesPrimitive<Time> {
  private api: SeriesAttachedParameter<Time> | null = null;
  private y = -1000;
  private label = '';
  private colour: string = THEME.textDim;
  private readonly view: ISeriesPrimitiveAxisView = {
    coordinate: () => this.y,
    text: () => this.label,
    textColor: () => '#ffffff',
    backColor: () => this.colour,
    visible: () => this.label !== '',
  };
  private readonly views = [this.view];

  constructor(private readonly state: ChartState) {}

  attached(param: SeriesAttachedParameter<Time>): void {
    this.api = param;
  }

  detached(): void {
    this.api = null;
  }

  updateAllViews(): void {
    const bars = this.state.bars;
    const last = bars[bars.length - 1];
    const y = last === undefined ? null : this.api?.series.priceToCoordinate(last.close);
    if (last === undefined || y === null || y === undefined) {
      this.label = '';
      this.state.painted.lastPrice = null;
      return;
    }
    const height = this.api?.chart.paneSize(0).height ?? 0;
    const price = priceLabel(last.close);
    const above = y < EDGE_PX;
    const below = height > 0 && y > height - EDGE_PX;
    this.y = above ? EDGE_PX : below ? height - EDGE_PX : y;
    this.label = above ? `▲ ${price}` : below ? `▼ ${price}` : price;
    this.colour = signColor(this.state.palette, last.close - last.open);
    this.state.painted.lastPrice = { price, offScale: above || below };
  }

  priceAxisViews(): readonly ISeriesPrimitiveAxisView[] {
    return this.views;
  }
}
