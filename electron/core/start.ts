// The core: one function that `npm run serve` and the Electron main process both call. It wires
// feed → store → server: every trade is appended to its day file first, then broadcast on /ws, then
// folded into the footprint cache, then counted for GET /.
import path from 'node:path';
import type { Router } from 'express';
import { fileURLToPath } from 'node:url';
import type { Feed, FeedSink, FeedStatus } from '../collector/feed.ts';
import { createLsFeed } from '../collector/ls/client.ts';
import { LsRest, StockLookupError } from '../collector/ls/rest.ts';
import { TokenManager } from '../collector/ls/token.ts';
import { createDemoFeed } from '../collector/demo/demo-feed.ts';
import { DEMO_NAMES, DEMO_STOCKS } from '../collector/demo/names.ts';
import { createReplayFeed } from '../collector/replay/replay-feed.ts';
import { createLogger, type Logger } from '../log.ts';
import { createFootprintService } from '../server/footprint-service.ts';
import { createHttpApp } from '../server/http-app.ts';
import { listen, type HttpServer } from '../server/server.ts';
import type { LookupFailure } from '../server/routes-stock.ts';
import { createWsHub } from '../server/ws-hub.ts';
import { kstDate } from '../shared/kst.ts';
import type { TradeRecord } from '../shared/trade.ts';
import { TickStore, type StoreStats } from '../store/tick-store.ts';
import { WatchlistFile } from '../store/watchlist-file.ts';
import type { Config } from './config.ts';

export interface CodeStats {
  /** HHMMSS of the last trade recorded today, null before the first. */
  last_trade_time: string | null;
  trades_today: number;
}

/** GET / — the old collector's fields first, then what a trader needs to trust the recording. */
export interface CoreStatus {
  status: 'ok';
  watchlist: string[];
  connected_clients: number;
  ls_client_running: boolean;
  feed: Config['feed'];
  demo: boolean;
  simulated: boolean;
  connection: FeedStatus['state'];
  last_error: string | null;
  watchlist_error: string | null;
  reconnects: number;
  rejected_codes: string[];
  bad_frames: number;
  date: string;
  codes: Record<string, CodeStats>;
  store: StoreStats;
  slow_clients_cut: number;
  uptime_s: number;
}

export interface Core {
  url: string;
  port: number;
  status(): CoreStatus;
  /** Stops the feed, then the server, then the store (files synced and closed, no torn lines). */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Built renderer; defaults to dist/ui beside this compiled file. */
  rendererDir?: string;
  /** More API routes behind the same guards, e.g. the desktop settings API (`settingsRoutes`). */
  routes?: readonly Router[];
}

const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');

function createFeed(config: Config, sink: FeedSink, log: Logger, tokens: TokenManager | null): Feed {
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
      return createDemoFeed({ seed: config.demoSeed }, sink, log);
    case 'replay': {
      const replay = config.replay;
      if (!replay) throw new Error('FEED=replay without a replay configuration');
      return createReplayFeed({ sourceDir: replay.dir, date: replay.date, speed: replay.speed }, sink, log);
    }
  }
}

export async function startCore(config: Config, opts: StartOptions = {}): Promise<Core> {
  const log = opts.log ?? createLogger(config.logLevel);
  const startedAt = Date.now();
  const watchlist = WatchlistFile.load(config.watchlistPath, log);
  const store = new TickStore(config.storeDir, log);

  const tokens =
    config.lsAppKey && config.lsAppSecret
      ? new TokenManager({ restUrl: config.lsRestUrl, appKey: config.lsAppKey, appSecret: config.lsAppSecret.reveal() }, 5 * 60_000, log)
      : null;
  const rest = tokens ? new LsRest(config.lsRestUrl, tokens, log) : null;

  // Trades of a code just removed may still be in flight; only listed codes are recorded.
  let recording = new Set(watchlist.codes());
  const perCode = new Map<string, CodeStats & { date: string }>();
  let feedStatus: FeedStatus | null = null;

  const today = (): string => config.replay?.date ?? kstDate(Date.now());

  const hub = createWsHub({ log, greeting: () => statusFrame() });
  const footprint = createFootprintService({ dataDir: () => config.storeDir, snapshot: (c, d) => store.snapshot(c, d), log });

  const sink: FeedSink = {
    trade(code: string, record: TradeRecord) {
      if (!recording.has(code)) return;
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
        s = { date, last_trade_time: null, trades_today: 0 };
        perCode.set(code, s);
      }
      s.last_trade_time = record.chetime;
      s.trades_today = seq;
    },
    status(s: FeedStatus) {
      feedStatus = s;
      announce();
    },
  };

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
      feed: config.feed,
      demo: config.feed === 'demo',
      replay: config.feed === 'replay',
      simulated: s?.simulated ?? false,
      state: s?.state ?? 'connecting',
      last_error: s?.lastError ?? null,
      watchlist_error: watchlist.lastError(),
      reconnects: s?.reconnects ?? 0,
      rejected_codes: s?.rejectedCodes ?? [],
      date: today(),
      watchlist: watchlist.codes(),
    });
  }

  function status(): CoreStatus {
    const s = feed.status();
    const date = today();
    const codes: Record<string, CodeStats> = {};
    for (const code of watchlist.codes()) {
      const c = perCode.get(code);
      codes[code] = c && c.date === date ? { last_trade_time: c.last_trade_time, trades_today: c.trades_today } : { last_trade_time: null, trades_today: 0 };
    }
    return {
      status: 'ok',
      watchlist: watchlist.codes(),
      connected_clients: hub.clientCount(),
      ls_client_running: config.feed === 'ls' && s.state !== 'stopped',
      feed: config.feed,
      demo: config.feed === 'demo',
      simulated: s.simulated,
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
    };
  }

  // Trades already recorded today (an earlier run) count in GET /.
  for (const code of watchlist.codes()) {
    const seq = store.snapshot(code, today()).seq;
    if (seq > 0) perCode.set(code, { date: today(), last_trade_time: null, trades_today: seq });
  }

  const feed = createFeed(config, sink, log, tokens);

  const stockName = async (code: string): Promise<string> => {
    if (rest) return rest.stockName(code);
    const name = DEMO_NAMES[code];
    if (name === undefined) throw new StockLookupError(`unknown code ${code}`, 'unknown');
    return name;
  };
  const hosts = new Set<string>();
  const app = createHttpApp({
    log,
    hosts,
    page: { health: status, rendererDir: opts.rendererDir ?? DEFAULT_RENDERER_DIR },
    history: { dataDir: config.storeDir, snapshot: (c, d) => store.snapshot(c, d), today },
    footprint,
    stock: {
      stockName,
      failureOf: (err): LookupFailure | null => (err instanceof StockLookupError ? err.kind : null),
    },
    stockSearch: {
      masterList: rest
        ? () => rest.masterList()
        : async () => Object.entries(DEMO_STOCKS).map(([code, st]) => ({ code, name: st.name, market: 'DEMO' })),
      today: () => kstDate(Date.now()),
      cacheFile: rest ? path.join(config.dataDir, 'stock-list.json') : null,
      log,
    },
    routes: opts.routes ?? [],
    watchlist: {
      codes: () => watchlist.codes(),
      add: (code) => watchlist.add(code),
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
    throw err;
  }

  watchlist.onChange((codes) => {
    recording = new Set(codes);
    feed.setCodes(codes);
    announce();
    log.info('watchlist changed', { codes: codes.join(',') });
  });
  watchlist.watch();
  feed.start(watchlist.codes());

  const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${server.port}`;
  log.info('core started', { url, feed: config.feed, store: config.storeDir });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: server.port,
    status,
    close() {
      closing ??= (async () => {
        watchlist.close();
        await feed.close();
        await server.close();
        await store.close();
        log.info('core stopped');
      })();
      return closing;
    },
  };
}
