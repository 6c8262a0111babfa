// Fill-bench worker: one /ws client in its own thread, noting when each live trade arrives (epoch ms,
// comparable across threads), so the emulator's own work and garbage collection in the bench's main
// thread are not counted as the server's latency. It also follows the code's fill state from the status
// frames, so the bench never polls the server during the fill (a load the idle phase would not have).
// Main → worker: 'take' | 'close'; worker → main: a WorkerNote.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { BackfillState } from '../electron/shared/wire.ts';

export type WorkerNote =
  | { kind: 'open' }
  /** [volume, at] of the live trades that arrived since the last take. */
  | { kind: 'arrived'; trades: [string, number][] }
  | { kind: 'state'; state: BackfillState };

const port = parentPort!;
const now = (): number => performance.timeOrigin + performance.now();
const { url, code } = workerData as { url: string; code: string };
const note = (n: WorkerNote): void => port.postMessage(n);
let arrived: [string, number][] = [];
let state: BackfillState | undefined;
const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: { Origin: url } });
ws.on('open', () => note({ kind: 'open' }));
ws.on('message', (d) => {
  const at = now();
  const m = JSON.parse(d.toString()) as { type?: string; code?: string; volume?: string; state?: BackfillState; backfill?: Record<string, { state: BackfillState }> };
  if (m.volume !== undefined) arrived.push([m.volume, at]);
  // The fill frame comes at the merge itself; status frames are grouped.
  const s = m.type === 'status' ? m.backfill?.[code]?.state : m.type === 'fill' && m.code === code ? m.state : undefined;
  if (s !== undefined && s !== state) note({ kind: 'state', state: (state = s) });
});
port.on('message', (m) => {
  if (m === 'take') {
    note({ kind: 'arrived', trades: arrived });
    arrived = [];
  } else if (m === 'close') {
    ws.close();
    port.close();
  }
});
