// The core: one function that `npm run serve` and the Electron main process both call. It wires
// feed → store → server: every trade is appended to its day file first, then broadcast on /ws, then
// folded into the footprint cache, then counted for GET /, then checked for missed trades before it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContinuityTracker, PRIME_LINES, type Missed } from '../collector/continuity.ts';
import type { Feed, FeedSink, FeedStatus } from '../collector/feed.ts';
import { createLsFeed } from '../collector/ls/client.ts';
import { LsRest, StockLookupError } from '../collector/ls/rest.ts';
import { TokenManager } from '../collector/ls/token.ts';
import { createDemoFeed } from '../collector/demo/demo-feed.ts';
import { DEMO_STOCKS } from '../collector/demo/names.ts';
import { createReplayFeed } from '../collector/replay/replay-feed.ts';
import { createLogger, type Logger } from '../log.ts';
import { createFootprintService } from '../server/footprint-service.ts';
import { createHttpApp } from '../server/http-app.ts';
import { listen, type HttpServer } from '../server/server.ts';
import type { HistoryDeps } from '../server/routes-history.ts';
import type { LookupFailure, StockDeps } from '../server/routes-stock.ts';
import { settingsRoutes, tokenConnectionTester } from '../server/settings-routes.ts';
import type { MasterList } from '../server/routes-stock-search.ts';
import { createWsHub } from '../server/ws-hub.ts';
import type { Gap } from '../shared/gap.ts';
import { kstDate } from '../shared/kst.ts';
import { parseRecordLine, type TradeRecord } from '../shared/trade.ts';
import { dayFilePath } from '../store/day-file.ts';
import { acquireDirLock } from '../store/dir-lock.ts';
import { appendGap, readGaps } from '../store/gap-file.ts';
import { readTailLines } from '../store/history.ts';
import { TickStore } from '../store/tick-store.ts';
import { WatchlistFile } from '../store/watchlist-file.ts';
import { UnknownCodeError, type CodeStats, type HealthStatus, type PortFallback, type StockInfo, type Settings } from '../shared/wire.ts';
import { describeConfig, type Config } from './config.ts';
import { masterListCache } from './master-list.ts';
import { collectorConfig, headlessSettingsStore, settingsFromConfig, type SettingsStore } from './settings.ts';

export interface Core {
  url: string;
  port: number;
  status(): HealthStatus;
  /** Where this run records now: DATA_DIR for LS, DATA_DIR/demo for the demo feed (changes with reconfigure). */
  storeDir(): string;
  /**
   * Puts saved settings into effect without restarting the server: the collector reconnects with the
   * new credentials, server and TR, and the store moves when the feed switches between demo and LS.
   * Port and data folder wait for a restart. Refused (DirLockError, nothing changed) when another
   * collector records into the folder it would move to.
   */
  reconfigure(next: Settings): Promise<void>;
  /** Stops the feed, then the server, then the store (files synced and closed, no torn lines); releases its folder. */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Built renderer; defaults to dist/ui beside this compiled file. */
  rendererDir?: string;
  /** Where the settings page's changes are kept; headless, the environment's settings for this run only. */
  settings?: SettingsStore;
  /** Set by the desktop app when it serves on another port than configured: every page and client is told. */
  portFallback?: PortFallback;
}


const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');

function createFeed(config: Config, sink: FeedSink, log: Logger, tokens: TokenManager | null, store: () => TickStore): Feed {
  switch (config.feed) {
    case 'ls':
      return createLsFeed(
        {
          appKey: config.lsAppKey ?? '',
          appSecret: config.lsAppSecret?.reveal() ?? '',
          restUrl: config.lsRestUrl,
          wsUrl: config.lsWsUrl,
          simulated: config.lsSimulated,
          tr: config.lsTr,
        },
        sink,
        log,
        {},
        tokens ?? undefined,
      );
    case 'demo':
      // A code with nothing recorded today opens on a simulated session already under way.
      return createDemoFeed({ seed: config.demoSeed, needsHistory: (code) => store().snapshot(code, kstDate(Date.now())).seq === 0 }, sink, log);
    case 'replay': {
      const replay = config.replay;
      if (!replay) throw new Error('FEED=replay without a replay configuration');
      return createReplayFeed({ sourceDir: replay.dir, date: replay.date, speed: replay.speed }, sink, log);
    }
  }
}

function tokenManagerFor(c: Config, log: Logger): TokenManager | null {
  return c.lsAppKey && c.lsAppSecret
    ? new TokenManager({ restUrl: c.lsRestUrl, appKey: c.lsAppKey, appSecret: c.lsAppSecret.reveal() }, 5 * 60_000, log)
    : null;
}

export async function startCore(config: Config, opts: StartOptions = {}): Promise<Core> {
  const log = opts.log ?? createLogger(config.logLevel);
  const startedAt = Date.now();
  const watchlist = WatchlistFile.load(config.watchlistPath, log);

  // What the collector runs with now; reconfigure replaces it (and the store, tokens, feed with it).
  let active = config;
  // Before any day file is opened (or repaired): another collector may be appending to them.
  let lock = acquireDirLock(active.storeDir);
  let store = new TickStore(active.storeDir, log);
  let tokens = tokenManagerFor(active, log);
  let rest = tokens ? new LsRest(active.lsRestUrl, tokens, log) : null;

  // Trades of a code just removed may still be in flight; only listed codes are recorded.
  let recording = new Set(watchlist.codes());
  const perCode = new Map<string, Omit<CodeStats, 'continuity'> & { date: string }>();
  let continuity = new ContinuityTracker();
  let feedStatus: FeedStatus | null = null;
  /** Bumped for every new feed: a replaced feed's late calls are ignored. */
  let generation = 0;

  const today = (): string => config.replay?.date ?? kstDate(Date.now());

  const hub = createWsHub({ log, greeting: () => statusFrame() });
  const footprint = createFootprintService({ dataDir: () => active.storeDir, snapshot: (c, d) => store.snapshotAsync(c, d), log });

  function sinkFor(gen: number): FeedSink {
    return {
      trade(code: string, record: TradeRecord) {
        if (gen !== generation || !recording.has(code)) return;
        const date = today();
        const seq = store.append(code, date, record);
        if (seq === 0) return;
        // The trade is recorded; nothing downstream may take the recorder down with it.
        try {
          hub.broadcast(JSON.stringify({ ...record, code, date, seq }));
          footprint.onTrade(code, date, seq, record);
        } catch (err) {
          log.limited('pipeline-after-store', 'error', 'broadcast or footprint update failed', { code, error: err instanceof Error ? err.message : String(err) });
        }
        let s = perCode.get(code);
        if (!s || s.date !== date) {
          s = { date, last_trade_time: null, last_price: null, trades_today: 0, gaps_today: 0 };
          perCode.set(code, s);
        }
        s.last_trade_time = record.chetime;
        s.last_price = record.price;
        s.trades_today = seq;
        const missed = continuity.observe(code, date, record);
        if (missed) {
          s.gaps_today++;
          reportGap(code, date, missed);
        }
      },
      status(s: FeedStatus) {
        if (gen !== generation) return;
        // A new connection: what traded while there was none is compared across it.
        if (s.reconnects > (feedStatus?.reconnects ?? 0)) continuity.boundary('reconnect');
        feedStatus = s;
        announce();
      },
    };
  }

  /** Logged once, recorded beside the day file, then told to the pages (like a trade: written first). */
  function reportGap(code: string, date: string, missed: Missed): void {
    const gap: Gap = { ...missed, at: new Date().toISOString() };
    log.info('trades missed', { code, date, ...gap });
    void appendGap(active.storeDir, code, date, gap)
      .catch((err: unknown) => log.error('gap not recorded', { code, date, error: err instanceof Error ? err.message : String(err) }))
      .then(() => hub.broadcast(JSON.stringify({ type: 'gap', code, date, ...gap })));
  }

  // Status frames go out when something a page shows changed (a flood of bad frames changes nothing visible).
  let lastAnnounced = '';
  function announce(): void {
    const frame = statusFrame();
    if (frame === lastAnnounced) return;
    lastAnnounced = frame;
    hub.broadcast(frame);
  }

  function statusFrame(): string {
    const s = feedStatus;
    return JSON.stringify({
      type: 'status',
      feed: active.feed,
      demo: active.feed === 'demo',
      replay: active.feed === 'replay',
      simulated: s?.simulated ?? false,
      state: s?.state ?? 'connecting',
      connection: s?.state ?? 'connecting',
      last_error: s?.lastError ?? null,
      watchlist_error: watchlist.lastError(),
      reconnects: s?.reconnects ?? 0,
      rejected_codes: s?.rejectedCodes ?? [],
      date: today(),
      watchlist: watchlist.codes(),
      port_fallback: opts.portFallback ?? null,
    });
  }

  function status(): HealthStatus {
    const s = feed.status();
    const date = today();
    const codes: Record<string, CodeStats> = {};
    for (const code of watchlist.codes()) {
      const c = perCode.get(code);
      const recorded =
        c && c.date === date
          ? { last_trade_time: c.last_trade_time, last_price: c.last_price, trades_today: c.trades_today, gaps_today: c.gaps_today }
          : { last_trade_time: null, last_price: null, trades_today: 0, gaps_today: 0 };
      codes[code] = { ...recorded, continuity: continuity.state(code, date) };
    }
    return {
      status: 'ok',
      watchlist: watchlist.codes(),
      connected_clients: hub.clientCount(),
      ls_client_running: active.feed === 'ls' && s.state !== 'stopped',
      feed: active.feed,
      demo: active.feed === 'demo',
      simulated: s.simulated,
      replay: active.feed === 'replay',
      state: s.state,
      connection: s.state,
      last_error: s.lastError ?? tokens?.lastError ?? null,
      watchlist_error: watchlist.lastError(),
      reconnects: s.reconnects,
      rejected_codes: s.rejectedCodes,
      bad_frames: s.badFrames,
      date,
      codes,
      store: store.stats(),
      slow_clients_cut: hub.slowClientsCut(),
      uptime_s: Math.round((Date.now() - startedAt) / 1000),
      port_fallback: opts.portFallback ?? null,
    };
  }

  /**
   * Trades already in the active store today (an earlier run, or before a switch) count in GET /, with
   * the last one's time and price and the gaps recorded; the file's tail can vouch for the stream, so
   * the first trade received is compared across the restart.
   */
  async function countRecorded(): Promise<void> {
    perCode.clear();
    continuity = new ContinuityTracker();
    const date = today();
    for (const code of watchlist.codes()) {
      const snap = store.snapshot(code, date);
      if (snap.seq === 0) continue;
      const lines = await readTailLines(dayFilePath(active.storeDir, code, date), snap.bytes, PRIME_LINES);
      const tail = lines.flatMap((l) => parseRecordLine(l.toString('utf8').trimEnd()) ?? []);
      continuity.prime(code, date, tail);
      const last = tail.at(-1);
      const gaps = (await readGaps(active.storeDir, code, date)).length;
      perCode.set(code, { date, last_trade_time: last?.chetime ?? null, last_price: last?.price ?? null, trades_today: snap.seq, gaps_today: gaps });
    }
  }
  await countRecorded();

  let feed = createFeed(active, sinkFor(generation), log, tokens, () => store);

  // The sources of names, stock lists and history follow the active feed and store; a new object
  // means new routes with fresh caches (demo names must not outlive a switch to LS).
  interface Sources {
    history: HistoryDeps;
    stock: StockDeps;
    /** One cache per source: search, names and the watchlist's code check share a day's fetch. */
    stockSearch: MasterList;
  }
  function sourcesFor(c: Config, lsRest: LsRest | null): Sources {
    return {
      history: { dataDir: c.storeDir, snapshot: (code, d) => store.snapshotAsync(code, d), today },
      stock: {
        stockInfo: async (code: string): Promise<StockInfo> => {
          if (lsRest) return lsRest.stockInfo(code);
          const demo = DEMO_STOCKS[code];
          if (demo === undefined) throw new StockLookupError(`unknown code ${code}`, 'unknown');
          // Replayed days are not today: today's demo reference price would misstate their change.
          return { name: demo.name, referencePrice: c.feed === 'demo' ? demo.price : null };
        },
        failureOf: (err): LookupFailure | null => (err instanceof StockLookupError ? err.kind : null),
      },
      stockSearch: masterListCache({
        masterList: lsRest
          ? () => lsRest.masterList()
          : async () => Object.entries(DEMO_STOCKS).map(([code, st]) => ({ code, name: st.name, market: 'DEMO' })),
        today: () => kstDate(Date.now()),
        cacheFile: lsRest ? path.join(c.dataDir, 'stock-list.json') : null,
        log,
      }),
    };
  }
  let sources = sourcesFor(active, rest);

  const settingsStore = opts.settings ?? headlessSettingsStore(settingsFromConfig(config));
  const hosts = new Set<string>();
  const app = createHttpApp({
    log,
    hosts,
    page: { health: status, rendererDir: opts.rendererDir ?? DEFAULT_RENDERER_DIR },
    history: () => sources.history,
    footprint,
    today,
    stock: () => sources.stock,
    stockSearch: () => sources.stockSearch,
    routes: [
      settingsRoutes({
        store: settingsStore,
        // LS is reported to invalidate a key's token when it issues another: test the key in use with the collector's own holder.
        testConnection: tokenConnectionTester(config.lsRestUrl, log, () =>
          tokens && active.lsAppKey && active.lsAppSecret ? { appKey: active.lsAppKey, appSecret: active.lsAppSecret.reveal(), tokens } : null,
        ),
        apply: (next) => reconfigure(next),
      }),
    ],
    watchlist: {
      codes: () => watchlist.codes(),
      add: async (code) => {
        // Only today's LS list can call a code unknown: yesterday's misses today's listings, and the
        // demo trades any code.
        if (active.feed === 'ls') {
          const { source, list } = await sources.stockSearch();
          if (source === 'fresh' && !list.some((s) => s.code === code)) throw new UnknownCodeError(code);
        }
        watchlist.add(code);
      },
      remove: (code) => watchlist.remove(code),
      setCodes: (codes) => watchlist.setCodes(codes),
    },
  });

  let server: HttpServer;
  try {
    server = await listen({ host: config.host, port: config.port, app, hub, hosts, log });
  } catch (err) {
    hub.close();
    await store.close();
    lock.release();
    throw err;
  }
  // PORT=0 (tests) picks a free port: the settings page shows the one in use, which is also a valid setting.
  if (!opts.settings && config.port === 0) await settingsStore.save({ ...(await settingsStore.load()), port: server.port });

  watchlist.onChange((codes) => {
    for (const code of recording) if (!codes.includes(code)) continuity.forget(code);
    recording = new Set(codes);
    feed.setCodes(codes);
    announce();
    log.info('watchlist changed', { codes: codes.join(',') });
  });
  watchlist.watch();
  watchlist.onErrorChange(announce);
  feed.start(watchlist.codes());

  let closing: Promise<void> | null = null;
  // One change at a time, and none once closing began.
  let changes: Promise<void> = Promise.resolve();

  async function switchTo(next: Settings): Promise<void> {
    if (closing) return;
    const c = collectorConfig(active, next);
    const moved = c.storeDir !== active.storeDir;
    if (moved) fs.mkdirSync(c.storeDir, { recursive: true });
    // Taken before anything changes: a folder another collector records into refuses the whole change.
    const nextLock = moved ? acquireDirLock(c.storeDir) : lock;
    generation++;
    await feed.close();
    if (moved) {
      const old = store;
      store = new TickStore(c.storeDir, log);
      await old.close();
      lock.release();
      lock = nextLock;
    }
    const sameKey = c.lsRestUrl === active.lsRestUrl && c.lsAppKey === active.lsAppKey && c.lsAppSecret?.reveal() === active.lsAppSecret?.reveal();
    if (!sameKey) {
      tokens = tokenManagerFor(c, log);
      rest = tokens ? new LsRest(c.lsRestUrl, tokens, log) : null;
    }
    active = c;
    sources = sourcesFor(active, rest);
    if (moved) await countRecorded();
    else continuity.boundary('reconnect');
    feedStatus = null;
    feed = createFeed(active, sinkFor(generation), log, tokens, () => store);
    feed.start(watchlist.codes());
    announce();
    log.info('collector reconfigured', { feed: active.feed, simulated: active.lsSimulated, tr: active.lsTr, store: active.storeDir });
  }

  function reconfigure(next: Settings): Promise<void> {
    const run = changes.then(() => switchTo(next));
    changes = run.catch(() => undefined);
    return run;
  }

  const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${server.port}`;
  // The whole effective configuration, secret masked: what a support question needs first.
  log.info('core started', { url, ...describeConfig(active) });

  return {
    url,
    port: server.port,
    status,
    storeDir: () => active.storeDir,
    reconfigure,
    close() {
      closing ??= (async () => {
        watchlist.close();
        await changes;
        await feed.close();
        await server.close();
        await store.close();
        lock.release();
        log.info('core stopped');
      })();
      return closing;
    },
  };
}
