// What the HTTP routes read that follows the running feed and store: history files, stock names and
// reference prices, the stock master list, and the watchlist's code check. A switch of the collector
// (a new Config object) means new sources with fresh caches (demo names must not outlive a switch to LS).
import path from 'node:path';
import { DEMO_STOCKS } from '../collector/demo/names.ts';
import { StockLookupError, type LsRest } from '../collector/ls/rest.ts';
import type { Logger } from '../log.ts';
import type { HistoryDeps } from '../server/routes-history.ts';
import type { ReplayApi } from '../server/routes-replay.ts';
import type { LookupFailure, StockDeps } from '../server/routes-stock.ts';
import type { MasterList } from '../server/routes-stock-search.ts';
import type { WatchlistDeps } from '../server/routes-watchlist.ts';
import { hmsToSeconds, kstDate } from '../shared/kst.ts';
import { UnknownCodeError, type StockInfo } from '../shared/wire.ts';
import type { WatchlistFile } from '../store/watchlist-file.ts';
import type { CollectorHost } from './collector-host.ts';
import type { Config } from './config.ts';
import { masterListCache } from './master-list.ts';
import type { Recorder } from './recorder.ts';

export interface Sources {
  history: HistoryDeps;
  stock: StockDeps;
  /** One cache per source: search, names and the watchlist's code check share a day's fetch. */
  stockSearch: MasterList;
}

function sourcesFor(c: Config, rest: LsRest | null, recorder: Recorder, today: () => string, log: Logger): Sources {
  return {
    history: { dataDir: c.storeDir, snapshot: (code, d) => recorder.snapshotAsync(code, d), epoch: (code, d) => recorder.epoch(code, d), today },
    stock: {
      stockInfo: async (code: string): Promise<StockInfo> => {
        if (rest) return rest.stockInfo(code);
        const demo = DEMO_STOCKS[code];
        if (demo === undefined) throw new StockLookupError(`unknown code ${code}`, 'unknown');
        // Replayed days are not today: today's demo reference price would misstate their change.
        return { name: demo.name, referencePrice: c.feed === 'demo' ? demo.price : null };
      },
      failureOf: (err): LookupFailure | null => (err instanceof StockLookupError ? err.kind : null),
    },
    stockSearch: masterListCache({
      masterList: rest ? () => rest.masterList() : async () => Object.entries(DEMO_STOCKS).map(([code, st]) => ({ code, name: st.name, market: 'DEMO' })),
      today: () => kstDate(Date.now()),
      cacheFile: rest ? path.join(c.dataDir, 'stock-list.json') : null,
      log,
    }),
  };
}

/** The running feed's sources, rebuilt when the host runs a new configuration. */
export function currentSources(host: CollectorHost, recorder: Recorder, today: () => string, log: Logger): () => Sources {
  let built: { config: Config; sources: Sources } | null = null;
  return () => {
    const config = host.config();
    if (built?.config !== config) built = { config, sources: sourcesFor(config, host.rest(), recorder, today, log) };
    return built.sources;
  };
}

/** The watchlist API over watchlist.json; with the LS feed a code missing from today's stock list is refused. */
export function watchlistDeps(watchlist: WatchlistFile, host: CollectorHost, sources: () => Sources): WatchlistDeps {
  return {
    codes: () => watchlist.codes(),
    add: async (code) => {
      // Only today's LS list can call a code unknown: yesterday's misses today's listings, and the
      // demo trades any code.
      if (host.config().feed === 'ls') {
        const { source, list } = await sources().stockSearch();
        if (source === 'fresh' && !list.some((s) => s.code === code)) throw new UnknownCodeError(code);
      }
      watchlist.add(code);
    },
    remove: (code) => watchlist.remove(code),
    setCodes: (codes) => watchlist.setCodes(codes),
  };
}

/** The replay controls over the running feed: null answers (409) unless it is a replay. */
export function replayApi(host: CollectorHost): ReplayApi {
  return {
    state: () => host.replay()?.replayState() ?? null,
    control: async (command) => {
      const replay = host.replay();
      if (!replay) return null;
      switch (command.action) {
        case 'play':
          return replay.play();
        case 'pause':
          return replay.pause();
        case 'speed':
          return replay.setSpeed(command.speed);
        case 'seek':
          return replay.seek(hmsToSeconds(command.time.replaceAll(':', '')));
      }
    },
  };
}
