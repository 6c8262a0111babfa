// The tray menu as data: every action lives in the menu because tray clicks are unreliable on some
// Linux desktops. The shell turns this model into an Electron Menu; tests check it in plain Node.
import type { ConnectionState, FeedKind } from '../shared/feed-kinds.ts';
import type { HealthStatus } from '../shared/wire.ts';

/** What the tray shows about collection, taken from the core's status. */
export interface CollectionView {
  feed: FeedKind;
  simulated: boolean;
  state: ConnectionState;
  lastError: string | null;
  codes: number;
  tradesToday: number;
}

export interface TrayState {
  /** The core's status; null while it starts or when it could not start. */
  collection: CollectionView | null;
  /** Where the app is served, e.g. http://127.0.0.1:8000 (null before the server listens). */
  url: string | null;
  /** A problem the trader must know about (port taken, start failure), shown first. */
  notice: string | null;
  /** null where the platform offers no start-at-login. */
  openAtLogin: boolean | null;
}

export type TrayAction = 'open-window' | 'open-browser' | 'open-data-folder' | 'toggle-open-at-login' | 'quit';

export type TrayItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { type: 'checkbox'; label: string; action: TrayAction; checked: boolean };

const FEED_LABEL: Record<FeedKind, string> = { ls: 'LS증권', demo: '데모 (가상 시세)', replay: '재생' };
const STATE_LABEL: Record<ConnectionState, string> = {
  connecting: '연결 중',
  open: '연결됨',
  reconnecting: '재연결 중',
  stopped: '중지됨',
};

export function feedLabel(c: CollectionView): string {
  return c.feed === 'ls' && c.simulated ? `${FEED_LABEL.ls} 모의투자` : FEED_LABEL[c.feed];
}

/** Status lines, most important first. */
function statusLines(state: TrayState): string[] {
  const lines: string[] = [];
  if (state.notice) lines.push(state.notice);
  const c = state.collection;
  if (c === null) {
    if (!state.notice) lines.push('수집기 시작 중…');
    return lines;
  }
  lines.push(`시세: ${feedLabel(c)} · ${STATE_LABEL[c.state]}`);
  lines.push(`종목 ${c.codes.toLocaleString('ko-KR')}개 · 오늘 체결 ${c.tradesToday.toLocaleString('ko-KR')}건`);
  if (c.lastError) lines.push(`오류: ${c.lastError}`);
  return lines;
}

export function trayMenuModel(state: TrayState): TrayItem[] {
  const items: TrayItem[] = [
    { type: 'action', label: '창 열기', action: 'open-window', enabled: state.url !== null },
    { type: 'action', label: '브라우저에서 열기', action: 'open-browser', enabled: state.url !== null },
    { type: 'separator' },
    ...statusLines(state).map((label): TrayItem => ({ type: 'label', label })),
    { type: 'separator' },
    { type: 'action', label: '데이터 폴더 열기', action: 'open-data-folder', enabled: true },
  ];
  if (state.openAtLogin !== null) {
    items.push({ type: 'checkbox', label: '로그인할 때 시작', action: 'toggle-open-at-login', checked: state.openAtLogin });
  }
  items.push({ type: 'separator' }, { type: 'action', label: '종료 (수집 중지)', action: 'quit', enabled: true });
  return items;
}

/** Tray tooltips are short on Windows (127 characters); the first lines carry the state. */
export function trayTooltip(state: TrayState): string {
  return ['Footprint', ...statusLines(state)].join('\n').slice(0, 127);
}

/** The tray's view of the core's health report. */
export function collectionView(s: HealthStatus): CollectionView {
  let tradesToday = 0;
  for (const c of Object.values(s.codes)) tradesToday += c.trades_today;
  return {
    feed: s.feed,
    simulated: s.simulated,
    state: s.connection,
    lastError: s.last_error ?? s.watchlist_error,
    codes: s.watchlist.length,
    tradesToday,
  };
}
