// Markers of missed trades: a dashed vertical line before the bar each gap ends in, labelled with
// the estimate (e.g. "수신 누락 추정 약 12,300주 · 41건 (재연결)") or how the fill ended for it. The bar is found from the data;
// drawing only places it (gaps.ts).
import type { IPrimitivePaneRenderer, Logical } from 'lightweight-charts';
import type { Gap } from '../../../electron/shared/gap.ts';
import { gapBarIndex } from './gaps.ts';
import type { ChartLabels } from './labels.ts';
import { PaneOverlay } from './overlays.ts';
import { THEME } from './palette.ts';
import type { ChartState } from './state.ts';

const COLOUR = 'rgba(255, 176, 32, 0.85)';
/** A filled gap no longer warns: drawn muted. */
const FILLED_COLOUR = 'rgba(150, 160, 175, 0.55)';
const LABEL_BG = 'rgba(20, 24, 32, 0.85)';
/** Labels of nearby gaps step down this many rows before starting over at the top. */
const LABEL_ROWS = 3;

export class GapMarkers extends PaneOverlay {
  private gaps: readonly Gap[] = [];
  /** The gaps' labels in the chart's language, made when the gaps or the language change. */
  private texts: { gaps: readonly Gap[]; labels: ChartLabels; texts: readonly string[] } | null = null;
  private readonly drawn: string[] = [];

  constructor(state: ChartState) {
    super(state, 'top');
  }

  set(gaps: readonly Gap[]): void {
    this.gaps = gaps;
  }

  /** Labels of the markers in the latest paint (for tests). */
  labels(): readonly string[] {
    return this.drawn;
  }

  private labelTexts(): readonly string[] {
    const labels = this.state.labels;
    if (this.texts === null || this.texts.gaps !== this.gaps || this.texts.labels !== labels) {
      this.texts = { gaps: this.gaps, labels, texts: this.gaps.map((g) => labels.gap(g)) };
    }
    return this.texts.texts;
  }

  protected draw(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    const api = this.api;
    this.drawn.length = 0;
    if (api === null || this.gaps.length === 0) return;
    const ts = api.chart.timeScale();
    const c0 = ts.logicalToCoordinate(0 as Logical);
    const c1 = ts.logicalToCoordinate(1 as Logical);
    if (c0 === null || c1 === null) return;
    const half = (c1 - c0) / 2;
    const texts = this.labelTexts();
    target.useMediaCoordinateSpace(({ context: ctx, mediaSize }) => {
      ctx.font = `600 11px ${THEME.font}`;
      ctx.textBaseline = 'top';
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      this.gaps.forEach((g, k) => {
        const i = gapBarIndex(this.state.bars, g.before);
        const x = i < 0 ? null : ts.logicalToCoordinate(i as Logical);
        if (x === null || x < 0 || x > mediaSize.width) return;
        const xl = Math.round(x - half) + 0.5;
        const colour = g.state === 'filled' ? FILLED_COLOUR : COLOUR;
        ctx.strokeStyle = colour;
        ctx.beginPath();
        ctx.moveTo(xl, 0);
        ctx.lineTo(xl, mediaSize.height);
        ctx.stroke();
        const label = texts[k]!;
        const y = 4 + (k % LABEL_ROWS) * 16;
        const w = ctx.measureText(label).width + 8;
        ctx.fillStyle = LABEL_BG;
        ctx.fillRect(xl + 2, y - 2, w, 15);
        ctx.fillStyle = colour;
        ctx.fillText(label, xl + 6, y);
        this.drawn.push(label);
      });
      ctx.setLineDash([]);
    });
  }
}
