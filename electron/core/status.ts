// The one status: GET / and the /ws status frame are built from the same fields (wire.ts
// FeedStatusFields). A frame goes out only when something a page shows changed (a flood of bad
// frames changes nothing visible); counters that move with every trade stay in GET / only.
import type { FeedStatusFields, HealthStatus, PortFallback, StatusFrame } from '../shared/wire.ts';
import type { WatchlistFile } from '../store/watchlist-file.ts';
import type { CollectorHost } from './collector-host.ts';
import type { Recorder } from './recorder.ts';

export interface StatusDeps {
  recorder: Pick<Recorder, 'codeStats' | 'storeStats'>;
  host: Pick<CollectorHost, 'config' | 'feedStatus' | 'lastError'>;
  hub: { broadcast(data: string): void; clientCount(): number; slowClientsCut(): number };
  watchlist: Pick<WatchlistFile, 'codes' | 'lastError'>;
  today(): string;
  portFallback: PortFallback | null;
  startedAt: number;
}

export interface CoreStatusSource {
  /** GET /. */
  status(): HealthStatus;
  /** The status frame, serialised. */
  frame(): string;
  /** Broadcasts the status frame if it changed since the last one sent. */
  announce(): void;
}

export function createStatus(deps: StatusDeps): CoreStatusSource {
  const { recorder, host, hub, watchlist } = deps;

  function fields(): FeedStatusFields {
    const feed = host.config().feed;
    const s = host.feedStatus();
    return {
      feed,
      demo: feed === 'demo',
      replay: feed === 'replay',
      simulated: s.simulated,
      state: s.state,
      connection: s.state,
      last_error: host.lastError(),
      watchlist_error: watchlist.lastError(),
      reconnects: s.reconnects,
      rejected_codes: s.rejectedCodes,
      date: deps.today(),
      watchlist: watchlist.codes(),
      port_fallback: deps.portFallback,
    };
  }

  function frame(): string {
    const f: StatusFrame = { type: 'status', ...fields() };
    return JSON.stringify(f);
  }

  let lastAnnounced = '';
  return {
    status(): HealthStatus {
      const f = fields();
      return {
        status: 'ok',
        ...f,
        connected_clients: hub.clientCount(),
        ls_client_running: f.feed === 'ls' && f.state !== 'stopped',
        bad_frames: host.feedStatus().badFrames,
        codes: recorder.codeStats(f.watchlist, f.date),
        store: recorder.storeStats(),
        slow_clients_cut: hub.slowClientsCut(),
        uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      };
    },
    frame,
    announce() {
      const next = frame();
      if (next === lastAnnounced) return;
      lastAnnounced = next;
      hub.broadcast(next);
    },
  };
}
