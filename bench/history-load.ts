// 60 concurrent GET /api/history?tail=100000 of a 100,000-trade day while the LS emulator sends live
// trades of another code: the serve process's peak RSS (VmHWM), the /ws latency of the live trades
// (p50/p99/max) and how many reads were answered 200 or 503. `node dist/bench/history-load.js`.
import fs from 'node:fs';
import path from 'node:path';
import { kstDate } from '../electron/shared/kst.ts';
import { formatRecordLine } from '../electron/shared/trade.ts';
import { startLsEmulator } from '../tests/support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, wsCollector } from '../tests/support/serve-process.ts';

const HEAVY = '005930';
const LIVE = '000660';
const READERS = Number(process.env.READERS ?? 60);
const TRADES = 100_000;

function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const emu = await startLsEmulator();
const setup = await tempSetup([HEAVY, LIVE]);
const lines: string[] = [];
for (let i = 0; i < TRADES; i++) {
  const s = 9 * 3600 + Math.floor(i / 10);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join('');
  lines.push(formatRecordLine({ chetime: hms, price: String(54_000 + (i % 50) * 100), cvolume: String(1 + (i % 97)), cgubun: i % 2 ? '+' : '-', exchname: 'KRX', volume: String(i * 50), mschecnt: String(i), mdchecnt: '0' }));
}
fs.writeFileSync(path.join(setup.dataDir, `raw_data_${HEAVY}_${kstDate(Date.now())}.txt`), lines.join(''));
const serve = await startServe(emulatorEnv(emu, setup));
await emu.waitFor(() => emu.subscribed().has(LIVE), 15_000, 'subscription');
const ws = await wsCollector(serve.url);
const sentAt = new Map<string, number>();
const latencies: number[] = [];
let n = 0;
const live = setInterval(() => {
  n++;
  const cv = String(n);
  sentAt.set(cv, performance.now());
  emu.sendTrade(LIVE, { chetime: '100000', price: '180000', cvolume: cv, cgubun: '+' });
}, 20);
let seen = 0;
const watch = setInterval(() => {
  const t = ws.trades(LIVE);
  for (; seen < t.length; seen++) {
    const at = sentAt.get(String(t[seen]?.cvolume));
    if (at !== undefined) latencies.push(performance.now() - at);
  }
}, 1);
const baseRss = peakRss(serve.pid);
const t0 = performance.now();
const codes = await Promise.all(
  Array.from({ length: READERS }, async () => {
    const res = await fetch(`${serve.url}/api/history?code=${HEAVY}&tail=100000`);
    const body = await res.arrayBuffer();
    return { status: res.status, bytes: body.byteLength };
  }),
);
const wall = performance.now() - t0;
await new Promise((r) => setTimeout(r, 300));
clearInterval(live);
clearInterval(watch);
latencies.sort((a, b) => a - b);
const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(
  JSON.stringify({
    readers: READERS,
    ok: codes.filter((c) => c.status === 200).length,
    refused503: codes.filter((c) => c.status === 503).length,
    answerMB: Math.round((codes.find((c) => c.status === 200)?.bytes ?? 0) / 1e5) / 10,
    wallS: Math.round(wall / 100) / 10,
    rssBeforeMB: Math.round(baseRss),
    peakRssMB: Math.round(peakRss(serve.pid)),
    liveTrades: latencies.length,
    liveP50ms: Math.round(q(0.5)),
    liveP99ms: Math.round(q(0.99)),
    liveMaxms: Math.round(latencies.at(-1) ?? NaN),
  }),
);
ws.close();
await serve.stop();
await emu.close();
await setup.cleanup();
