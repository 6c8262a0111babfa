// One http.Server carrying the Express app and the /ws upgrade, bound to HOST:PORT.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { Logger } from '../log.ts';
import { allowedHosts, isAllowedHost, originProblem } from './guards.ts';
import type { WsHub } from './ws-hub.ts';

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

/** Start-up failed because the port is taken or not ours to bind. */
export class ListenError extends Error {}

function refuseUpgrade(socket: Duplex, status: string, reason: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

export interface ListenOptions {
  host: string;
  port: number;
  app: Express;
  hub: WsHub;
  /** Filled with the allowed Host values once the real port is known (PORT=0 picks a free one); the app reads it too. */
  hosts: Set<string>;
  log: Logger;
}

export async function listen(opts: ListenOptions): Promise<HttpServer> {
  const { host, port, hub, hosts, log } = opts;
  const server = http.createServer(opts.app);
  server.keepAliveTimeout = 5_000;

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuseUpgrade(socket, '404 Not Found', 'not found');
    if (!isAllowedHost(req.headers.host, hosts)) return refuseUpgrade(socket, '403 Forbidden', 'unknown host name');
    const problem = originProblem(req.headers.origin, undefined);
    if (problem) return refuseUpgrade(socket, '403 Forbidden', problem);
    hub.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why =
        err.code === 'EADDRINUSE' ? 'is already in use (another Footprint or program?)' :
        err.code === 'EACCES' ? 'may not be used by this user' :
        err.code === 'EADDRNOTAVAIL' ? `cannot be bound on host ${host}` : `failed: ${err.message}`;
      reject(new ListenError(`PORT ${port} ${why}; set PORT to a free port`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => log.error('http server error', { error: err.message }));
  const actual = (server.address() as AddressInfo).port;
  for (const h of allowedHosts(host, actual)) hosts.add(h);

  return {
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
