// `npm run bench`: the core measured end to end through the real serve process fed by the LS
// emulator, printed as a table beside their targets (median of several runs; never asserts).
//   ingest     emulator → serve (store + /ws) → 10 WS clients at saturation: trades/s per client, loss
//   latency    frame sent by the emulator → received by a client, at a steady 1,000 trades/s
//   history    GET /api/history of a 300,000-trade day, warm, beside the same-process floor
//   mixed      the same history requests while ingest keeps flowing at 1,000 trades/s, the first one
//              for a heavy day the server has not read yet (its snapshot scan must not stall ingest)
//   memory     peak RSS (VmHWM) of the serve process, per phase
//   fill       a 100,000-trade gap filled from the emulator's time-and-sales: wall time beside the
//              rate-limit bound, peak RSS, /ws latency idle and during the fill (bench/fill.ts)
// BENCH_ONLY=ingest,latency,history,mixed,footprint,renderer,fill runs only the named sections.
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startLsEmulator, type LsEmulator } from '../tests/support/ls-emulator.ts';
import { REAL_035720 } from '../tests/support/paths.ts';
import { startServe, tempSetup, until, type ServeProcess, emulatorEnv } from '../tests/support/serve-process.ts';
import { parseRecordLine, type TradeRecord } from '../electron/shared/trade.ts';
import { historyFloor } from './history-floor.ts';
import type { ClientResult, ClientsData, Expect } from './ws-clients.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RUNS = 3;
const CLIENTS = 10;
const INGEST_CODE = '035720';
const LATENCY_CODE = '005930';
const HISTORY_CODE = '000660';
const HISTORY_DATE = '20251126';
/** A copy of the heavy day under another date, first requested while ingest flows. */
const UNREAD_DATE = '20251125';
const HISTORY_TRADES = 300_000;
const STEADY_RATE = 1000;
const STEADY_TRADES = 3000;

const now = (): number => performance.timeOrigin + performance.now();

const ONLY = new Set((process.env.BENCH_ONLY ?? '').split(',').filter((s) => s !== ''));
const selected = (section: string): boolean => ONLY.size === 0 || ONLY.has(section);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)]!;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

const rows: { metric: string; value: string; runs: string; target: string }[] = [];
function row(metric: string, value: number, unit: string, runs: number[], target: string, digits = 1): void {
  const fmt = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  rows.push({ metric, value: `${fmt(value)} ${unit}`, runs: runs.length > 1 ? runs.map(fmt).join(' / ') : '', target });
}

/** The 10 clients, in a worker thread. */
class Clients {
  private readonly worker: Worker;
  private constructor(worker: Worker) {
    this.worker = worker;
  }

  static async start(url: string): Promise<Clients> {
    const data: ClientsData = { url, clients: CLIENTS };
    const worker = new Worker(path.join(HERE, 'ws-clients.js'), { workerData: data });
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: unknown) => {
        if (m === 'ready') resolve();
        else if (typeof m === 'object' && m !== null && 'error' in m) reject(new Error(String((m as { error: string }).error)));
      });
      worker.once('error', reject);
    });
    return new Clients(worker);
  }

  /** Resolves once the worker is watching, so no trade of the run can arrive before it is counted. */
  expect(e: Expect): Promise<void> {
    return new Promise((resolve) => {
      const onMessage = (m: unknown): void => {
        if (m !== 'armed') return;
        this.worker.off('message', onMessage);
        resolve();
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage(e);
    });
  }

  /** Results once every client saw lastSeq, or what they have after `timeoutMs`. */
  results(timeoutMs: number): Promise<ClientResult[]> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.worker.postMessage('report'), timeoutMs);
      const onMessage = (m: unknown): void => {
        if (!Array.isArray(m)) return;
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        resolve(m as ClientResult[]);
      };
      this.worker.on('message', onMessage);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.worker.terminate();
  }
}

async function validLines(file: string): Promise<string[]> {
  return (await fs.readFile(file, 'utf8')).split('\n').filter((l) => parseRecordLine(l) !== null);
}

/**
 * US3 frames as LS sends them (docs/ls-api.md#trade-fields, every field a string, cumulative counters advanced),
 * built before the clock starts so the emulator's own per-frame work does not cap the measurement.
 */
function us3Frames(records: readonly TradeRecord[], code: string): string[] {
  let volume = 0;
  let ms = 0;
  let md = 0;
  return records.map((r) => {
    volume += Number(r.cvolume);
    if (r.cgubun === '+') ms++;
    else md++;
    const p = r.price;
    const body = {
      chetime: r.chetime, sign: '2', change: '500', drate: '0.92', price: p, opentime: '090000', open: p,
      hightime: '090000', high: p, lowtime: '090000', low: p, cgubun: r.cgubun, cvolume: r.cvolume,
      volume: String(volume), value: '0', mdvolume: '0', mdchecnt: String(md), msvolume: '0', mschecnt: String(ms),
      cpower: '100.00', w_avrg: p, offerho: p, bidho: p, status: '00', jnilvolume: '0', shcode: code,
      exchname: r.exchname ?? 'KRX', ex_shcode: `U${code}`,
    };
    return `{"header":{"tr_cd":"US3","tr_key":"U${code}   "},"body":${JSON.stringify(body)}}`;
  });
}

/** Pushes frames as fast as the event loop allows, yielding every batch so the emulator keeps serving. */
async function blast(emu: LsEmulator, frames: readonly string[]): Promise<void> {
  for (let i = 0; i < frames.length; i++) {
    emu.sendRaw(frames[i]!);
    if (i % 512 === 511) await new Promise((r) => setImmediate(r));
  }
}

/** A heavy day built from the real 035720 day, repeated. */
async function writeHeavyDay(file: string): Promise<void> {
  const lines = await validLines(REAL_035720);
  const out: string[] = [];
  for (let i = 0; out.length < HISTORY_TRADES; i++) out.push(lines[i % lines.length]!);
  await fs.writeFile(file, `${out.join('\n')}\n`);
}

/** GET to the last byte; the body is returned only when asked (parsing is the client's cost, not ours). */
function timedGet(url: string, keepBody = false): Promise<{ ms: number; bytes: number; body: string; lastSeq: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keepBody) chunks.push(c);
        });
        res.on('end', () =>
          resolve({ ms: performance.now() - t0, bytes, body: Buffer.concat(chunks).toString('utf8'), lastSeq: Number(res.headers['x-last-seq']) }),
        );
      })
      .on('error', reject);
  });
}

/** Peak RSS (VmHWM) of a process since the last call, in MB; the peak is then reset to the current RSS. */
async function peakRssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  await fs.writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

interface SteadyRun {
  latencies: number[];
  /** Send time (epoch ms) of the trade each latency belongs to. */
  sentAt: number[];
  lost: number;
}

/** STEADY_TRADES trades of LATENCY_CODE at STEADY_RATE; latency of every trade at every client. */
async function steadyRun(emu: LsEmulator, clients: Clients, seqBefore: number): Promise<SteadyRun> {
  const sentAt: number[] = [];
  await clients.expect({ code: LATENCY_CODE, firstSeq: seqBefore + 1, lastSeq: seqBefore + STEADY_TRADES, keepTimes: true });
  const sent = await emu.sendFile(REAL_035720, LATENCY_CODE, { ratePerSec: STEADY_RATE, limit: STEADY_TRADES, onSent: (i) => (sentAt[i] = now()) });
  const results = await clients.results(10_000);
  const run: SteadyRun = { latencies: [], sentAt: [], lost: 0 };
  for (const r of results) {
    run.lost += sent.length - r.received + r.gaps;
    for (let i = 0; i < sent.length; i++) {
      if (r.times[i] === undefined) continue;
      run.latencies.push(r.times[i]! - sentAt[i]!);
      run.sentAt.push(sentAt[i]!);
    }
  }
  return run;
}

async function benchCore(): Promise<void> {
  const emu = await startLsEmulator();
  const setup = await tempSetup([INGEST_CODE, LATENCY_CODE]);
  const heavy = path.join(setup.dataDir, `raw_data_${HISTORY_CODE}_${HISTORY_DATE}.txt`);
  await writeHeavyDay(heavy);
  await fs.copyFile(heavy, path.join(setup.dataDir, `raw_data_${HISTORY_CODE}_${UNREAD_DATE}.txt`));
  let serve: ServeProcess | null = null;
  let clients: Clients | null = null;
  try {
    serve = await startServe({
      ...emulatorEnv(emu, setup),
      LOG_LEVEL: 'warn',
    });
    await until(() => emu.subscribed('US3').size === 2, 'subscriptions');
    clients = await Clients.start(serve.url);
    const peaks: [string, number][] = [['start-up', await peakRssMb(serve.pid)]];

    // Ingest at saturation: the real 035720 day (23,434 trades) as fast as the pipeline takes it.
    if (selected('ingest')) {
      const frames = us3Frames((await validLines(REAL_035720)).map((l) => parseRecordLine(l)!), INGEST_CODE);
      const dayTrades = frames.length;
      const perClient: number[] = [];
      const emuRates: number[] = [];
      let ingestLost = 0;
      let ingestSeq = 0;
      for (let run = 0; run < RUNS; run++) {
        await clients.expect({ code: INGEST_CODE, firstSeq: ingestSeq + 1, lastSeq: ingestSeq + dayTrades, keepTimes: false });
        const t0 = now();
        await blast(emu, frames);
        const tSent = now();
        const results = await clients.results(60_000);
        ingestSeq += dayTrades;
        emuRates.push(dayTrades / ((tSent - t0) / 1000));
        for (const r of results) ingestLost += dayTrades - r.received + r.gaps;
        perClient.push(Math.min(...results.map((r) => r.received / ((r.lastAt - t0) / 1000))));
      }
      peaks.push(['ingest at saturation', await peakRssMb(serve.pid)]);
      row(`ingest, ${CLIENTS} WS clients, per client (slowest)`, median(perClient), 'trades/s', perClient, '>= 20,000', 0);
      row('  emulator send rate', median(emuRates), 'trades/s', emuRates, '', 0);
      row('  trades lost or out of order (all runs, all clients)', ingestLost, '', [], '0', 0);
      const h = (await (await fetch(`${serve.url}/`)).json()) as { slow_clients_cut: number; reconnects: number; bad_frames: number; store: { droppedLines: number } };
      rows.push({
        metric: '  serve health after ingest',
        value: '',
        runs: `slow clients cut ${h.slow_clients_cut}, LS reconnects ${h.reconnects}, bad frames ${h.bad_frames}, lines dropped ${h.store.droppedLines}`,
        target: '',
      });
    }

    // Latency at a steady 1,000 trades/s. One unmeasured run first: the steady path (a trade at a
    // time) warms up separately from bursts.
    let latencySeq = 0;
    if (selected('latency') || selected('mixed')) {
      await steadyRun(emu, clients, 0);
      latencySeq = STEADY_TRADES;
      peaks.push(['steady warm-up', await peakRssMb(serve.pid)]);
    }
    if (selected('latency')) {
      const p50: number[] = [];
      const p99: number[] = [];
      const max: number[] = [];
      let steadyLost = 0;
      for (let run = 0; run < RUNS; run++) {
        const r = await steadyRun(emu, clients, latencySeq);
        latencySeq += STEADY_TRADES;
        steadyLost += r.lost;
        p50.push(percentile(r.latencies, 50));
        p99.push(percentile(r.latencies, 99));
        max.push(Math.max(...r.latencies));
      }
      row(`latency p50 at ${STEADY_RATE}/s (frame sent → client received)`, median(p50), 'ms', p50, '', 3);
      row(`latency p99 at ${STEADY_RATE}/s`, median(p99), 'ms', p99, '<= 1 ms', 3);
      row(`latency max at ${STEADY_RATE}/s`, median(max), 'ms', max, '', 3);
      row('  trades lost or out of order', steadyLost, '', [], '0', 0);
      peaks.push([`steady ${STEADY_RATE}/s`, await peakRssMb(serve.pid)]);
    }

    // History of a 300,000-trade day.
    const historyUrl = `${serve.url}/api/history?code=${HISTORY_CODE}&date=${HISTORY_DATE}`;
    if (selected('history')) {
      const cold = await timedGet(historyUrl, true);
      const parsed = JSON.parse(cold.body) as unknown[];
      if (parsed.length !== HISTORY_TRADES || cold.lastSeq !== HISTORY_TRADES) {
        throw new Error(`history returned ${parsed.length} trades (X-Last-Seq ${cold.lastSeq}), expected ${HISTORY_TRADES}`);
      }
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push((await timedGet(historyUrl)).ms);
      const floors = [];
      for (let i = 0; i < RUNS; i++) floors.push(await historyFloor(heavy));
      peaks.push(['history', await peakRssMb(serve.pid)]);
      row(`GET /api/history, ${HISTORY_TRADES.toLocaleString('en-US')} trades (${(cold.bytes / 1e6).toFixed(1)} MB), first`, cold.ms, 'ms', [], '', 0);
      row('GET /api/history, warm', median(warm), 'ms', warm, '<= 200 ms', 0);
      row('  floor: read the file in one process', median(floors.map((f) => f.readMs)), 'ms', floors.map((f) => f.readMs), '', 0);
      row('  floor: streamHistory to nowhere', median(floors.map((f) => f.streamMs)), 'ms', floors.map((f) => f.streamMs), '', 0);
      row('  floor: read + JSON.parse every line', median(floors.map((f) => f.parseMs)), 'ms', floors.map((f) => f.parseMs), '', 0);
    }

    // History while ingest flows: history requests back to back during a steady run, the first for a
    // day not read before; the latency of the trades sent while a request was in flight.
    if (selected('mixed')) {
      let busy = true;
      const during: number[] = [];
      const inFlight: [number, number][] = [];
      const historyLoop = (async () => {
        const unreadUrl = `${serve.url}/api/history?code=${HISTORY_CODE}&date=${UNREAD_DATE}`;
        while (busy) {
          const start = now();
          during.push((await timedGet(inFlight.length === 0 ? unreadUrl : historyUrl)).ms);
          inFlight.push([start, now()]);
        }
      })();
      const mixed = await steadyRun(emu, clients, latencySeq);
      busy = false;
      await historyLoop;
      const sentDuring = ([a, b]: [number, number]): number[] => mixed.latencies.filter((_, i) => mixed.sentAt[i]! >= a && mixed.sentAt[i]! <= b);
      const overlapped = mixed.latencies.filter((_, i) => inFlight.some(([a, b]) => mixed.sentAt[i]! >= a && mixed.sentAt[i]! <= b));
      row(`GET /api/history of an unread day while ingesting (first request)`, during[0]!, 'ms', [], '', 0);
      row('  ingest latency max of trades sent during that first request', Math.max(...sentDuring(inFlight[0]!)), 'ms', [], '', 3);
      row(`GET /api/history while ingesting ${STEADY_RATE}/s (${during.length} requests)`, median(during), 'ms', [], '', 0);
      row('  ingest latency p50 of trades sent during a request', percentile(overlapped, 50), 'ms', [], '', 3);
      row('  ingest latency p99 of trades sent during a request', percentile(overlapped, 99), 'ms', [], '', 3);
      row('  ingest latency max of trades sent during a request', Math.max(...overlapped), 'ms', [], '', 3);
      row('  trades lost or out of order meanwhile', mixed.lost, '', [], '0', 0);

      peaks.push(['history during ingest', await peakRssMb(serve.pid)]);
    }
    row('serve process peak RSS (VmHWM)', Math.max(...peaks.map(([, mb]) => mb)), 'MB', [], '<= 150 MB', 0);
    for (const [phase, mb] of peaks) row(`  peak during ${phase}`, mb, 'MB', [], '', 0);
  } finally {
    await clients?.close();
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
}

/**
 * The other parts' benchmarks (footprint service, renderer in Chromium) when they are part of this
 * build; each returns named numbers. A failure is printed and the rest of the table still appears.
 */
async function benchOptional(file: string, fn: string, label: string): Promise<void> {
  const full = path.join(HERE, file);
  if (!existsSync(full)) return;
  try {
    const mod = (await import(full)) as Record<string, unknown>;
    const run = mod[fn];
    if (typeof run !== 'function') return;
    const result = (await run()) as Record<string, unknown>;
    for (const [metric, value] of Object.entries(result)) {
      if (typeof value === 'number') row(`${label}: ${metric}`, value, '', [], '', Number.isInteger(value) ? 0 : 1);
    }
  } catch (err) {
    rows.push({ metric: `${label}: failed`, value: '', runs: '', target: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
  }
}

function print(): void {
  const w = (k: 'metric' | 'value' | 'runs' | 'target'): number => Math.max(k.length, ...rows.map((r) => r[k].length));
  const widths = { metric: w('metric'), value: w('value'), runs: w('runs'), target: w('target') };
  const line = (r: Record<keyof typeof widths, string>): string =>
    `${r.metric.padEnd(widths.metric)}  ${r.value.padStart(widths.value)}  ${r.runs.padEnd(widths.runs)}  ${r.target}`;
  console.log(line({ metric: 'metric', value: 'median', runs: 'runs', target: 'target' }));
  console.log('-'.repeat(widths.metric + widths.value + widths.runs + widths.target + 6));
  for (const r of rows) console.log(line(r));
}

const t0 = performance.now();
try {
  if (['ingest', 'latency', 'history', 'mixed'].some(selected)) await benchCore();
  if (selected('footprint')) await benchOptional('footprint.js', 'benchFootprint', 'footprint');
  if (selected('renderer')) await benchOptional('renderer.js', 'benchRenderer', 'renderer');
  if (selected('fill')) await benchOptional('fill.js', 'benchFill', 'fill');
} finally {
  print();
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s; ${RUNS} runs each; node ${process.version})`);
}
