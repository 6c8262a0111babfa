// The application shell: the trader's choices (prefs) and the wiring between the page's live
// connection, the chart view, the header, the control bar and the tabs. Each part lives in its own
// file here (layout, tabs, chart-view, day-gaps, stocks, header, controls, backfill-bar); a new part of the page
// gets its own file too, built in the constructor and told about changes in `applyPrefs`/`onStatus`.
import { kstDate } from '../../../electron/shared/kst.ts';
import type { ChartSettings } from '../chart/index.ts';
import type { FootprintQuery } from '../../../electron/shared/wire.ts';
import { fetchDays, fetchHealth, fetchWatchlist } from '../data/api.ts';
import { connectLive, type LiveConnection } from '../data/live.ts';
import { text, textWith } from '../ui/i18n.ts';
import { createBackfillBar, type BackfillBar } from './backfill-bar.ts';
import { createBigPrintAlert } from './big-print-alert.ts';
import { createChartView, type ChartView } from './chart-view.ts';
import { createControls, type Controls } from './controls.ts';
import type { AppContext } from './extension.ts';
import { EMPTY_FEED_VIEW, feedLabel, readFeedView, type FeedView } from './feed-state.ts';
import { createHeader, type Header } from './header.ts';
import { buildLayout, type Layout } from './layout.ts';
import { createLegend, type Legend } from './legend.ts';
import { barSpec, loadPrefs, savePrefs, type Prefs } from './prefs.ts';
import { createReplayControls, readReplayState, type ReplayControls } from './replay-controls.ts';
import { createStaleOverlay, type StaleOverlay } from './stale-overlay.ts';
import { createRecordingAlarm, type RecordingAlarm } from './recording-alarm.ts';
import { createWatchlistNotice, type WatchlistNotice } from './watchlist-notice.ts';
import { createStockLookup } from './stocks.ts';
import { createHelpOverlay, type HelpOverlay } from './help-overlay.ts';
import { createJumpLive, type JumpLive } from './jump-live.ts';
import { installShortcuts } from './shortcuts.ts';
import { CHART_TAB, createTabs, type Tabs } from './tabs.ts';

/** Choices that need other bars from the server, and those the chart redraws by itself. */
const DATA_KEYS: readonly (keyof Prefs)[] = ['code', 'date', 'barKind', 'barSize', 'rowTicks', 'venue'];
const CHART_KEYS = ['cellMode', 'palette', 'imbalanceRatio', 'rowTicks', 'lang', 'profile'] as const;

function chartSettings(p: Prefs): Partial<ChartSettings> {
  return { cellMode: p.cellMode, palette: p.palette, imbalanceRatio: p.imbalanceRatio, rowTicks: p.rowTicks, lang: p.lang, profileRange: p.profile };
}

export async function startApp(root: HTMLElement): Promise<void> {
  await new App(root, connectLive()).start();
}

class App {
  private prefs = loadPrefs();
  private feedView: FeedView = EMPTY_FEED_VIEW;
  /** The page's own connection to the server (the feed's state is in `feedView`). */
  private server: { up: boolean; reason: string | null } = { up: true, reason: null };
  private codes: string[] = [];
  private readonly stocks = createStockLookup();
  private readonly prefListeners = new Set<(p: Readonly<Prefs>) => void>();
  private readonly layout: Layout;
  private readonly header: Header;
  private readonly controls: Controls;
  private readonly replay: ReplayControls;
  private readonly view: ChartView;
  private readonly tabs: Tabs;
  private readonly staleOverlay: StaleOverlay;
  private readonly jumpLive: JumpLive;
  private readonly help: HelpOverlay;
  private readonly legend: Legend;
  private readonly recordingAlarm: RecordingAlarm;
  private readonly fillBar: BackfillBar;
  private readonly watchlistNotice: WatchlistNotice;

  constructor(
    root: HTMLElement,
    private readonly live: LiveConnection,
  ) {
    this.layout = buildLayout(root);
    this.staleOverlay = createStaleOverlay(this.layout.chartWrap, live);
    this.recordingAlarm = createRecordingAlarm(this.layout.recordingBanner);
    this.fillBar = createBackfillBar(this.layout.fillHost);
    this.watchlistNotice = createWatchlistNotice(this.layout.recordingBanner);
    this.header = createHeader(this.layout.headerHost, this.prefs.lang);
    this.view = createChartView({
      layout: this.layout,
      live,
      settings: chartSettings(this.prefs),
      lang: () => this.prefs.lang,
      bigPrints: {
        manual: (code) => this.prefs.bigPrints[code] ?? null,
        onThreshold: (min, auto) => this.controls.setBigPrintThreshold(min, auto),
        announce: createBigPrintAlert(() => ({ sound: this.prefs.bigPrintSound, notify: this.prefs.bigPrintNotify, lang: this.prefs.lang })),
      },
      onBars: (bars, empty) => this.header.setBars(bars, empty?.last_price ?? null),
    });
    this.legend = createLegend(this.layout.legendHost, { ...this.prefs, open: this.prefs.legend }, (legend) => this.applyPrefs({ legend }));
    this.controls = createControls(this.layout.controlsHost, this.layout.headerHost, this.prefs.lang, (change) => this.applyPrefs(change));
    this.replay = createReplayControls(this.layout.controlsHost, this.prefs.lang, () => this.reloadLiveDay());
    this.tabs = createTabs(this.layout, this.prefs.lang, this.context());
    this.jumpLive = createJumpLive(this.layout.chartWrap, this.view.chart.nav, this.prefs.lang);
    const keys = installShortcuts({
      nav: this.view.chart.nav,
      chartShown: () => !this.layout.main.hidden,
      canChangeBars: () => this.server.up && this.prefs.code !== '',
      currentBars: () => ({ barKind: this.prefs.barKind, barSize: this.prefs.barSize }),
      applyBars: (p) => this.applyPrefs(p),
    });
    this.help = createHelpOverlay(this.layout.headerHost, this.layout.chartWrap, this.prefs.lang, keys.presets);
    keys.attachHelp(this.help);
    live.subscribe({
      open: () => this.setServer(true, null),
      down: (reason) => this.setServer(false, reason || null),
      message: (msg) => {
        if (msg.kind === 'status') this.onStatus(msg.status);
      },
    });
  }

  /** Start: feed state (for the live day) and watchlist (for the code) together, then the chart; names fill in when they come. */
  async start(): Promise<void> {
    const [, list] = await Promise.allSettled([this.refreshHealth(), fetchWatchlist()]);
    if (list.status === 'fulfilled') {
      this.codes = list.value;
    } else {
      const err: unknown = list.reason;
      this.view.showMessage('loadFailed', err instanceof Error ? err.message : String(err), true);
    }
    // A code that left the watchlist is no longer recorded: the live chart moves to the first one (none when it is empty).
    const stale = list.status === 'fulfilled' && this.prefs.date === null && !this.codes.includes(this.prefs.code);
    if (this.prefs.code === '' || stale) this.prefs = { ...this.prefs, code: this.codes[0] ?? '' };
    this.controls.show(this.prefs, this.liveDate());
    this.renderFeed();
    void this.setCodes(this.codes);
    this.live.show(this.prefs.code === '' ? null : this.prefs.code);
    if (this.prefs.code !== '') {
      void this.showStock();
      void this.refreshDays();
      this.view.setQuery(this.query());
    } else if (list.status === 'fulfilled') {
      this.view.showMessage('emptyWatchlist');
    }
  }

  /** What panels may use (see extension.ts). */
  private context(): AppContext {
    return {
      prefs: () => this.prefs,
      updatePrefs: (change) => this.applyPrefs(change),
      onPrefs: (cb) => {
        this.prefListeners.add(cb);
        return () => this.prefListeners.delete(cb);
      },
      refreshWatchlist: async () => this.setCodes(await fetchWatchlist()),
      showChart: (code) => {
        this.tabs.select(CHART_TAB);
        if (code !== undefined && code !== this.prefs.code) this.applyPrefs({ code });
      },
      live: this.live,
    };
  }

  private liveDate(): string {
    return this.feedView.date ?? kstDate(Date.now());
  }

  private query(): FootprintQuery {
    const p = this.prefs;
    return { code: p.code, date: p.date ?? this.liveDate(), bar: barSpec(p), row: p.rowTicks, venue: p.venue };
  }

  private applyPrefs(change: Partial<Prefs>): void {
    const before = this.prefs;
    const prefs = (this.prefs = { ...before, ...change });
    savePrefs(prefs);
    const changed = (k: keyof Prefs): boolean => before[k] !== prefs[k];
    if (changed('lang')) {
      this.header.setLang(prefs.lang);
      this.controls.setLang(prefs.lang);
      this.replay.setLang(prefs.lang);
      this.view.tape.setLang(prefs.lang);
      this.tabs.setLang(prefs.lang);
      this.jumpLive.setLang(prefs.lang);
      this.help.setLang(prefs.lang);
      this.legend.setLang(prefs.lang);
    }
    if (changed('palette')) this.legend.setPalette(prefs.palette);
    if (changed('legend')) this.legend.setOpen(prefs.legend);
    if (changed('code')) {
      this.live.show(prefs.code === '' ? null : prefs.code);
      void this.showStock();
      void this.refreshDays();
    } else if (changed('date')) void this.showReference();
    if (!DATA_KEYS.some(changed) && before.bigPrints[prefs.code] !== prefs.bigPrints[prefs.code]) this.view.bigPrints.reload();
    if (CHART_KEYS.some(changed)) this.view.chart.setSettings(chartSettings(prefs));
    if (DATA_KEYS.some(changed)) {
      this.view.clear();
      this.view.setQuery(prefs.code === '' ? null : this.query());
      if (prefs.code === '') this.view.showMessage('emptyWatchlist');
    }
    this.controls.show(prefs, this.liveDate());
    this.renderFeed();
    for (const l of this.prefListeners) l(prefs);
  }

  /** A status frame of the live connection: feed state, a missed-trade mark, the watchlist. */
  private onStatus(frame: Record<string, unknown>): void {
    if (frame.type === 'gap') return this.view.announceGap(frame);
    const before = this.feedView;
    this.feedView = readFeedView(frame, before);
    if (frame.type === 'status') {
      this.replay.update(readReplayState(frame.replay_state));
      this.fillBar.update(frame.backfill);
    }
    this.renderFeed();
    if (before.kind !== null && this.feedView.kind !== before.kind) {
      // Settings switched the collector (demo ↔ LS): it records into another folder, whose day file
      // numbers its trades from 1 again. The bars shown (demo trades under an LS badge) and the last
      // seq they hold (which would drop every new trade as already seen) belong to the old one.
      this.stocks.clear();
      if (this.prefs.code !== '') {
        void this.showStock();
        this.view.clear();
        this.view.setQuery(this.query());
      }
      void this.setCodes(this.codes);
    }
    if (before.date !== null && this.feedView.date !== before.date) {
      // The live chart follows the feed into a new trading day; the day it leaves is now a recorded one.
      if (this.prefs.date === null) this.view.setQuery(this.query());
      void this.refreshDays();
    }
    // The watchlist was edited (here, by hand in watchlist.json, or over the API).
    const list = frame.watchlist;
    if (Array.isArray(list)) {
      const next = list.filter((c): c is string => typeof c === 'string');
      if (next.join() !== this.codes.join()) void this.setCodes(next);
    }
  }

  /** A replay seek recorded trades that never came over /ws: the feed's day is loaded again. */
  private reloadLiveDay(): void {
    const { prefs } = this;
    if (prefs.code === '' || (prefs.date ?? this.liveDate()) !== this.liveDate()) return;
    this.view.clear();
    this.view.setQuery(this.query());
  }

  private setServer(up: boolean, reason: string | null): void {
    this.server = { up, reason };
    this.renderFeed();
  }

  private renderFeed(): void {
    const { feedView: v, prefs, layout } = this;
    this.header.setFeed(feedLabel(v, this.server.up, this.server.reason, prefs.lang));
    this.controls.setReplay(v.kind === 'replay');
    this.controls.setEnabled(this.server.up);
    const liveDay = prefs.date === null || prefs.date === this.liveDate();
    this.staleOverlay.update({ serverUp: this.server.up, feedKind: v.kind, feedState: v.state, liveDay }, prefs.lang);
    layout.demoBanner.hidden = v.kind !== 'demo';
    layout.demoBanner.textContent = text(prefs.lang, 'demoBanner');
    const fb = v.portFallback;
    layout.portBanner.hidden = fb === null;
    layout.portBanner.textContent = fb === null ? '' : textWith(prefs.lang, 'portFallback', fb);
    const sa = v.storeAlarm;
    layout.storeBanner.hidden = sa === null;
    layout.storeBanner.textContent = sa === null ? '' : textWith(prefs.lang, sa.state === 'queueing' ? 'storeQueueing' : 'storeOverflowing', { error: sa.error ?? '?' });
    this.recordingAlarm.update(v.notRecording, v.state === 'open', prefs.lang);
    this.fillBar.show(prefs.code, liveDay, prefs.lang);
    this.watchlistNotice.update(v.watchlistError, this.codes.length, prefs.lang);
  }

  private async refreshHealth(): Promise<void> {
    try {
      const health = await fetchHealth();
      this.feedView = readFeedView(health, this.feedView);
      this.replay.update(readReplayState(health.replay_state));
      this.fillBar.update(health.backfill);
      this.renderFeed();
    } catch {
      // The status frames carry the same information; the badge keeps its last state.
    }
  }

  private async setCodes(list: string[]): Promise<void> {
    this.codes = list;
    const { prefs } = this;
    // The first code added to an empty watchlist opens at once. A live chart whose code left the
    // list is no longer recorded (it would freeze): it moves to the first code, as on page load.
    const gone = prefs.date === null && !list.includes(prefs.code);
    if (list.length > 0 && (prefs.code === '' || gone)) this.applyPrefs({ code: list[0] });
    // The last code removed: a live chart has nothing left to follow.
    else if (list.length === 0 && gone && prefs.code !== '') this.applyPrefs({ code: '' });
    const named = await Promise.all(list.map(async (code) => ({ code, name: await this.stocks.name(code) })));
    if (this.codes === list) this.controls.setCodes(named);
  }

  private async refreshDays(): Promise<void> {
    const code = this.prefs.code;
    if (code === '') return;
    try {
      const dates = await fetchDays(code);
      if (this.prefs.code === code) this.controls.setDays(code, dates);
    } catch {
      // The list keeps the live day and the day shown; the next code switch asks again.
    }
  }

  private async showStock(): Promise<void> {
    const code = this.prefs.code;
    this.header.setStock(code, '');
    this.header.setReference(null);
    if (code === '') return;
    const info = await this.stocks.info(code);
    if (this.prefs.code === code) this.header.setStock(code, info?.name ?? null);
    await this.showReference();
  }

  /** The change is against today's reference price (기준가); other days show it against their open. */
  private async showReference(): Promise<void> {
    const { code } = this.prefs;
    if (code === '') return;
    const live = (this.prefs.date ?? this.liveDate()) === this.liveDate();
    const ref = live ? ((await this.stocks.info(code))?.referencePrice ?? null) : null;
    if (this.prefs.code === code) this.header.setReference(ref);
  }
}
