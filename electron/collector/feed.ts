// The contract every trade source (LS Open API, demo market, replay of recorded files) fulfils,
// so the core pipeline (store → broadcast → aggregation) never knows which one is running.
import type { ConnectionState, FeedKind } from '../shared/feed-kinds.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { RawTrade } from '../shared/trade-sanity.ts';
import type { ReplayState } from '../shared/wire.ts';

export interface FeedStatus {
  kind: FeedKind;
  /** For `ls`: true when connected to the simulated-trading (모의투자) server. */
  simulated: boolean;
  state: ConnectionState;
  /** Last error in words a trader can act on (never a secret); null when healthy. */
  lastError: string | null;
  reconnects: number;
  /** Watched codes whose subscription the server refused and has not accepted since (an alarm). */
  rejectedCodes: string[];
  /**
   * Watched codes not recording now: refused, not yet acknowledged, or every code while disconnected.
   * Empty once the feed records every watched code (always empty for demo and replay).
   */
  notRecording: string[];
  /** Frames that could not be understood (counted, logged rate-limited, never fatal). */
  badFrames: number;
  /** KST date (YYYYMMDD) the feed's trades belong to: today, or the replayed date. */
  date: string;
  /** Set by the replay feed only: its mode, speed, position and seek range. */
  replay?: ReplayState;
}

export interface FeedSink {
  /**
   * One trade of one code. Called synchronously in arrival order. `quiet`: recorded and folded into
   * the footprint but not sent on /ws (the trades a replay seek skips; pages reload instead).
   */
  trade(code: string, record: TradeRecord, quiet?: boolean): void;
  /**
   * A trade of `code` the feed received but could not make a record of (shared/trade-sanity.ts says
   * why): quarantined, never recorded. Trades given to `trade` are checked the same way downstream.
   */
  reject?(code: string, raw: RawTrade, reason: string): void;
  /** Connection state changed (also on errors), for health and WS status frames. */
  status(status: FeedStatus): void;
}

export interface Feed {
  readonly kind: FeedKind;
  /** Starts producing trades for these codes. */
  start(codes: readonly string[]): void;
  /** Adds/removes subscriptions on the live connection (no reconnect). */
  setCodes(codes: readonly string[]): void;
  /** Codes on screen: subscribed before the others when a connection (re)subscribes. */
  prioritize?(codes: readonly string[]): void;
  status(): FeedStatus;
  /** Stops producing; resolves once no further trade can arrive. */
  close(): Promise<void>;
}
