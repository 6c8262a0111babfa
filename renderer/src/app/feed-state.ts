// Reading the feed's state from the health document (`GET /`) and from /ws status frames: both carry
// the same FeedStatusFields (electron/shared/wire.ts), so one reader serves both.
import { CONNECTION_STATES, FEED_KINDS, type ConnectionState, type FeedKind } from '../../../electron/shared/feed-kinds.ts';
import { isValidYmd } from '../../../electron/shared/kst.ts';
import { isRecord } from '../data/api.ts';
import { text, type Lang } from '../ui/i18n.ts';

export interface FeedView {
  kind: FeedKind | null;
  simulated: boolean;
  state: ConnectionState | null;
  lastError: string | null;
  /** The feed's trading day (today, or the replayed date). */
  date: string | null;
  /** The desktop app serves on another port than configured (another program holds that one). */
  portFallback: { wanted: number; using: number } | null;
  /** The store cannot write trades (wire.ts StoreAlarm): a banner until it can. */
  storeAlarm: { state: 'queueing' | 'overflowing'; error: string | null } | null;
  /** Watched codes the feed is not recording now (wire.ts `not_recording`). */
  notRecording: readonly string[];
  /** What is wrong with watchlist.json as last edited by hand (wire.ts `watchlist_error`), null when it is fine. */
  watchlistError: string | null;
}

/** Merges what a health document or status frame says into the previous view. */
export function readFeedView(doc: Record<string, unknown>, prev: FeedView): FeedView {
  const next = { ...prev };
  const kind = doc.feed;
  if (typeof kind === 'string' && (FEED_KINDS as readonly string[]).includes(kind)) next.kind = kind as FeedKind;
  if (typeof doc.simulated === 'boolean') next.simulated = doc.simulated;
  const state = doc.state;
  if (typeof state === 'string' && (CONNECTION_STATES as readonly string[]).includes(state)) next.state = state as ConnectionState;
  const err = doc.last_error;
  if (typeof err === 'string' || err === null) next.lastError = err;
  const date = doc.date;
  if (typeof date === 'string' && isValidYmd(date)) next.date = date;
  const fb = doc.port_fallback;
  if (fb === null) next.portFallback = null;
  else if (isRecord(fb) && Number.isInteger(fb.wanted) && Number.isInteger(fb.using)) next.portFallback = { wanted: fb.wanted as number, using: fb.using as number };
  const sa = doc.store_alarm;
  if (sa === null) next.storeAlarm = null;
  else if (isRecord(sa) && (sa.state === 'queueing' || sa.state === 'overflowing')) {
    next.storeAlarm = { state: sa.state, error: typeof sa.error === 'string' ? sa.error : null };
  }
  const nr = doc.not_recording;
  if (Array.isArray(nr)) next.notRecording = nr.filter((c): c is string => typeof c === 'string');
  const we = doc.watchlist_error;
  if (typeof we === 'string' || we === null) next.watchlistError = we;
  return next;
}

export const EMPTY_FEED_VIEW: FeedView = { kind: null, simulated: false, state: null, lastError: null, date: null, portFallback: null, storeAlarm: null, notRecording: [], watchlistError: null };

export interface FeedLabel {
  text: string;
  tone: 'live' | 'demo' | 'replay' | 'warn';
}

/** The header's feed badge; the page's own lost connection to the server outranks the feed. */
export function feedLabel(v: FeedView, serverUp: boolean, serverReason: string | null, lang: Lang): FeedLabel {
  if (!serverUp) return { text: `${text(lang, 'serverDown')} · ${text(lang, 'feedReconnecting')}${serverReason ? ` (${serverReason})` : ''}`, tone: 'warn' };
  const name =
    v.kind === 'demo' ? text(lang, 'feedDemo') : v.kind === 'replay' ? text(lang, 'feedReplay') : v.simulated ? text(lang, 'feedSimulated') : text(lang, 'feedLs');
  const tone: FeedLabel['tone'] = v.kind === 'demo' ? 'demo' : v.kind === 'replay' ? 'replay' : 'live';
  if (v.kind === null) return { text: text(lang, 'feedConnecting'), tone: 'warn' };
  if (v.state === 'reconnecting' || v.state === 'connecting') {
    const what = text(lang, v.state === 'reconnecting' ? 'feedReconnecting' : 'feedConnecting');
    return { text: `${name} · ${what}${v.lastError ? ` (${v.lastError})` : ''}`, tone: 'warn' };
  }
  if (v.state === 'stopped') return { text: `${name} · ${text(lang, 'feedStopped')}`, tone: 'warn' };
  return { text: name, tone };
}
