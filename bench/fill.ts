// `node dist/bench/fill.js` (after `npm run build`; also `npm run bench`'s `fill` section): filling a 100,000-trade gap through the real serve
// process and the LS emulator at the default t8454 limit (1 call/s). Prints the wall time beside the
// rate-limit bound (pages × the queue's spacing), the serve process's peak RSS, and live /ws latency
// p50/p99 at a steady 50 trades/s while idle and during the fill. Never asserts. FILL_PAGE sets the
// emulator's rows per page (default 2,000, so the bound stays near a minute).
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TrQueue } from '../electron/collector/ls/tr-queue.ts';
import { silentLogger } from '../electron/log.ts';
import type { BackfillState } from '../electron/shared/wire.ts';
import type { WorkerNote } from './fill-latency.ts';
import { startLsEmulator, type LsEmulator } from '../tests/support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until, type ServeProcess } from '../tests/support/serve-process.ts';

const CODE = '000660';
const GAP = 100_000;
const PAGE = Number(process.env.FILL_PAGE ?? 2000);
const RATE = 50;
const now = (): number => performance.timeOrigin + performance.now();

let t = 9 * 3600;
function print(emu: LsEmulator, i: number): void {
  if (i % 8 === 0) t++;
  const chetime = [Math.floor(t / 3600), Math.floor(t / 60) % 60, t % 60].map((x) => String(x).padStart(2, '0')).join('');
  emu.sendTrade(CODE, { chetime, price: i % 3 === 0 ? 180_000 : 180_500, cvolume: 1 + (i % 7), cgubun: i % 3 === 0 ? '-' : '+' }, { exchname: i % 9 === 4 ? 'NXT' : 'KRX' });
}

async function peakRssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

/** Arrival times the worker noted since the last take. */
async function take(worker: Worker): Promise<Map<string, number>> {
  const got = new Promise<[string, number][]>((r) => {
    const on = (n: WorkerNote): void => {
      if (n.kind !== 'arrived') return;
      worker.off('message', on);
      r(n.trades);
    };
    worker.on('message', on);
  });
  worker.postMessage('take');
  return new Map(await got);
}

/** Sends live trades at RATE/s until `done()`, returning each one's /ws latency in ms. */
async function liveLatency(emu: LsEmulator, worker: Worker, done: () => boolean, counter: { i: number }): Promise<number[]> {
  const sentAt = new Map<string, number>();
  while (!done()) {
    print(emu, counter.i++);
    sentAt.set(String(emu.timeSales.log(CODE).at(-1)?.cum.U.volume), now());
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  // The last trades' frames may still be on their way.
  const arrived = new Map<string, number>();
  const all = async (): Promise<boolean> => {
    for (const [v, at] of await take(worker)) arrived.set(v, at);
    return [...sentAt.keys()].every((v) => arrived.has(v));
  };
  await until(all, 'live trades received', 10_000);
  return [...sentAt].flatMap(([v, at]) => {
    const got = arrived.get(v);
    return got === undefined ? [] : [got - at];
  });
}

/** The fill bench's numbers (bench/run.ts prints them as its `fill` section). */
export async function benchFill(): Promise<Record<string, number>> {
  const emu = await startLsEmulator({ timeSales: { pageSize: PAGE } });
  const setup = await tempSetup([CODE]);
  let serve: ServeProcess | null = null;
  try {
    const counter = { i: 0 };
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    const worker = new Worker(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fill-latency.js'), { workerData: { url: serve.url, code: CODE } });
    let fill: BackfillState | undefined;
    worker.on('message', (n: WorkerNote) => {
      if (n.kind === 'state') fill = n.state;
    });
    await new Promise<void>((r) => worker.once('message', () => r()));
    // Long enough that the idle p99 is not just the worst few trades.
    const idleUntil = now() + 20_000;
    const idle = await liveLatency(emu, worker, () => now() > idleUntil, counter);
    // The gap: the connection is held while 100,000 prints happen.
    emu.hold(true);
    for (let k = 0; k < GAP; k++) print(emu, counter.i++);
    emu.hold(false);
    const started = now();
    let filled = false;
    const during = liveLatency(emu, worker, () => filled, counter);
    await until(() => fill === 'running', 'fill started', 30_000);
    await until(() => fill === 'done', 'fill done', 3_600_000);
    const wall = (now() - started) / 1000;
    filled = true;
    const busy = await during;
    const pages = Math.ceil(GAP / PAGE) + 1;
    const spacing = new TrQueue('http://127.0.0.1', { get: async () => ({ value: '' }), invalidate: () => {} }, silentLogger).interval('t8454') / 1000;
    const rss = await peakRssMb(serve.pid);
    worker.postMessage('close');
    return {
      'wall time s': wall, 'rate-limit bound s': pages * spacing, 'serve peak RSS MB': rss,
      '/ws p50 idle ms': pct(idle, 50), '/ws p99 idle ms': pct(idle, 99), '/ws p50 during ms': pct(busy, 50), '/ws p99 during ms': pct(busy, 99),
    };
  } finally {
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`fill of a ${GAP.toLocaleString('en')}-trade gap, ${PAGE} rows/page, t8454 at 1 call/s`);
  for (const [k, v] of Object.entries(await benchFill())) console.log(`  ${k} ${v.toFixed(1)}`);
}
