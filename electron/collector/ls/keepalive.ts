// Liveness of the LS socket by WebSocket protocol pings (docs/ls-api.md#ws-keepalive): a ping every
// `pingIntervalMs`; when nothing at all (no pong, no frame) arrived by a ping's deadline, the peer is dead.
import type { LsTuning } from './tuning.ts';

export interface Pingable {
  ping(): void;
  /** Frames and pongs received so far. */
  readonly received: number;
  /** A timer that dies with the socket. */
  later(ms: number, fn: () => void): void;
}

export function keepAlive(socket: Pingable, t: Pick<LsTuning, 'pingIntervalMs' | 'pongDeadlineMs'>, dead: () => void): void {
  const ping = (): void => {
    const seen = socket.received;
    socket.ping();
    socket.later(t.pongDeadlineMs, () => {
      if (socket.received === seen) dead();
    });
    socket.later(t.pingIntervalMs, ping);
  };
  socket.later(t.pingIntervalMs, ping);
}
