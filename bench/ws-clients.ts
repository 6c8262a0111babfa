// Benchmark worker: N browser-like WebSocket clients of /ws in their own thread, so receiving does
// not compete with the emulator's sending loop. Each client checks that the seqs of the watched code
// arrive without a gap and notes when each arrived (epoch ms, comparable across threads).
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

export interface ClientsData {
  url: string;
  clients: number;
}

/** Main → worker: start watching `code`, expecting seqs firstSeq..lastSeq; keep arrival times when asked. Answered with 'armed'. */
export interface Expect {
  code: string;
  firstSeq: number;
  lastSeq: number;
  keepTimes: boolean;
}

export interface ClientResult {
  received: number;
  gaps: number;
  firstAt: number;
  lastAt: number;
  /** Arrival time of seq firstSeq + i (when keepTimes). */
  times: number[];
}

const now = (): number => performance.timeOrigin + performance.now();

const { url, clients } = workerData as ClientsData;
const port = parentPort!;

interface State {
  ws: WebSocket;
  r: ClientResult;
  next: number;
}

let expect: Expect | null = null;
let marker = '';
let doneCount = 0;
const states: State[] = [];

function finishIfDone(): void {
  if (expect && doneCount === states.length) {
    port.postMessage(states.map((s) => s.r));
    expect = null;
  }
}

function onMessage(s: State, data: string): void {
  const e = expect;
  if (!e || !data.includes(marker)) return;
  const i = data.indexOf('"seq":');
  const seq = Number.parseInt(data.slice(i + 6, i + 20), 10);
  if (seq < e.firstSeq || s.next > e.lastSeq) return;
  const t = now();
  if (s.r.received === 0) s.r.firstAt = t;
  s.r.lastAt = t;
  s.r.received++;
  if (seq !== s.next) s.r.gaps++;
  if (e.keepTimes) s.r.times[seq - e.firstSeq] = t;
  s.next = seq + 1;
  if (seq >= e.lastSeq) {
    doneCount++;
    finishIfDone();
  }
}

for (let i = 0; i < clients; i++) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
  const s: State = { ws, r: { received: 0, gaps: 0, firstAt: 0, lastAt: 0, times: [] }, next: 0 };
  ws.on('message', (d) => onMessage(s, String(d)));
  ws.on('error', (err) => port.postMessage({ error: err.message }));
  ws.on('open', () => {
    states.push(s);
    if (states.length === clients) port.postMessage('ready');
  });
}

/** 'report' answers with the results so far (a run that lost trades never completes by itself). */
port.on('message', (m: Expect | 'report' | 'close') => {
  if (m === 'close') {
    for (const s of states) s.ws.close();
    port.close();
    return;
  }
  if (m === 'report') {
    port.postMessage(states.map((s) => s.r));
    expect = null;
    return;
  }
  expect = m;
  marker = `"code":"${m.code}"`;
  doneCount = 0;
  for (const s of states) {
    s.r = { received: 0, gaps: 0, firstAt: 0, lastAt: 0, times: [] };
    s.next = m.firstSeq;
  }
  port.postMessage('armed');
});
