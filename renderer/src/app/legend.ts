// The chart's legend, a strip above the footprint (layout.ts `legendHost`, so it never hides bars):
// each mark the chart draws (POC, value area, imbalance, stacked zone, naked POC,
// unfinished auction) beside its name, drawn the way the chart draws it in the current palette. A
// button shows or hides it; the choice is a pref, and the chart takes the height left.
import { palette, rgba, THEME, type Palette } from '../chart/palette.ts';
import type { PaletteName } from '../chart/index.ts';
import { el } from '../ui/dom.ts';
import { defineTexts, type Lang } from '../ui/i18n.ts';

const { text } = defineTexts({
  ko: {
    legend: '범례',
    poc: 'POC (최다 거래 가격)',
    valueArea: '가치 영역 (VAH–VAL, 거래량 70%)',
    imbalance: '불균형 (대각선 매수/매도 우위)',
    stacked: '스택 불균형 구간',
    nakedPoc: '미테스트 POC (Naked POC)',
    unfinished: '미완성 경매 (고가/저가 양측 체결)',
  },
  en: {
    legend: 'Legend',
    poc: 'POC (most traded price)',
    valueArea: 'Value area (VAH–VAL, 70% of volume)',
    imbalance: 'Imbalance (diagonal buy/sell dominance)',
    stacked: 'Stacked imbalance zone',
    nakedPoc: 'Naked POC (not yet revisited)',
    unfinished: 'Unfinished auction (both sides at the extreme)',
  },
});

type Mark = 'poc' | 'valueArea' | 'imbalance' | 'stacked' | 'nakedPoc' | 'unfinished';
const MARKS: readonly Mark[] = ['poc', 'valueArea', 'imbalance', 'stacked', 'nakedPoc', 'unfinished'];

const SVG = 'http://www.w3.org/2000/svg';
type Shape = Record<string, string | number>;

function svg(shapes: readonly [string, Shape][]): SVGSVGElement {
  const root = document.createElementNS(SVG, 'svg');
  root.setAttribute('width', '30');
  root.setAttribute('height', '14');
  root.setAttribute('viewBox', '0 0 30 14');
  for (const [tag, attrs] of shapes) {
    const s = root.appendChild(document.createElementNS(SVG, tag));
    for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, String(v));
  }
  return root;
}

/** Each mark as the chart paints it (footprint-series.ts, overlays.ts), in little. */
function swatch(mark: Mark, p: Palette): SVGSVGElement {
  const cell: Shape = { x: 2, y: 3, width: 26, height: 8, fill: THEME.cell };
  switch (mark) {
    case 'poc':
      return svg([['rect', { ...cell, stroke: THEME.poc, 'stroke-width': 1.2 }]]);
    case 'valueArea':
      return svg([
        ['rect', { x: 3, y: 1, width: 25, height: 12, fill: THEME.valueAreaShade }],
        ['rect', { x: 3, y: 1, width: 25, height: 1.2, fill: THEME.valueArea }],
        ['rect', { x: 3, y: 11.8, width: 25, height: 1.2, fill: THEME.valueArea }],
        ['rect', { x: 1.5, y: 1, width: 1.2, height: 12, fill: THEME.valueArea }],
      ]);
    case 'imbalance':
      return svg([
        ['rect', { x: 2, y: 3, width: 12, height: 8, fill: THEME.cell, stroke: p.sellText, 'stroke-width': 1.2 }],
        ['rect', { x: 16, y: 3, width: 12, height: 8, fill: THEME.cell, stroke: p.buyText, 'stroke-width': 1.2 }],
      ]);
    case 'stacked':
      return svg([
        ['rect', { x: 0, y: 3, width: 30, height: 8, fill: rgba(p.buy, 0.11) }],
        ['rect', { x: 0, y: 3, width: 30, height: 1, fill: rgba(p.buy, 0.7) }],
        ['rect', { x: 0, y: 10, width: 30, height: 1, fill: rgba(p.buy, 0.7) }],
      ]);
    case 'nakedPoc':
      return svg([['line', { x1: 0, y1: 7, x2: 30, y2: 7, stroke: THEME.nakedPoc, 'stroke-width': 1.2, 'stroke-dasharray': '4 4' }]]);
    case 'unfinished':
      return svg([
        ['rect', cell],
        ['rect', { x: 22, y: 2, width: 6, height: 2, fill: THEME.unfinished }],
      ]);
  }
}

export interface Legend {
  setLang(lang: Lang): void;
  setPalette(name: PaletteName): void;
  setOpen(open: boolean): void;
}

export function createLegend(host: HTMLElement, init: { lang: Lang; palette: PaletteName; open: boolean }, onToggle: (open: boolean) => void): Legend {
  let { lang, open } = init;
  let colours = palette(init.palette);
  const box = host.appendChild(el('div', 'legend-box'));
  const toggle = box.appendChild(el('button', 'legend-toggle'));
  toggle.type = 'button';
  toggle.dataset.testid = 'legend-toggle';
  const panel = box.appendChild(el('div', 'legend'));
  panel.dataset.testid = 'legend';
  toggle.addEventListener('click', () => onToggle(!open));

  const render = (): void => {
    toggle.textContent = `${open ? '▾' : '▸'} ${text(lang, 'legend')}`;
    toggle.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    panel.replaceChildren(
      ...MARKS.map((m) => {
        const row = el('div', 'legend-item');
        row.dataset.mark = m;
        row.append(swatch(m, colours), el('span', '', text(lang, m)));
        return row;
      }),
    );
  };
  render();
  return {
    setLang(l) {
      lang = l;
      render();
    },
    setPalette(name) {
      colours = palette(name);
      render();
    },
    setOpen(o) {
      open = o;
      render();
    },
  };
}
