// The one status: GET / and the /ws status frame are built from the same fields (wire.ts
// FeedStatusFields). A frame goes out only when something a page shows changed (a flood of bad
// frames changes nothing visible); counters that move with every trade stay in GET / only. A fill's
// progress changes with every page fetched: those changes are grouped into one frame per GROUP_MS.
import type { FeedStatus } from '../collector/feed.ts';
import type { FeedKind } from '../shared/feed-kinds.ts';
import type { FeedStatusFields, HealthStatus, PortFallback, StatusFrame, StoreAlarm } from '../shared/wire.ts';
import type { WatchlistFile } from '../store/watchlist-file.ts';
import type { CollectorHost } from './collector-host.ts';
import type { Recorder } from './recorder.ts';

export interface StatusDeps {
  recorder: Pick<Recorder, 'codeStats' | 'storeStats' | 'storeAlarm' | 'repeats'>;
  host: Pick<CollectorHost, 'config' | 'feedStatus' | 'lastError' | 'backfillStatus'>;
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
  /** Announces within GROUP_MS, one frame for every change meanwhile (a fill's pages). */
  announceSoon(): void;
  /** Drops a grouped announcement not sent yet. */
  close(): void;
}

/** How long changes are gathered into one status frame by `announceSoon`. */
const GROUP_MS = 250;

/** The status line old clients show as their connection badge. */
export function statusMessage(feed: FeedKind, s: FeedStatus, lastError: string | null, codes: number, date: string): string {
  const subscribed = Math.max(0, codes - s.notRecording.length);
  const why = lastError ? `: ${lastError}` : '';
  if (feed === 'demo') return s.state === 'stopped' ? '데모 시세 중지됨' : `데모 시세 실행 중 (${codes}개 종목, 실제 시세 아님)`;
  if (feed === 'replay') {
    if (s.state === 'stopped') return `기록 재생 끝 (${date})`;
    if (s.replay?.mode === 'paused') return `기록 재생 일시정지 (${date} ${s.replay.time})`;
    return `기록 재생 중 (${date}, ${codes}개 종목)`;
  }
  const ls = s.simulated ? 'LS증권 모의투자' : 'LS증권';
  switch (s.state) {
    case 'open':
      return `${ls} 연결됨 (구독 중: ${subscribed}개 종목)`;
    case 'connecting':
      return `${ls} 연결 중${why}`;
    case 'reconnecting':
      return `${ls} 재연결 중${why}`;
    case 'stopped':
      return `${ls} 연결 중지됨${why}`;
  }
}

/** A store that cannot write outranks the connection in the badge: trades are not reaching the pages. */
function alarmed(alarm: StoreAlarm | null, message: string): string {
  if (alarm === null) return message;
  const what = alarm.state === 'overflowing' ? '디스크 기록 불가, 체결 누락 중' : '디스크 기록 불가, 체결 대기 중';
  return `${what}${alarm.error ? ` (${alarm.error})` : ''} · ${message}`;
}

export function createStatus(deps: StatusDeps): CoreStatusSource {
  const { recorder, host, hub, watchlist } = deps;

  function fields(): FeedStatusFields {
    const feed = host.config().feed;
    const s = host.feedStatus();
    const codes = watchlist.codes();
    const date = deps.today();
    const lastError = host.lastError();
    return {
      feed,
      demo: feed === 'demo',
      replay: feed === 'replay',
      simulated: s.simulated,
      state: s.state,
      connection: s.state,
      last_error: lastError,
      watchlist_error: watchlist.lastError(),
      reconnects: s.reconnects,
      rejected_codes: s.rejectedCodes,
      not_recording: s.notRecording,
      date,
      watchlist: codes,
      port_fallback: deps.portFallback,
      store_alarm: recorder.storeAlarm(),
      message: alarmed(recorder.storeAlarm(), statusMessage(feed, s, lastError, codes.length, date)),
      replay_state: s.replay ?? null,
      backfill: host.backfillStatus(),
    };
  }

  function frame(): string {
    const f: StatusFrame = { type: 'status', ...fields() };
    return JSON.stringify(f);
  }

  let lastAnnounced = '';
  let soon: ReturnType<typeof setTimeout> | undefined;
  const announce = (): void => {
    const next = frame();
    if (next === lastAnnounced) return;
    lastAnnounced = next;
    hub.broadcast(next);
  };
  return {
    status(): HealthStatus {
      const f = fields();
      return {
        status: 'running',
        ...f,
        connected_clients: hub.clientCount(),
        ls_client_running: f.state !== 'stopped',
        bad_frames: host.feedStatus().badFrames,
        repeated_trades: recorder.repeats(),
        codes: recorder.codeStats(f.watchlist, f.date),
        store: recorder.storeStats(),
        slow_clients_cut: hub.slowClientsCut(),
        uptime_s: Math.round((Date.now() - deps.startedAt) / 1000),
      };
    },
    frame,
    announce,
    announceSoon() {
      if (soon !== undefined) return;
      soon = setTimeout(() => {
        soon = undefined;
        announce();
      }, GROUP_MS);
    },
    close() {
      clearTimeout(soon);
      soon = undefined;
    },
  };
}
