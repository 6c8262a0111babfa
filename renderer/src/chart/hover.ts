// The crosshair over the footprint: which cell it is on (framed in the next paint) and its tooltip.
import type { MouseEventParams, Time } from 'lightweight-charts';
import type { FootprintSeries } from './bar-series.ts';
import type { ChartState } from './state.ts';
import { Tooltip } from './tooltip.ts';

export class CellHover {
  private readonly tooltip: Tooltip;

  constructor(
    container: HTMLElement,
    private readonly state: ChartState,
    private readonly footprint: FootprintSeries,
  ) {
    this.tooltip = new Tooltip(container, state);
  }

  readonly move = (param: MouseEventParams<Time>): void => {
    const state = this.state;
    let info: Parameters<Tooltip['show']>[0] = null;
    const idx = param.logical === undefined ? -1 : Math.round(param.logical);
    if (param.point !== undefined && param.paneIndex === 0 && idx >= 0 && idx < state.bars.length) {
      const p = this.footprint.coordinateToPrice(param.point.y);
      const cell = p === null ? undefined : state.views[idx]!.cells.find((c) => p >= c.low && p < c.high);
      if (cell !== undefined) info = { bar: state.bars[idx]!, row: cell.row };
    }
    const next = info === null ? null : { index: idx, price: info.row.price };
    const prev = state.hover;
    if (prev?.index !== next?.index || prev?.price !== next?.price) {
      state.hover = next;
      this.footprint.applyOptions({});
    }
    this.tooltip.show(info, param.point ?? null);
  };

  destroy(): void {
    this.tooltip.destroy();
  }
}
