// The crosshair tooltip of a footprint cell, a small DOM panel inside the chart container.
import type { FootprintBar, FootprintRow } from '../../../electron/shared/footprint/index.ts';
import { formatHms } from '../../../electron/shared/kst.ts';
import { formatPrice } from '../../../electron/shared/tick-size.ts';
import { el } from '../ui/dom.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { signedGroup } from './format.ts';
import { signColor, THEME } from './palette.ts';
import type { ChartState } from './state.ts';

const OFFSET = 16;

export class Tooltip {
  private readonly el: HTMLDivElement;
  private shown: { bar: FootprintBar; row: FootprintRow; version: number } | null = null;
  /** Size of the rendered panel, measured once per content change (reading it per move forces layout). */
  private size = { w: 0, h: 0 };

  constructor(
    private readonly container: HTMLElement,
    private readonly state: ChartState,
  ) {
    const panel = el('div', 'fp-tooltip');
    Object.assign(panel.style, {
      position: 'absolute',
      left: '0',
      top: '0',
      zIndex: '5',
      pointerEvents: 'none',
      display: 'none',
      padding: '7px 10px',
      background: 'rgba(17, 23, 33, 0.94)',
      border: `1px solid ${THEME.border}`,
      borderRadius: '6px',
      boxShadow: '0 6px 18px rgba(0, 0, 0, 0.45)',
      color: THEME.text,
      font: `12px ${THEME.font}`,
      fontVariantNumeric: 'tabular-nums',
      lineHeight: '1.55',
      whiteSpace: 'nowrap',
    } satisfies Partial<CSSStyleDeclaration>);
    container.appendChild(panel);
    this.el = panel;
  }

  show(info: { bar: FootprintBar; row: FootprintRow } | null, point: { x: number; y: number } | null): void {
    if (info === null || point === null) {
      this.el.style.display = 'none';
      this.shown = null;
      return;
    }
    const s = this.shown;
    if (s === null || s.bar !== info.bar || s.row !== info.row || s.version !== this.state.version) {
      this.render(info.bar, info.row);
      this.shown = { ...info, version: this.state.version };
    }
    this.place(point);
  }

  private render(bar: FootprintBar, row: FootprintRow): void {
    const l = this.state.labels;
    const p = this.state.palette;
    const delta = row.buy - row.sell;
    // Built with elements and CSSOM styles: markup with style attributes is blocked by the page's CSP.
    const span = (text: string, color: string, bold: boolean): HTMLSpanElement => {
      const s = el('span', undefined, text);
      s.style.color = color;
      if (bold) s.style.fontWeight = '600';
      return s;
    };
    const line = (name: string, value: string, color: string = THEME.textStrong): HTMLDivElement => {
      const d = el('div');
      Object.assign(d.style, { display: 'flex', justifyContent: 'space-between', gap: '18px' });
      d.append(span(name, THEME.textDim, false), span(value, color, true));
      return d;
    };
    const head = el('div');
    Object.assign(head.style, { color: THEME.textDim, fontSize: '11px', marginBottom: '2px' });
    head.textContent = `${formatHms(bar.start)} – ${formatHms(bar.end)}`;
    const rows = [
      head,
      line(l.price, formatPrice(row.price)),
      line(l.sell, groupThousands(row.sell), p.sellText),
      line(l.buy, groupThousands(row.buy), p.buyText),
      line(l.delta, signedGroup(delta), signColor(p, delta)),
      line(l.trades, groupThousands(row.trades)),
    ];
    if (row.auction > 0) rows.push(line(l.auction, groupThousands(row.auction)));
    this.el.replaceChildren(...rows);
    this.el.style.display = 'block';
    this.size = { w: this.el.offsetWidth, h: this.el.offsetHeight };
  }

  private place(point: { x: number; y: number }): void {
    const { w, h } = this.size;
    const cw = this.container.clientWidth;
    const ch = this.container.clientHeight;
    const x = point.x + OFFSET + w > cw ? point.x - OFFSET - w : point.x + OFFSET;
    const y = Math.min(Math.max(0, point.y + OFFSET), Math.max(0, ch - h));
    this.el.style.transform = `translate(${Math.max(0, x)}px, ${y}px)`;
  }

  destroy(): void {
    this.el.remove();
  }
}
