// A small title in the top-left corner of a lower pane ("거래량", "누적델타").
import type { IPanePrimitive, IPanePrimitivePaneView, IPrimitivePaneRenderer } from 'lightweight-charts';
import { THEME } from './palette.ts';

export class PaneTitle implements IPanePrimitive {
  private readonly views: readonly IPanePrimitivePaneView[];

  constructor(title: () => string) {
    const renderer: IPrimitivePaneRenderer = {
      draw: (target) =>
        target.useMediaCoordinateSpace(({ context: ctx }) => {
          const text = title();
          ctx.font = `600 11px ${THEME.font}`;
          ctx.textAlign = 'left';
          ctx.textBaseline = 'top';
          // A backing plate: the pane's grid and a tall bar never run through the title.
          ctx.fillStyle = THEME.background;
          ctx.fillRect(4, 2, ctx.measureText(text).width + 8, 17);
          ctx.fillStyle = THEME.textDim;
          ctx.fillText(text, 8, 5);
        }),
    };
    this.views = [{ zOrder: () => 'top', renderer: () => renderer }];
  }

  paneViews(): readonly IPanePrimitivePaneView[] {
    return this.views;
  }
}
