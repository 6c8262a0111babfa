// Fill-bench worker: one /ws client in its own thread, noting when each live trade arrives (epoch ms,
// comparable across threads), so the emulator's own work and garbage collection in the bench's main
// thread are not counted as the server's latency. Main → worker: 'take'; worker → main: [volume, at][]
// of the trades that arrived since the last take (the first message, 'open', says the socket is open).
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

const port = parentPort!;
const now = (): number => performance.timeOrigin + performance.now();
const { url } = workerData as { url: string };
let arrived: [string, number][] = [];
const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: { Origin: url } });
ws.on('open', () => port.postMessage('open'));
ws.on('message', (d) => {
  const at = now();
  const m = JSON.parse(d.toString()) as { volume?: string };
  if (m.volume !== undefined) arrived.push([m.volume, at]);
});
port.on('message', (m) => {
  if (m === 'take') {
    port.postMessage(arrived);
    arrived = [];
  } else if (m === 'close') {
    ws.close();
    port.close();
  }
});
