// The core: what `npm run serve` and the Electron main process both start. Wiring only: the
// Recorder (trade → store → /ws → footprint → gap check), the CollectorHost (which feed runs), the
// SettingsService (one queue of setting changes) and the status they make up, behind one HTTP server.
// docs/ARCHITECTURE.md draws a trade's path and a setting's path through them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../log.ts';
import { createFootprintService } from '../server/footprint-service.ts';
import { createHttpApp } from '../server/http-app.ts';
import { listen } from '../server/server.ts';
import { replayRoutes } from '../server/routes-replay.ts';
import { settingsRoutes } from '../server/routes-settings.ts';
import { backfillRoutes } from '../server/routes-backfill.ts';
import { createWsHub } from '../server/ws-hub.ts';
import { kstDate } from '../shared/kst.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { HealthStatus, PortFallback, Settings } from '../shared/wire.ts';
import type { TokenManager } from '../collector/ls/token.ts';
import { WatchlistFile } from '../store/watchlist-file.ts';
import { timeSalesSource } from '../collector/ls/time-sales.ts';
import { TrQueue } from '../collector/ls/tr-queue.ts';
import { Backfill, controlFill } from './backfill.ts';
import { CollectorHost } from './collector-host.ts';
import { describeConfig, toConfig, type Config } from './config.ts';
import { Recorder } from './recorder.ts';
import { SettingsService, tokenConnectionTester } from './settings-service.ts';
import type { SettingsStore } from './settings.ts';
import { currentSources, replayApi, watchlistDeps } from './sources.ts';
import { createStatus } from './status.ts';

export interface Core {
  url: string;
  port: number;
  status(): HealthStatus;
  /** Where this run records now: DATA_DIR for LS, DATA_DIR/demo for the demo feed (changes with reconfigure). */
  storeDir(): string;
  /** Puts settings into effect without restarting the server (CollectorHost.switchTo); port and data folder wait for a restart. */
  reconfigure(next: Settings): Promise<void>;
  /** Stops the feed, then the server, then the store (files synced and closed, no torn lines); releases its folder. */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** Built renderer; defaults to dist/ui beside this compiled file. */
  rendererDir?: string;
  /** Where the settings page's changes are kept: electron-store in the desktop app, the environment headless. */
  settings: SettingsStore;
  /** Set by the desktop app when it serves on another port than configured: every page and client is told. */
  portFallback?: PortFallback;
}

const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../ui');

export async function startCore(config: Config, opts: StartOptions): Promise<Core> {
  const log = opts.log ?? createLogger(config.logLevel);
  const watchlist = WatchlistFile.load(config.watchlistPath, log);
  const today = (): string => config.replay?.date ?? kstDate(Date.now());
  const hub = createWsHub({ log, greeting: () => status.frame(), onViews: (codes) => host.prioritize(codes) });
  const footprint = createFootprintService({ dataDir: () => recorder.dir(), snapshot: (c, d) => recorder.snapshotAsync(c, d), epoch: (c, d) => recorder.epoch(c, d), log });
  const onTrade = (code: string, date: string, seq: number, record: TradeRecord): void => {
    footprint.onTrade(code, date, seq, record);
    host.backfill()?.afterTrade(code, record);
  };
  const recorder = new Recorder({ log, broadcast: (d) => hub.broadcast(d), onTrade, today, codes: () => watchlist.codes(), onStoreAlarm: () => status.announce() }, config.storeDir);
  await recorder.start();
  // One TR queue per key: every code's fill shares it (docs/backfill.md).
  const backfillFor = (c: Config, tokens: TokenManager | null): Backfill | null =>
    c.feed === 'ls' && tokens
      ? new Backfill({
        queue: new TrQueue(c.lsRestUrl, tokens, log), source: timeSalesSource(c.lsTr), writer: recorder, dir: recorder.dir(), today, now: Date.now, codes: () => watchlist.codes(), log,
        onMerged: (f) => hub.broadcast(JSON.stringify(f)), onTailFilled: (code, date, volume) => recorder.filledTo(code, date, volume), onStatus: () => status.announceSoon(),
      })
      : null;
  const host = new CollectorHost(config, { log, recorder, codes: () => watchlist.codes(), onStatus: () => status.announce(), backfillFor });
  const status = createStatus({ recorder, host, hub, watchlist, today, portFallback: opts.portFallback ?? null, startedAt: Date.now() });
  const settings = new SettingsService({
    store: opts.settings,
    apply: (next) => host.switchTo(toConfig(host.config(), next)),
    // LS is reported to invalidate a key's token when it issues another: test the key in use with the collector's own holder.
    testConnection: tokenConnectionTester(config.lsRestUrl, log, () => host.runningKey()),
  });
  const sources = currentSources(host, recorder, today, log);
  const hosts = new Set<string>();
  const app = createHttpApp({
    log,
    hosts,
    page: { health: status.status, rendererDir: opts.rendererDir ?? DEFAULT_RENDERER_DIR },
    history: () => sources().history,
    footprint,
    today,
    stock: () => sources().stock,
    stockSearch: () => sources().stockSearch,
    routes: [settingsRoutes(settings), replayRoutes(replayApi(host)), backfillRoutes({ codes: () => watchlist.codes(), control: (code, action) => controlFill(host.backfill(), code, action) })],
    watchlist: watchlistDeps(watchlist, host, sources),
  });
  const server = await listen({ host: config.host, port: config.port, app, hub, hosts, log }).catch(async (err: unknown) => {
    hub.close();
    await recorder.close();
    throw err;
  });

  watchlist.onChange((codes) => {
    const added = codes.filter((c) => !recorder.isRecording(c));
    recorder.setCodes(codes);
    host.backfill()?.prune();
    for (const code of added) host.backfill()?.request(code);
    host.setCodes(codes);
    status.announce();
    log.info('watchlist changed', { codes: codes.join(',') });
  });
  watchlist.watch();
  watchlist.onErrorChange(status.announce);
  host.start();

  const urlHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${server.port}`;
  // The whole effective configuration, secret masked: what a support question needs first.
  log.info('core started', { url, ...describeConfig(config) });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: server.port,
    status: status.status,
    storeDir: () => recorder.dir(),
    reconfigure: (next) => settings.apply(next),
    close() {
      closing ??= (async () => {
        watchlist.close();
        await settings.close();
        await host.close();
        status.close();
        await server.close();
        await recorder.close();
        log.info('core stopped');
      })();
      return closing;
    },
  };
}
