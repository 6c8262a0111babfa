// The tab bar: the chart first, then the panels other modules registered (extension.ts), each
// mounted the first time its tab opens and kept (hidden) afterwards.
import { el } from '../ui/dom.ts';
import { text, type Lang } from '../ui/i18n.ts';
import { watchPanels, type AppContext, type PanelDef } from './extension.ts';
import type { Layout } from './layout.ts';

export interface Tabs {
  select(id: string): void;
  setLang(lang: Lang): void;
}

export const CHART_TAB = 'chart';

export function createTabs(layout: Layout, initialLang: Lang, ctx: AppContext): Tabs {
  let lang = initialLang;
  const panels: PanelDef[] = [];
  const mounted = new Map<string, HTMLElement>();
  let active = CHART_TAB;
  // lightweight-charts' licence asks for this notice and link; the in-chart logo is off (CSP).
  const credit = el('a', 'credit', 'Charts: TradingView Lightweight Charts™');
  credit.href = 'https://www.tradingview.com/';
  credit.target = '_blank';
  credit.rel = 'noopener';

  const render = (): void => {
    const entries = [{ id: CHART_TAB, title: text(lang, 'tabChart') }, ...panels.map((p) => ({ id: p.id, title: p.title[lang] }))];
    layout.tabs.replaceChildren(
      ...entries.map((e) => {
        const b = el('button', undefined, e.title);
        b.type = 'button';
        b.dataset.tab = e.id;
        b.classList.toggle('active', e.id === active);
        b.addEventListener('click', () => select(e.id));
        return b;
      }),
      credit,
    );
  };
  const select = (id: string): void => {
    active = id;
    const onChart = id === CHART_TAB;
    layout.main.hidden = !onChart;
    layout.controlsHost.hidden = !onChart;
    layout.panelHost.hidden = onChart;
    for (const [pid, host] of mounted) host.hidden = pid !== id;
    const def = panels.find((p) => p.id === id);
    if (def && !mounted.has(id)) {
      const host = layout.panelHost.appendChild(el('div', 'panel'));
      mounted.set(id, host);
      def.mount(host, ctx);
    }
    render();
  };
  render();
  watchPanels((p) => {
    panels.push(p);
    render();
  });
  return {
    select,
    setLang(l) {
      lang = l;
      render();
    },
  };
}
