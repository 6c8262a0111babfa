// Every type and constant that crosses HTTP, /ws or the desktop bridge (IPC), declared once: the
// server and the shell build these shapes, the page reads them. A trade message is `LiveTrade`
// (trade.ts, beside the line format it extends); a gap's fields are `Gap` (gap.ts, beside its file
// line); a big-prints answer is `BigPrintsAnswer` (big-prints.ts, beside the threshold rule). Field
// names of GET / and the status frame are the old collector's where it had them.
import type { ConnectionState, FeedKind } from './feed-kinds.ts';
import type { FootprintBar, VenueFilter } from './footprint/index.ts';
import type { Gap } from './gap.ts';
import { isValidCode } from './trade.ts';

// ---- Status: GET / (JSON) and the /ws status frame, both built from the core's one status() ----

export interface CodeStats {
  /** HHMMSS of the last trade recorded today, null before the first. */
  last_trade_time: string | null;
  /** Price of the last trade recorded today, as LS sent it; null before the first. */
  last_price: string | null;
  trades_today: number;
  /** Gaps detected in today's recording (this run and earlier ones). */
  gaps_today: number;
  /** Trades received today that no real print could carry, kept out of the day file (docs/trade-sanity.md). */
  quarantined_today: number;
  /** Whether this code's cumulative volume has proved itself (only a trusted stream reports gaps). */
  continuity: Continuity;
}

/** A code's cumulative-volume check: `trusted` streams report gaps, `unusable` ones stay silent for the day. */
export type Continuity = 'trusted' | 'learning' | 'unusable';

/** The desktop app's configured port was taken by another program, so it serves on `using` instead. */
export interface PortFallback {
  wanted: number;
  using: number;
}

/** The day-file store's health. */
export interface StoreStats {
  openFiles: number;
  pendingLines: number;
  droppedLines: number;
  writeErrors: number;
  lastError: string | null;
  linesWritten: number;
}

/**
 * The day-file store cannot write (disk full, folder unwritable): trades wait in a bounded queue and
 * reach no client until written; `overflowing` once the queue is full and trades are refused (each
 * refused stretch becomes a gap with cause `store`). Null while every line is written.
 */
export interface StoreAlarm {
  state: 'queueing' | 'overflowing';
  /** The last write error, e.g. `write to day file failed: ENOSPC`. */
  error: string | null;
}

/** What both GET / and the status frame carry. `state` and `connection` are the same value (two names kept for old clients). */
export interface FeedStatusFields {
  feed: FeedKind;
  demo: boolean;
  replay: boolean;
  simulated: boolean;
  state: ConnectionState;
  connection: ConnectionState;
  last_error: string | null;
  watchlist_error: string | null;
  reconnects: number;
  rejected_codes: string[];
  /** Watched codes the feed does not record now (refused, unacknowledged, or all while disconnected): an alarm. */
  not_recording: string[];
  /** The feed's trading day (today KST, or the replayed date), YYYYMMDD. */
  date: string;
  watchlist: string[];
  port_fallback: PortFallback | null;
  /** Trades are not being written (and so not sent): an alarm; null while the store writes. */
  store_alarm: StoreAlarm | null;
  /** One short Korean line for a connection badge, e.g. `LS증권 연결됨 (구독 중: 3개 종목)` (old clients show it). */
  message: string;
  /** The replay's state (FEED=replay), null for the other feeds: every page shows it. */
  replay_state: ReplayState | null;
  /** The fill of each code's day from LS time-and-sales (docs/backfill.md); empty without LS. Frames carry it grouped (core/status.ts). */
  backfill: Record<string, BackfillStatus>;
}

/** GET / — the old collector's fields first, then what a trader needs to trust the recording. */
export interface HealthStatus extends FeedStatusFields {
  /** The old collector's value: clients test for it. */
  status: 'running';
  connected_clients: number;
  /** True while the collector runs, whatever the feed (the old field's meaning). */
  ls_client_running: boolean;
  bad_frames: number;
  /** Trade frames the broker sent again (the same cumulative volume as the trade before), not recorded. */
  repeated_trades: number;
  codes: Record<string, CodeStats>;
  store: StoreStats;
  slow_clients_cut: number;
  uptime_s: number;
}

export type BackfillState = 'idle' | 'queued' | 'running' | 'paused' | 'done' | 'failed';

export interface BackfillStatus {
  state: BackfillState;
  /** Rows fetched in this run of the app. */
  fetched: number;
  pages: number;
  /** Lines put into the day file, and those among them whose side could not be recovered. */
  inserted: number;
  unknown_sides: number;
  /** Prints still to fetch (from the aggressor counts around the holes; auction fills not counted). */
  remaining_estimate: number | null;
  /** Seconds that takes at the TR's rate limit, at the rows per page seen so far. */
  eta_seconds: number | null;
  last_error: string | null;
}

/** POST /api/backfill/{code} body `action`. */
export type BackfillAction = 'pause' | 'resume';

export function isBackfillAction(v: string): v is BackfillAction {
  return v === 'pause' || v === 'resume';
}

/**
 * The one frame a page sends on `/ws`: the code its chart shows (null: none). The server subscribes and
 * fills the codes some page shows before the others; a closed connection shows nothing. Old clients never
 * send it, and nothing else a client sends is read.
 */
export interface ViewFrame {
  type: 'view';
  code: string | null;
}

/** A ViewFrame from a client's message text, or null for anything else. */
export function parseViewFrame(text: string): ViewFrame | null {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const { type, code } = o as Record<string, unknown>;
  if (type !== 'view' || !(code === null || (typeof code === 'string' && isValidCode(code)))) return null;
  return { type, code };
}

/** A /ws fill frame, sent once fetched trades are merged into the day file: its seqs changed, reload the day. */
export interface FillFrame {
  type: 'fill';
  code: string;
  date: string;
  /** The day file's epoch after the merge (TradeStore.epoch). */
  epoch: number;
  inserted: number;
  state: BackfillState;
}

/** A /ws status frame: sent on connect and whenever a field changes; `type` set, no `price`. */
export interface StatusFrame extends FeedStatusFields {
  type: 'status';
}

/** A /ws gap frame, sent after its line is written to the day's `.gaps.txt`. */
export interface GapFrame extends Gap {
  type: 'gap';
  code: string;
  date: string;
}

// ---- Replay: GET/POST /api/replay, and `replay_state` in GET / and the status frame ----

/** The speeds the page offers (the API takes any from 1 to REPLAY_MAX_SPEED, or 'max'). */
export const REPLAY_SPEEDS = [1, 10, 60, 'max'] as const;
export const REPLAY_MAX_SPEED = 3600;
/** Recorded seconds played per wall-clock second, or 'max': as fast as the pipeline goes. */
export type ReplaySpeed = number | 'max';

/**
 * `playing` and `paused` are the trader's choice; `seeking` while a seek records the skipped trades
 * (play and pause then choose what follows it); `finished` once every file has been played.
 */
export const REPLAY_MODES = ['playing', 'paused', 'seeking', 'finished'] as const;
export type ReplayMode = (typeof REPLAY_MODES)[number];

export interface ReplayState {
  mode: ReplayMode;
  /** The replayed KST date, YYYYMMDD. */
  date: string;
  speed: ReplaySpeed;
  /** The recorded time the replay has reached, HH:MM:SS KST (in a status frame: when it was sent). */
  time: string;
  /** First and last recorded trade time of the replayed files (the seek range), HH:MM:SS; null while unknown or empty. */
  start: string | null;
  end: string | null;
  /** Counts the seeks done: a page reloads the day when it changes (skipped trades are not sent on /ws). */
  seeks: number;
}

/** POST /api/replay. A seek goes forward only, to `time` (HH:MM:SS or HH:MM, KST). */
export type ReplayCommand =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'speed'; speed: ReplaySpeed }
  | { action: 'seek'; time: string };

/** A seek to a time before the replay's present (the replay store holds what was replayed, in order): 400, nothing changes. */
export class ReplaySeekError extends Error {
  override name = 'ReplaySeekError';
}

// ---- Settings: GET/PUT /api/settings, POST /api/settings/test ----

/** The realtime trade TRs: US3 (KRX + NXT), S3_ (KOSPI), K3_ (KOSDAQ), NS3 (NXT only). */
export const TRADE_TRS = ['US3', 'S3_', 'K3_', 'NS3'] as const;
export type TradeTr = (typeof TRADE_TRS)[number];

export function isTradeTr(v: string): v is TradeTr {
  return (TRADE_TRS as readonly string[]).includes(v);
}

export interface Settings {
  /** '' when not set (the demo feed runs). */
  appKey: string;
  appSecret: string;
  /** true: the simulated-trading (모의투자) WebSocket server. */
  simulated: boolean;
  port: number;
  /** Absolute folder for raw_data files; '' for the default. */
  dataDir: string;
  tradeTr: TradeTr;
}

/** What a secret field shows once set: the page can tell it is set, never what it is. */
export const MASK = '********';

/** Where saved settings fall short (headless: this run only; no encryption; Linux without a keyring), worded by the page (settings/text.ts). */
export type StorageWarning = 'session_only' | 'keys_until_quit' | 'secret_obfuscated';

export interface StorageInfo {
  /** false when saved settings last only until the process exits (headless). */
  persistent: boolean;
  /** The caveat the page shows; null when none. */
  warning: StorageWarning | null;
}

/** The settings as sent to the page. */
export interface PublicSettings extends Omit<Settings, 'appKey' | 'appSecret'> {
  /** MASK when set, '' when not. */
  appKey: string;
  appSecret: string;
  /** The last four characters of the app key, to tell keys apart; '' when not set. */
  appKeyHint: string;
  storage: StorageInfo;
}

/** What is wrong with a settings field (core/settings.ts says when), worded by the page (settings/text.ts). */
export type FieldProblem = 'form' | 'not_text' | 'key_missing' | 'key_format' | 'keys_pair' | 'server' | 'port' | 'folder_path' | 'folder_relative' | 'folder_unusable' | 'trade_tr';

export interface FieldError {
  field: keyof Settings;
  problem: FieldProblem;
  /** Korean, with details (the error code of a folder), for scripts; the page words `problem`. */
  message: string;
}

export interface SettingsImpact {
  /** The collector must reconnect with new credentials, server or TR. */
  reconnect: boolean;
  /** Settings that take effect only after the app restarts. */
  restart: Array<'port' | 'dataDir'>;
}

/** PUT /api/settings, saved (and applied when `impact.reconnect`). */
export interface SettingsSaved {
  status: 'success';
  /** Korean: what was done and what waits for a restart. */
  message: string;
  impact: SettingsImpact;
  settings: PublicSettings;
}

/** HTTP 400 of PUT /api/settings and POST /api/settings/test: nothing changed; `errors` names each bad field. */
export interface SettingsRefusal {
  error: string;
  errors?: FieldError[];
}

/** The answer of POST /api/settings/test. */
export interface ConnectionTestResult {
  ok: boolean;
  /** Korean, for the trader: success, or LS's own refusal message. */
  message: string;
}

// ---- Stocks: /api/stock/{code}, /api/stocks/search, /api/stocks/info, POST /api/subscribe ----

/** A stock's name and today's reference price (기준가, normally the previous close; null when unknown). */
export interface StockInfo {
  name: string;
  referencePrice: number | null;
}

export interface StockListing {
  code: string;
  name: string;
  /** e.g. KOSPI, KOSDAQ. */
  market: string;
}

/** Which master list answered: today's, an older one (kept across restarts), or none. */
export type ListSource = 'fresh' | 'stale' | 'offline';

/** A code the LS stock list does not know (a typo, a delisted stock): POST /api/subscribe answers 404, nothing changes. */
export class UnknownCodeError extends Error {
  override name = 'UnknownCodeError';
  constructor(readonly code: string) {
    super(`종목코드 ${code}은(는) LS 종목 목록(코스피·코스닥)에 없습니다 (unknown code)`);
  }
}

// ---- Footprint and history: /api/footprint, /api/history ----

/** Seq of the last trade an answer includes (`/api/history`, `/api/footprint`); 0 when the day has none. */
export const LAST_SEQ_HEADER = 'X-Last-Seq';
/** How many times fills replaced the day file (docs/backfill.md): seqs of another epoch do not splice. */
export const DAY_EPOCH_HEADER = 'X-Day-Epoch';
/** Auction-classification state after that trade (`/api/footprint`). */
export const FOOTPRINT_STATE_HEADER = 'X-Footprint-State';
/** Why `/api/footprint` answered no bars (JSON of `FootprintEmpty`); absent when there are bars. */
export const FOOTPRINT_EMPTY_HEADER = 'X-Footprint-Empty';

/**
 * `no_trades`: nothing recorded that day; `no_venue_trades`: trades, none on the chosen venue;
 * `no_venue_data`: trades, but recorded without venue (before venue support), so no venue can be chosen.
 */
export type FootprintEmptyReason = 'no_trades' | 'no_venue_trades' | 'no_venue_data';

export interface FootprintEmpty {
  reason: FootprintEmptyReason;
  /** Trades recorded that day, every venue. */
  trades: number;
  /** The day's last trade price, every venue; null without trades. */
  last_price: number | null;
}

export interface FootprintQuery {
  code: string;
  date: string;
  /** `time:<s>`, `tick:<n>`, `volume:<n>` or `range:<n>`. */
  bar: string;
  /** Row size in tick-size multiples. */
  row: number;
  venue: VenueFilter;
}

export interface SeqAnswer<T> {
  data: T;
  /** The `X-Last-Seq` header, and `X-Day-Epoch`: the day file's epoch that seq counts in (docs/backfill.md). */
  lastSeq: number;
  epoch: number;
}

export interface FootprintAnswer extends SeqAnswer<FootprintBar[]> {
  /** The `X-Footprint-State` header. */
  auctionState: string | null;
  /** The `X-Footprint-Empty` header: why there are no bars; null when there are. */
  empty: FootprintEmpty | null;
}

// ---- Desktop bridge: what the Electron preload exposes as `window.footprintDesktop` ----

export const IPC_CHANNELS = {
  chooseDataFolder: 'footprint:choose-data-folder',
  openDataFolder: 'footprint:open-data-folder',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export interface DesktopBridge {
  /** Opens a folder picker; resolves to the chosen absolute path, or null when cancelled. */
  chooseDataFolder(): Promise<string | null>;
  /** Opens the data folder in the system file manager. */
  openDataFolder(): Promise<void>;
}
