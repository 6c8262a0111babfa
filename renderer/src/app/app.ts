// The application shell: layout, the trader's choices, and the wiring between the data feed, the
// chart, the header and the tape. Panels of other modules appear as tabs (see extension.ts).
import { kstDate } from '../../../electron/shared/kst.ts';
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import { toGap, type Gap } from '../../../electron/shared/gap.ts';
import type { LiveTrade, TradeRecord } from '../../../electron/shared/trade.ts';
import { createFootprintChart, type ChartSettings, type FootprintChart } from '../chart/index.ts';
import type { FootprintQuery, StockInfo } from '../../../electron/shared/wire.ts';
import { fetchDays, fetchGaps, fetchHealth, fetchStock, fetchWatchlist } from '../data/api.ts';
import { createFootprintFeed } from '../data/footprint-feed.ts';
import { createTape, type TapeTrade } from '../tape/tape.ts';
import { createControls } from './controls.ts';
import { installDebugHook } from './debug.ts';
import { watchPanels, type AppContext, type LiveListener, type PanelDef } from './extension.ts';
import { EMPTY_FEED_VIEW, feedLabel, readFeedView, type FeedView } from './feed-state.ts';
import { createHeader } from './header.ts';
import { text, textWith, type TextKey } from '../ui/i18n.ts';
import { barSpec, loadPrefs, savePrefs, type Prefs } from './prefs.ts';
import { el } from '../ui/dom.ts';

/** Choices that need other bars from the server, and those the chart redraws by itself. */
const DATA_KEYS: readonly (keyof Prefs)[] = ['code', 'date', 'barKind', 'barSize', 'rowTicks', 'venue'];
const CHART_KEYS = ['cellMode', 'palette', 'imbalanceRatio', 'rowTicks', 'lang', 'profile'] as const;

function chartSettings(p: Prefs): Partial<ChartSettings> {
  return { cellMode: p.cellMode, palette: p.palette, imbalanceRatio: p.imbalanceRatio, rowTicks: p.rowTicks, lang: p.lang, profileRange: p.profile };
}

function div(cls: string, parent: HTMLElement): HTMLDivElement {
  return parent.appendChild(el('div', cls));
}

function toTape(t: TradeRecord): TapeTrade {
  return { chetime: t.chetime, price: Number(t.price), volume: Number(t.cvolume), side: t.cgubun, venue: t.exchname ?? '' };
}

export async function startApp(root: HTMLElement): Promise<void> {
  let prefs = loadPrefs();
  let feedView: FeedView = EMPTY_FEED_VIEW;
  let serverUp = true;
  let serverReason: string | null = null;
  // One lookup per code while the feed stays the same (the server caches too). A failed one (LS
  // unreachable) is asked again the next time the name is needed, not remembered as "no name".
  const stocks = new Map<string, Promise<StockInfo | null>>();
  const stockOf = (code: string): Promise<StockInfo | null> => {
    let p = stocks.get(code);
    if (!p) {
      const lookup = fetchStock(code);
      stocks.set(code, (p = lookup));
      void lookup.then((info) => {
        if (info === null && stocks.get(code) === lookup) stocks.delete(code);
      });
    }
    return p;
  };
  const nameOf = async (code: string): Promise<string | null> => (await stockOf(code))?.name ?? null;
  let codes: string[] = [];
  const prefListeners = new Set<(p: Readonly<Prefs>) => void>();
  const liveListeners = new Set<LiveListener>();

  // Layout
  root.className = 'app';
  const banner = div('demo-banner', root);
  banner.hidden = true;
  const portBanner = div('port-banner', root);
  portBanner.hidden = true;
  const headerHost = div('', root);
  const header = createHeader(headerHost, prefs.lang);
  const tabs = root.appendChild(el('nav', 'tabs'));
  const controlsHost = div('', root);
  const main = div('main', root);
  const chartWrap = div('chart-wrap', main);
  const chartHost = div('chart-host', chartWrap);
  const message = div('chart-message', chartWrap);
  const tape = createTape(div('', main), prefs.lang, prefs.largeTrade);
  const panelHost = div('panel-host', root);
  panelHost.hidden = true;
  // lightweight-charts' licence asks for this notice and link; the in-chart logo is off (CSP).
  const credit = el('a', 'credit', 'Charts: TradingView Lightweight Charts™');
  credit.href = 'https://www.tradingview.com/';
  credit.target = '_blank';
  credit.rel = 'noopener';

  const chart: FootprintChart = createFootprintChart(chartHost, chartSettings(prefs));

  const liveDate = (): string => feedView.date ?? kstDate(Date.now());
  const query = (): FootprintQuery => ({
    code: prefs.code,
    date: prefs.date ?? liveDate(),
    bar: barSpec(prefs),
    row: prefs.rowTicks,
    venue: prefs.venue,
  });

  const showMessage = (key: TextKey | null, detail = '', isError = false): void => {
    message.textContent = key ? `${text(prefs.lang, key)}${detail ? `: ${detail}` : ''}` : '';
    message.classList.toggle('error', isError);
  };
  const renderFeed = (): void => {
    header.setFeed(feedLabel(feedView, serverUp, serverReason, prefs.lang));
    controls.setReplay(feedView.kind === 'replay');
    banner.hidden = feedView.kind !== 'demo';
    banner.textContent = text(prefs.lang, 'demoBanner');
    const fb = feedView.portFallback;
    portBanner.hidden = fb === null;
    portBanner.textContent = fb === null ? '' : textWith(prefs.lang, 'portFallback', fb);
  };

  // Missed-trade marks of the shown code and day: the recorded ones, plus those announced while they load.
  let gapKey = '';
  let gaps: Gap[] = [];
  const showGaps = async (): Promise<void> => {
    const { code, date } = query();
    if (code === '') return chart.setGaps([]);
    const key = `${code}/${date}`;
    if (key !== gapKey) gaps = [];
    gapKey = key;
    try {
      const list = await fetchGaps(code, date);
      if (gapKey !== key) return;
      const listed = new Set(list.map((g) => g.at + g.before));
      gaps = [...list, ...gaps.filter((g) => !listed.has(g.at + g.before))];
      chart.setGaps(gaps);
    } catch {
      // The marks wait for the next load.
    }
  };
  const onGap = (frame: Record<string, unknown>): void => {
    const g = toGap(frame);
    if (g === null || `${String(frame.code)}/${String(frame.date)}` !== gapKey) return;
    gaps = [...gaps, g];
    chart.setGaps(gaps);
  };

  // Data
  let updates = 0;
  let paintedAt: number | null = null;
  let barCount = 0;
  const feed = createFootprintFeed({
    bars(bars: readonly FootprintBar[], fromIndex, reset) {
      updates++;
      barCount = bars.length;
      if (reset) {
        chart.setBars(bars);
        void showGaps();
        paintedAt = null;
        requestAnimationFrame(() => (paintedAt = performance.now()));
        showMessage(bars.length === 0 ? 'noTrades' : null);
      } else {
        chart.updateBars(bars, fromIndex);
        if (barCount > 0) showMessage(null);
      }
      header.setBars(bars);
    },
    tape(trades: readonly LiveTrade[], reset) {
      const list = trades.map(toTape);
      if (reset) tape.reset(list);
      else tape.append(list);
    },
    status(frame) {
      if (frame.type === 'gap') return onGap(frame);
      const before = feedView.date;
      const kindBefore = feedView.kind;
      feedView = readFeedView(frame, feedView);
      renderFeed();
      if (kindBefore !== null && feedView.kind !== kindBefore) {
        // Settings switched the collector (demo ↔ LS): it records into another folder, whose day file
        // numbers its trades from 1 again. The bars shown (demo trades under an LS badge) and the last
        // seq they hold (which would drop every new trade as already seen) belong to the old one.
        stocks.clear();
        if (prefs.code !== '') {
          void showStock();
          barCount = 0;
          tape.reset([]);
          feed.setQuery(query());
        }
        void setCodes(codes);
      }
      if (before !== null && feedView.date !== before) {
        // The live chart follows the feed into a new trading day; the day it leaves is now a recorded one.
        if (prefs.date === null) feed.setQuery(query());
        void refreshDays();
      }
      // The watchlist was edited (here, by hand in watchlist.json, or over the API).
      const list = frame.watchlist;
      if (Array.isArray(list)) {
        const next = list.filter((c): c is string => typeof c === 'string');
        if (next.join() !== codes.join()) void setCodes(next);
      }
    },
    connection(up, reason) {
      serverUp = up;
      serverReason = reason || null;
      renderFeed();
      if (up) for (const l of liveListeners) l.open();
    },
    live(msg) {
      for (const l of liveListeners) l.message(msg);
    },
    load(state, error) {
      if (state === 'loading' && barCount === 0) showMessage('loading');
      if (state === 'error') showMessage('loadFailed', error, true);
    },
  });
  installDebugHook(feed.snapshot, () => ({ updates, paintedAt }), () => chart.drawnGaps(), () => chart.drawnProfileRows());

  const refreshHealth = async (): Promise<void> => {
    try {
      feedView = readFeedView(await fetchHealth(), feedView);
      renderFeed();
    } catch {
      // The WS status frames carry the same information; the badge keeps its last state.
    }
  };

  const setCodes = async (list: string[]): Promise<void> => {
    codes = list;
    // The first code added to an empty watchlist opens at once. A live chart whose code left the
    // list is no longer recorded (it would freeze): it moves to the first code, as on page load.
    const gone = prefs.date === null && !list.includes(prefs.code);
    if (list.length > 0 && (prefs.code === '' || gone)) applyPrefs({ code: list[0] });
    // The last code removed: a live chart has nothing left to follow.
    else if (list.length === 0 && gone && prefs.code !== '') applyPrefs({ code: '' });
    const named = await Promise.all(list.map(async (code) => ({ code, name: await nameOf(code) })));
    if (codes === list) controls.setCodes(named);
  };
  const refreshWatchlist = async (): Promise<void> => setCodes(await fetchWatchlist());

  const applyPrefs = (change: Partial<Prefs>): void => {
    const before = prefs;
    prefs = { ...prefs, ...change };
    savePrefs(prefs);
    const changed = (k: keyof Prefs): boolean => before[k] !== prefs[k];
    if (changed('lang')) {
      header.setLang(prefs.lang);
      controls.setLang(prefs.lang);
      tape.setLang(prefs.lang);
      renderTabs();
    }
    if (changed('code')) {
      void showStock();
      void refreshDays();
    } else if (changed('date')) void showReference();
    if (changed('largeTrade')) tape.setLargeThreshold(prefs.largeTrade);
    if (CHART_KEYS.some(changed)) chart.setSettings(chartSettings(prefs));
    if (DATA_KEYS.some(changed)) {
      barCount = 0;
      tape.reset([]);
      feed.setQuery(prefs.code === '' ? null : query());
      if (prefs.code === '') showMessage('emptyWatchlist');
    }
    controls.show(prefs, liveDate());
    renderFeed();
    for (const l of prefListeners) l(prefs);
  };

  const refreshDays = async (): Promise<void> => {
    const code = prefs.code;
    if (code === '') return;
    try {
      const dates = await fetchDays(code);
      if (prefs.code === code) controls.setDays(code, dates);
    } catch {
      // The list keeps the live day and the day shown; the next code switch asks again.
    }
  };

  const showStock = async (): Promise<void> => {
    const code = prefs.code;
    header.setStock(code, '');
    header.setReference(null);
    if (code === '') return;
    const info = await stockOf(code);
    if (prefs.code === code) header.setStock(code, info?.name ?? null);
    await showReference();
  };
  // The change is against today's reference price (기준가); other days show it against their open.
  const showReference = async (): Promise<void> => {
    const { code } = prefs;
    if (code === '') return;
    const live = (prefs.date ?? liveDate()) === liveDate();
    const ref = live ? ((await stockOf(code))?.referencePrice ?? null) : null;
    if (prefs.code === code) header.setReference(ref);
  };

  const controls = createControls(controlsHost, headerHost, prefs.lang, applyPrefs);

  // Tabs: the chart, then any panels other modules registered.
  const ctx: AppContext = {
    prefs: () => prefs,
    updatePrefs: applyPrefs,
    onPrefs(cb) {
      prefListeners.add(cb);
      return () => prefListeners.delete(cb);
    },
    refreshWatchlist,
    showChart(code) {
      select('chart');
      if (code !== undefined && code !== prefs.code) applyPrefs({ code });
    },
    live(listener) {
      liveListeners.add(listener);
      listener.open();
      return () => liveListeners.delete(listener);
    },
  };
  const panelList: PanelDef[] = [];
  const mounted = new Map<string, HTMLElement>();
  let activeTab = 'chart';
  const select = (id: string): void => {
    activeTab = id;
    const onChart = id === 'chart';
    main.hidden = !onChart;
    controlsHost.hidden = !onChart;
    panelHost.hidden = onChart;
    for (const [pid, host] of mounted) host.hidden = pid !== id;
    const def = panelList.find((p) => p.id === id);
    if (def && !mounted.has(id)) {
      const host = div('panel', panelHost);
      mounted.set(id, host);
      def.mount(host, ctx);
    }
    renderTabs();
  };
  function renderTabs(): void {
    const entries = [{ id: 'chart', title: text(prefs.lang, 'tabChart') }, ...panelList.map((p) => ({ id: p.id, title: p.title[prefs.lang] }))];
    tabs.replaceChildren(
      ...entries.map((e) => {
        const b = el('button', undefined, e.title);
        b.type = 'button';
        b.dataset.tab = e.id;
        b.classList.toggle('active', e.id === activeTab);
        b.addEventListener('click', () => select(e.id));
        return b;
      }),
      credit,
    );
  }
  watchPanels((p) => {
    panelList.push(p);
    renderTabs();
  });

  // Start: feed state (for the live day) and watchlist (for the code) together, then the chart;
  // names fill in when they come.
  const [, list] = await Promise.allSettled([refreshHealth(), fetchWatchlist()]);
  if (list.status === 'fulfilled') {
    codes = list.value;
  } else {
    const err: unknown = list.reason;
    showMessage('loadFailed', err instanceof Error ? err.message : String(err), true);
  }
  // A code that left the watchlist is no longer recorded: the live chart moves to the first one (none when it is empty).
  const stale = list.status === 'fulfilled' && prefs.date === null && !codes.includes(prefs.code);
  if (prefs.code === '' || stale) prefs = { ...prefs, code: codes[0] ?? '' };
  controls.show(prefs, liveDate());
  renderFeed();
  void setCodes(codes);
  if (prefs.code !== '') {
    void showStock();
    void refreshDays();
    feed.setQuery(query());
  } else if (list.status === 'fulfilled') {
    showMessage('emptyWatchlist');
  }
}
