// A small title in the top-left corner of a lower pane ("거래량", "누적델타").
import type { IPanePrimitive, IPanePrimitivePaneView, IPrimitivePaneRenderer } from 'lightweight-charts';
import { THEME } from './palette.ts';

export class PaneTitle implements IPanePrimitive {
  private readonly views: readonly IPanePrimitivePaneView[];

  constructor(title: () => string) {
    const renderer: IPrimitivePaneRenderer = {
      draw: (target) =>
        target.useMediaCoordinateSpace(({ context: ctx }) => {
          ctx.font = `600 11px ${THEME.font}`;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'top';
          ctx.fillStyle = THEME.textDim;
          ctx.fillText(title(), 8, 5);
        }),
    };
    this.views = [{ zOrder: () => 'top', renderer: () => renderer }];
  }

  paneViews(): readonly IPanePrimitivePaneView[] {
    return this.views;
  }
}
