// What refusing a too-fine bar costs (`node dist/bench/footprint-cap.js`): GET /api/footprint's fold stops
// at MAX_BARS, so tick:1 on a 1,000,000-trade day answers 400 after reading only the first trades. Prints
// the time and peak RSS of the refusal, of the finest bar the page offers (tick:50, exactly MAX_BARS bars
// on this day), and of the uncapped tick:1 fold (a million bars, what the answer cost before the cap),
// each in a process of its own. The day is written a chunk at a time in the store's layout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../electron/log.ts';
import { secondsToHms } from '../electron/shared/kst.ts';
import { formatRecordLine } from '../electron/shared/trade.ts';
import { createFootprintService, MAX_BARS } from '../electron/server/footprint-service.ts';
import { classifyAuction, newAuctionState } from '../electron/shared/footprint/auction.ts';
import { FootprintBuilder } from '../electron/shared/footprint/builder.ts';
import { parseBarSpec } from '../electron/shared/footprint/spec.ts';
import { scanDayFile } from '../electron/store/day-scan.ts';

const TRADES = 1_000_000;
const DATE = '20251126';
const CODE = '005930';

function writeDay(file: string): number {
  const fd = fs.openSync(file, 'w');
  let volume = 0;
  let ms = 0;
  let md = 0;
  let lines: string[] = [];
  for (let i = 0; i < TRADES; i++) {
    const buy = i % 3 !== 0;
    if (buy) ms++;
    else md++;
    const qty = 1 + (i % 17);
    volume += qty;
    lines.push(
      formatRecordLine({
        chetime: secondsToHms(9 * 3600 + Math.floor((i * 6.5 * 3600) / TRADES)),
        price: String(99_000 + (i % 9) * 100),
        cvolume: String(qty),
        cgubun: buy ? '+' : '-',
        exchname: i % 4 === 3 ? 'NXT' : 'KRX',
        volume: String(volume),
        mschecnt: String(ms),
        mdchecnt: String(md),
      }),
    );
    if (lines.length === 10_000) {
      fs.writeSync(fd, lines.join(''));
      lines = [];
    }
  }
  fs.writeSync(fd, lines.join(''));
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One measurement in this (fresh) process: the service's answer for `bar`, or the uncapped fold the service did before MAX_BARS. */
async function measure(dir: string, bar: string): Promise<Record<string, unknown>> {
  const base = process.memoryUsage().rss;
  const t = performance.now();
  let outcome: Record<string, unknown>;
  if (bar === 'uncapped') {
    const builder = new FootprintBuilder({ bar: parseBarSpec('tick:1'), rowTicks: 1, venue: 'all', date: DATE });
    const auction = newAuctionState();
    await scanDayFile(path.join(dir, `raw_data_${CODE}_${DATE}.txt`), null, (s) => {
      builder.add({ time: s.time, price: s.price, qty: s.qty, side: s.side, venue: s.venue, auction: classifyAuction(auction, s.time, s.venue, s.ms, s.md) });
    });
    outcome = { bars: builder.bars().length };
  } else {
    const service = createFootprintService({ dataDir: () => dir, snapshot: () => ({ seq: 0, bytes: 0 }), epoch: () => 0, log: silentLogger });
    try {
      const answer = await service.query({ code: CODE, date: DATE, bar }, '20991231');
      outcome = { status: 200, bars: (JSON.parse(answer.body) as unknown[]).length, body: mb(answer.body.length) };
    } catch (err) {
      outcome = { status: 400, error: err instanceof Error ? err.message : String(err) };
    }
  }
  return { bar, ms: Math.round(performance.now() - t), rss_at_start: mb(base), peak_rss: mb(process.resourceUsage().maxRSS * 1024), ...outcome };
}

const [dirArg, barArg] = process.argv.slice(2);
if (dirArg !== undefined && barArg !== undefined) {
  console.log(JSON.stringify(await measure(dirArg, barArg)));
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-cap-'));
  try {
    const bytes = writeDay(path.join(dir, `raw_data_${CODE}_${DATE}.txt`));
    console.log(JSON.stringify({ trades: TRADES, file: mb(bytes), max_bars: MAX_BARS }));
    // Each in a fresh process, so its peak RSS is its own.
    for (const bar of ['tick:1', 'tick:50', 'uncapped']) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), dir, bar], { encoding: 'utf8' });
      process.stdout.write(r.stdout || r.stderr);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
