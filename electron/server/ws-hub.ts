// Fan-out of live trades and status frames to browser WebSocket clients. Every message is
// serialized once and handed to each open socket. Only a client that really stopped reading is cut
// off (it reloads history and resumes by seq) rather than slowing the recorder or the others: its
// backlog passed the soft limit and has not shrunk for `stallMs`, or it passed the hard limit. A
// burst that a reading client takes in a moment (an opening auction's prints) never cuts it.
// A burst of trades (one network read of the LS feed) goes out to each client in one system call:
// its socket is corked at the first message and uncorked once the burst's synchronous work is done.
// The one thing read from clients is the code each page shows (ViewFrame): the union goes to `onViews`.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import { parseViewFrame } from '../shared/wire.ts';

export interface WsHubOptions {
  log: Logger;
  /** The status frame a client gets as soon as it connects. */
  greeting(): string;
  /** The codes the connected pages show changed (sorted, each once). */
  onViews(codes: readonly string[]): void;
  /** Backlog in bytes above which a client that drains nothing for `stallMs` is terminated. */
  maxBufferedBytes?: number;
  /** Backlog in bytes after which a client is terminated at once (bounds the memory one client holds). */
  hardBufferedBytes?: number;
  stallMs?: number;
  heartbeatMs?: number;
  /** Tests move time. */
  clock?: () => number;
}

/** A client over the soft limit: its backlog right after the last send, and when it last shrank. */
interface Backlog {
  after: number;
  since: number;
}

export interface WsHub {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(data: string): void;
  clientCount(): number;
  /** Clients cut off for a send backlog since start. */
  slowClientsCut(): number;
  close(): void;
}

const MAX_PAYLOAD = 64 * 1024;

export function createWsHub(opts: WsHubOptions): WsHub {
  const { log } = opts;
  const maxBuffered = opts.maxBufferedBytes ?? 1 << 20;
  const hardBuffered = opts.hardBufferedBytes ?? 8 << 20;
  const stallMs = opts.stallMs ?? 2_000;
  const clock = opts.clock ?? Date.now;
  const backlogs = new WeakMap<WebSocket, Backlog>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_PAYLOAD, clientTracking: false });
  const clients = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();
  const sockets = new WeakMap<WebSocket, Duplex>();
  const corked: Duplex[] = [];
  /** The code each page shows, by its connection. */
  const views = new Map<WebSocket, string>();
  let shown = '';
  let cut = 0;

  const viewsChanged = (): void => {
    const codes = [...new Set(views.values())].sort();
    const key = codes.join();
    if (key === shown) return;
    shown = key;
    opts.onViews(codes);
  };
  const forget = (ws: WebSocket): void => {
    clients.delete(ws);
    if (views.delete(ws)) viewsChanged();
  };

  const uncorkAll = (): void => {
    for (const socket of corked) socket.uncork();
    corked.length = 0;
  };

  const drop = (ws: WebSocket): void => {
    forget(ws);
    ws.terminate();
  };

  /** Whether a client is to be cut before the next send: it drained nothing of a backlog over the soft limit for stallMs. */
  const stalled = (ws: WebSocket): boolean => {
    const buffered = ws.bufferedAmount;
    if (buffered > hardBuffered) return true;
    if (buffered <= maxBuffered) {
      backlogs.delete(ws);
      return false;
    }
    const now = clock();
    const b = backlogs.get(ws);
    if (!b || buffered < b.after) {
      backlogs.set(ws, { after: buffered, since: now });
      return false;
    }
    return now - b.since >= stallMs;
  };

  const heartbeat = setInterval(() => {
    for (const ws of clients) {
      if (alive.get(ws) === false) {
        log.info('ws client unresponsive, closed');
        drop(ws);
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        clients.add(ws);
        sockets.set(ws, socket);
        alive.set(ws, true);
        ws.on('pong', () => alive.set(ws, true));
        ws.on('error', (err) => log.limited('ws-client-error', 'warn', 'ws client error', { error: err.message }));
        ws.on('close', () => forget(ws));
        ws.on('message', (data, isBinary) => {
          const view = isBinary ? null : parseViewFrame(data.toString());
          if (view === null) return;
          if (view.code === null) views.delete(ws);
          else views.set(ws, view.code);
          viewsChanged();
        });
        ws.send(opts.greeting());
      });
    },
    broadcast(data) {
      // Encoded once and shared: ws sends an unmasked Buffer to every socket without copying it.
      const payload = Buffer.from(data);
      for (const ws of clients) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        if (stalled(ws)) {
          cut++;
          log.limited('ws-slow-client', 'warn', 'ws client stopped reading, cut off', { buffered: ws.bufferedAmount });
          drop(ws);
          continue;
        }
        const socket = sockets.get(ws);
        if (socket && !socket.writableCorked) {
          if (corked.length === 0) process.nextTick(uncorkAll);
          socket.cork();
          corked.push(socket);
        }
        ws.send(payload, { binary: false });
        const b = backlogs.get(ws);
        if (b) b.after = ws.bufferedAmount;
      }
    },
    clientCount: () => clients.size,
    slowClientsCut: () => cut,
    close() {
      clearInterval(heartbeat);
      views.clear();
      for (const ws of clients) ws.terminate();
      clients.clear();
      wss.close();
    },
  };
}
