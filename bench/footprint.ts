// GET /api/footprint speed on a 300,000-trade day (targets: < 150 ms cold, < 20 ms cached).
// The day is built from the real 035720 recording: its prints in order, repeated, with times spread
// evenly over 09:00–15:30 and written in our layout (venue and cumulative counts included).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../electron/log.ts';
import { secondsToHms } from '../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../electron/shared/trade.ts';
import { createFootprintService } from '../electron/server/footprint-service.ts';
import { scanDayFile } from '../electron/store/day-scan.ts';

const SOURCE = path.resolve(import.meta.dirname, '../../../shared/data/real/raw_data_035720_20251126.txt');
const TRADES = 300_000;
const RUNS = 7;
const DATE = '20251126';
const CODE = '035720';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[s.length >> 1]! * 100) / 100;
}

function buildDay(file: string): number {
  const src = fs
    .readFileSync(SOURCE, 'utf8')
    .split('\n')
    .map(parseRecordLine)
    .filter((r): r is TradeRecord => r !== null);
  const open = 9 * 3600;
  const span = 6.5 * 3600;
  let ms = 0;
  let md = 0;
  let volume = 0;
  const out: string[] = [];
  for (let i = 0; i < TRADES; i++) {
    const r = src[i % src.length]!;
    if (r.cgubun === '+') ms++;
    else md++;
    volume += Number(r.cvolume);
    out.push(
      formatRecordLine({
        ...r,
        chetime: secondsToHms(open + Math.floor((i * span) / TRADES)),
        exchname: i % 4 === 3 ? 'NXT' : 'KRX',
        volume: String(volume),
        mschecnt: String(ms),
        mdchecnt: String(md),
      }),
    );
  }
  const text = out.join('');
  fs.writeFileSync(file, text);
  return Buffer.byteLength(text);
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** CPU time of the process (all threads) spent in f: the cost without other processes' noise. */
async function cpuTimed(f: () => Promise<unknown>): Promise<number> {
  const c = process.cpuUsage();
  await f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

export async function benchFootprint(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-bench-'));
  try {
    const file = path.join(dir, `raw_data_${CODE}_${DATE}.txt`);
    const bytes = buildDay(file);
    let seq = TRADES;
    const snapshot = () => ({ seq, bytes });
    const make = () => createFootprintService({ dataDir: () => dir, snapshot, epoch: () => 0, log: silentLogger });
    const q = { code: CODE, date: DATE, bar: 'time:60' };
    const past = '20251127';

    // "Cold" is the service's cache, not the OS page cache or the JIT: one untimed pass first.
    await make().query(q, past);
    const scan: number[] = [];
    for (let i = 0; i < RUNS; i++) scan.push(await timed(() => scanDayFile(file, null, () => {})));
    const cold: number[] = [];
    const coldTick: number[] = [];
    const coldRow5Nxt: number[] = [];
    let bars = 0;
    let bodyBytes = 0;
    for (let i = 0; i < RUNS; i++) {
      cold.push(
        await timed(async () => {
          const a = await make().query(q, past);
          bodyBytes = a.body.length;
          bars = (JSON.parse(a.body) as unknown[]).length;
        }),
      );
      coldTick.push(await timed(() => make().query({ ...q, bar: 'tick:500' }, past)));
      coldRow5Nxt.push(await timed(() => make().query({ ...q, row: '5', venue: 'NXT' }, past)));
    }
    const coldCpu: number[] = [];
    for (let i = 0; i < RUNS; i++) coldCpu.push(await cpuTimed(() => make().query(q, past)));
    const svc = make();
    await svc.query(q, past);
    const cached: number[] = [];
    for (let i = 0; i < RUNS; i++) cached.push(await timed(() => svc.query(q, past)));

    // Today: the cached builder folds 1,000 new trades (onTrade, µs each) between queries.
    const live = make();
    await live.query(q, DATE);
    const extra: TradeRecord = { chetime: '153000', price: '60000', cvolume: '10', cgubun: '+', exchname: 'NXT' };
    const liveCached: number[] = [];
    const fold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      for (let k = 0; k < 1000; k++) live.onTrade(CODE, DATE, ++seq, extra);
      fold.push(((performance.now() - t) / 1000) * 1000);
      liveCached.push(await timed(() => live.query(q, DATE)));
    }
    return {
      trades: TRADES,
      fileMB: Math.round(bytes / 1e5) / 10,
      bars,
      bodyKB: Math.round(bodyBytes / 1024),
      scanOnlyMs: median(scan),
      coldMs: median(cold),
      coldCpuMs: median(coldCpu),
      coldTick500Ms: median(coldTick),
      coldRow5NxtMs: median(coldRow5Nxt),
      cachedMs: median(cached),
      liveCachedMs: median(liveCached),
      onTradeUs: median(fold),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
