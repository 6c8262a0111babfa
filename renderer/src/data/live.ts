// The page's one connection to `WS /ws`: every trade of every watched code plus status frames.
// The chart's data (data/footprint-feed.ts), the status badge and the panels subscribe to it, so
// the server counts one client per page. It reconnects by itself (capped backoff); each (re)open is
// announced, so the footprint feed can repeat its subscribe → buffer → load → merge sequence (what
// makes a reconnect gapless) and the panels can re-read what they may have missed. It also tells the
// server which code the chart shows (ViewFrame), so that code is subscribed and filled first.
import { toTradeRecord, isValidCode, type LiveTrade } from '../../../electron/shared/trade.ts';
import { isValidYmd } from '../../../electron/shared/kst.ts';
import type { ViewFrame } from '../../../electron/shared/wire.ts';
import { isRecord } from './api.ts';

export type LiveMessage =
  | { kind: 'trade'; trade: LiveTrade }
  | { kind: 'status'; status: Record<string, unknown> };

// Every trade of a day carries the same date: validate it once, not hundreds of times a second.
let knownDate = '';
function validDate(d: unknown): d is string {
  if (d === knownDate) return true;
  if (typeof d !== 'string' || !isValidYmd(d)) return false;
  knownDate = d;
  return true;
}

/** One `/ws` message, or null for anything that is neither a valid trade nor a status frame. */
function parseLiveMessage(text: string): LiveMessage | null {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(o)) return null;
  if (typeof o.type === 'string' && o.price === undefined) return { kind: 'status', status: o };
  const r = toTradeRecord(o);
  if (!r) return null;
  const { code, date, seq, epoch } = o;
  if (typeof code !== 'string' || !isValidCode(code)) return null;
  if (!validDate(date)) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) return null;
  return { kind: 'trade', trade: { ...r, code, date, seq, epoch } };
}

export interface LiveListener {
  /** The connection is open: on subscribing when it already is, and after every (re)open. */
  open?(): void;
  message?(msg: LiveMessage): void;
  /** The connection is down (`reason` as the server gave it, often empty); a retry is scheduled. */
  down?(reason: string): void;
}

export interface LiveConnection {
  connected(): boolean;
  /** Listeners hear events in the order they subscribed. Returns an unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  /** The code the chart shows (null: none): told to the server now and after every reopen. */
  show(code: string | null): void;
  close(): void;
}

const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/** Connects to this page's own server (`/ws` on the same host). */
export function connectLive(): LiveConnection {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const listeners = new Set<LiveListener>();
  let ws: WebSocket | null = null;
  let isOpen = false;
  let closed = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let shown: string | null = null;
  const tellView = (): void => {
    const frame: ViewFrame = { type: 'view', code: shown };
    if (isOpen) ws?.send(JSON.stringify(frame));
  };

  const open = (): void => {
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      isOpen = true;
      failures = 0;
      if (shown !== null) tellView();
      for (const l of [...listeners]) l.open?.();
    };
    sock.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      const msg = parseLiveMessage(ev.data);
      if (msg) for (const l of [...listeners]) l.message?.(msg);
    };
    sock.onclose = (ev: CloseEvent) => {
      isOpen = false;
      ws = null;
      if (closed) return;
      failures++;
      const retry = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.min(failures - 1, 5)) * (0.8 + Math.random() * 0.4);
      for (const l of [...listeners]) l.down?.(ev.reason);
      timer = setTimeout(open, retry);
    };
  };
  open();

  return {
    connected: () => isOpen,
    subscribe(listener) {
      listeners.add(listener);
      if (isOpen) listener.open?.();
      return () => listeners.delete(listener);
    },
    show(code) {
      if (code === shown) return;
      shown = code;
      tellView();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}
