// Names of the stacked-imbalance zones that still hold, drawn above the cells where each zone meets
// the right-edge profile (or the pane's edge), so a band across the chart says what it is.
import type { IPrimitivePaneRenderer } from 'lightweight-charts';
import type { ZoneRay } from './levels.ts';
import { PaneOverlay, profileLeft } from './overlays.ts';
import { THEME } from './palette.ts';
import type { ChartState } from './state.ts';

type Target = Parameters<IPrimitivePaneRenderer['draw']>[0];

const FONT_PX = 10;

export class ZoneLabels extends PaneOverlay {
  constructor(
    state: ChartState,
    private readonly zones: () => readonly ZoneRay[],
  ) {
    super(state, 'top');
  }

  protected draw(target: Target): void {
    const drawn: string[] = (this.state.painted.zoneLabels = []);
    const api = this.api;
    if (api === null) return;
    const holding = this.zones().filter((z) => z.to === null);
    if (holding.length === 0) return;
    const p = this.state.palette;
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      const right = profileLeft(mediaSize.width, this.state.settings.profileRange) - 3;
      ctx.font = `600 ${FONT_PX}px ${THEME.cellFont}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      for (const z of holding) {
        const yt = api.series.priceToCoordinate(z.high);
        const yb = api.series.priceToCoordinate(z.low);
        if (yt === null || yb === null || yb < 0 || yt > mediaSize.height) continue;
        const text = z.side === 'buy' ? this.state.labels.stackedBuy : this.state.labels.stackedSell;
        const w = ctx.measureText(text).width + 6;
        const y = (yt + yb) / 2;
        ctx.fillStyle = THEME.background;
        ctx.fillRect(right - w, y - FONT_PX / 2 - 2, w, FONT_PX + 4);
        ctx.fillStyle = z.side === 'buy' ? p.buyText : p.sellText;
        ctx.fillText(text, right - 3, y);
        drawn.push(text);
      }
    });
  }
}
