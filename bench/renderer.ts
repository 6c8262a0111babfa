// Renderer benchmark in headless Chromium against the real serve process on the LS feed (the
// emulator streams trades), so every number includes the whole path a trader's page sees.
//
// - firstPaintMs: navigation start → first frame painted after the bars of a 300,000-trade day
//   (1-minute bars) arrived; the server's cache is cold. firstPaintWarmMs: the same after a reload.
//   *FootprintRequestMs: the /api/footprint request's share of it (server time + transfer).
// - panZoomP95Ms / panZoomMaxMs: JavaScript work per animation frame (every requestAnimationFrame
//   callback of the frame, i.e. the chart's canvas drawing) while wheel-zooming and dragging with
//   about 200 bars of about 20 rows on screen.
// - liveMaxFrameMs: the same per-frame work, worst frame, while the feed delivers 500 trades/s;
//   liveLongFrames: frames the browser itself reported as longer than 50 ms (Long Animation Frames,
//   which include event handling, style, layout and paint); liveLongFrameScriptMs / RenderMs: the
//   worst script and rendering share among those long frames; liveMaxFrameGapMs: longest time between
//   two frames; liveTradesApplied: trades the page folded, which must equal those sent;
//   loadAverage1m: the machine's load after the live phase (frames stretch when the CPU is shared).
//   At ~6.4 px per bar the footprint draws its candle level (cells need ≥ 9 px, numbers far more).
// - heapBeforeLiveMB / heapAfterLiveMB: JS heap after a forced GC, before and after the feed.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { kstDate, secondsToHms } from '../electron/shared/kst.ts';
import { formatRecordLine, type TradeRecord } from '../electron/shared/trade.ts';
import { tickSize } from '../electron/shared/tick-size.ts';
import { startLsEmulator } from '../tests/support/ls-emulator.ts';
import { startServe, tempSetup, emulatorEnv } from '../tests/support/serve-process.ts';
import { launchChromium, type PageGlobals } from '../tests/support/chromium.ts';
import { seededRandom } from '../electron/shared/random.ts';

export interface RendererBenchOptions {
  /** Trades in the history day (default 300,000). */
  dayTrades?: number;
  /** Duration of the live phase (default 60 s; `BENCH_LIVE_SECONDS` overrides). */
  liveSeconds?: number;
  liveRate?: number;
}

const CODE = '035720';
const OPEN_SEC = 9 * 3600;
const HISTORY_END_SEC = 15 * 3600;


/**
 * A synthetic day shaped like the real files: a tick-ladder random walk (about 20 rows per 1-minute bar),
 * both aggressor sides, KRX and NXT prints, some half-tick mid-point prints, and bursty sizes.
 */
function syntheticTrades(n: number, fromSec: number, toSec: number, startPrice: number, seed: number): { trades: TradeRecord[]; endPrice: number } {
  const rnd = seededRandom(seed);
  let price = startPrice;
  const trades: TradeRecord[] = [];
  for (let i = 0; i < n; i++) {
    const sec = Math.floor(fromSec + ((toSec - fromSec) * i) / n);
    const tick = tickSize(price);
    const r = rnd();
    if (r < 0.08) price += tick;
    else if (r < 0.16) price -= tick;
    // Weak pull to the start keeps the walk inside one price band for the whole day.
    if (rnd() < 0.002) price += price < startPrice ? tick : -tick;
    const mid = rnd() < 0.02;
    const size = Math.max(1, Math.floor(Math.exp(rnd() * 7)));
    trades.push({
      chetime: secondsToHms(sec),
      price: String(mid ? price + tick / 2 : price),
      cvolume: String(size),
      cgubun: rnd() < 0.5 ? '+' : '-',
      exchname: rnd() < 0.8 ? 'KRX' : 'NXT',
    });
  }
  return { trades, endPrice: price };
}

interface FrameProbe {
  reset(): void;
  work: number[];
  gaps: number[];
  longFrames: number;
  /** Worst script time (all tasks) and worst rendering time (rAF, style, layout, paint) among the long frames. */
  longScript: number;
  longRender: number;
}

/** Per-frame JS work: every requestAnimationFrame callback is timed and summed per frame. */
const FRAME_PROBE = `(() => {
  const probe = { work: [], gaps: [], longFrames: 0, longScript: 0, longRender: 0, reset() { this.work.length = 0; this.gaps.length = 0; this.longFrames = 0; this.longScript = 0; this.longRender = 0; prevTs = -1; } };
  let frameTs = -1, sum = 0, prevTs = -1;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => {
    if (ts !== frameTs) {
      if (frameTs >= 0) probe.work.push(sum);
      if (prevTs >= 0) probe.gaps.push(ts - prevTs);
      prevTs = ts; frameTs = ts; sum = 0;
    }
    const t0 = performance.now();
    try { cb(ts); } finally { sum += performance.now() - t0; }
  });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        if (e.duration <= 50) continue;
        probe.longFrames++;
        probe.longScript = Math.max(probe.longScript, e.scripts.reduce((s, x) => s + x.duration, 0));
        if (e.renderStart > 0) probe.longRender = Math.max(probe.longRender, e.startTime + e.duration - e.renderStart);
      }
    })
      .observe({ type: 'long-animation-frame', buffered: false });
  } catch {}
  Object.defineProperty(window, '__frameProbe', { value: probe });
})();`;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function heapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

async function probe(page: Page): Promise<FrameProbe> {
  return (await page.evaluate('({ ...window.__frameProbe })')) as FrameProbe;
}

async function waitPainted(page: Page, seq: number, timeout: number): Promise<number> {
  await page.waitForFunction(
    (s) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.lastSeq >= s && f.paintedAt !== null;
    },
    seq,
    { timeout, polling: 20 },
  );
  return (await page.evaluate('window.__footprint.paintedAt')) as number;
}

/** How long the page's /api/footprint request took (the server's share of the first paint). */
async function footprintRequestMs(page: Page): Promise<number> {
  return (await page.evaluate(
    "performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/footprint')).map((e) => e.responseEnd - e.startTime).pop() ?? NaN",
  )) as number;
}

export async function benchRenderer(opts: RendererBenchOptions = {}): Promise<Record<string, number>> {
  const dayTrades = opts.dayTrades ?? 300_000;
  const liveSeconds = opts.liveSeconds ?? Number(process.env.BENCH_LIVE_SECONDS ?? 60);
  const liveRate = opts.liveRate ?? 500;
  const today = kstDate(Date.now());
  const out: Record<string, number> = {};

  const setup = await tempSetup([CODE]);
  const emu = await startLsEmulator();
  const day = syntheticTrades(dayTrades, OPEN_SEC, HISTORY_END_SEC, 80_000, 1);
  await fs.writeFile(path.join(setup.dataDir, `raw_data_${CODE}_${today}.txt`), day.trades.map(formatRecordLine).join(''));
  const liveCount = Math.round(liveSeconds * liveRate);
  const live = syntheticTrades(liveCount, HISTORY_END_SEC, HISTORY_END_SEC + liveSeconds, day.endPrice, 2);
  const liveFile = path.join(os.tmpdir(), `footprint-bench-live-${process.pid}.txt`);
  await fs.writeFile(liveFile, live.trades.map(formatRecordLine).join(''));

  const serve = await startServe(emulatorEnv(emu, setup));
  const browser = await launchChromium({ width: 1600, height: 900 });
  try {
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    const { page } = await browser.newPage();
    await page.addInitScript(FRAME_PROBE);
    const cdp = await browser.context.newCDPSession(page);

    // First paint of the day, then again with the server's cache warm.
    await page.goto(serve.url);
    out.firstPaintMs = round(await waitPainted(page, dayTrades, 30_000));
    out.firstPaintFootprintRequestMs = round(await footprintRequestMs(page));
    out.bars = (await page.evaluate('window.__footprint.bars().length')) as number;
    out.rowsPerBar = round((await page.evaluate('window.__footprint.bars().reduce((s, b) => s + b.rows.length, 0)')) as number / out.bars);
    await page.reload();
    out.firstPaintWarmMs = round(await waitPainted(page, dayTrades, 30_000));
    out.firstPaintWarmFootprintRequestMs = round(await footprintRequestMs(page));
    // Let the tape's history and the first paints settle before measuring frames.
    await page.waitForTimeout(1_500);

    // Pan and zoom with about 200 bars on screen: the chart opens at 110 px per bar and each wheel
    // notch scales the spacing by 0.9 (lightweight-charts), so 27 notches leave ~6.4 px per bar,
    // about 190 bars across this 1,300 px pane (the zoom is anchored near the right edge, so the
    // pane stays full of bars). Then zoom one notch in and out, and drag.
    const box = (await page.locator('.chart-host').boundingBox())!;
    const cx = box.x + box.width - 90;
    const cy = box.y + box.height * 0.3;
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 27; i++) await page.mouse.wheel(0, 120);
    await page.waitForTimeout(300);
    await page.evaluate('window.__frameProbe.reset()');
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, i % 2 === 0 ? -120 : 120);
      await page.waitForTimeout(20);
    }
    for (let i = 0; i < 6; i++) {
      await page.mouse.down();
      for (let s = 0; s < 20; s++) await page.mouse.move(cx + (i % 2 === 0 ? -1 : 1) * s * 15, cy, { steps: 1 });
      await page.mouse.up();
      await page.mouse.move(cx, cy);
    }
    await page.waitForTimeout(100);
    const pz = await probe(page);
    out.panZoomFrames = pz.work.length;
    out.panZoomP95Ms = round(percentile(pz.work, 95), 2);
    out.panZoomMaxMs = round(Math.max(...pz.work), 2);

    // Live feed.
    out.heapBeforeLiveMB = round(await heapMB(cdp));
    // Frames are counted from the first live trade on, so the idle wait before it is no "gap".
    const sending = emu.sendFile(liveFile, CODE, { ratePerSec: liveRate });
    await page.waitForFunction((s) => ((globalThis as unknown as PageGlobals).__footprint?.lastSeq ?? 0) > s, dayTrades, { polling: 'raf' });
    await page.evaluate('window.__frameProbe.reset()');
    const sent = await sending;
    await page.waitForFunction((s) => ((globalThis as unknown as PageGlobals).__footprint?.lastSeq ?? 0) >= s, dayTrades + sent.length, {
      timeout: 30_000,
      polling: 50,
    });
    await page.waitForTimeout(200);
    const lv = await probe(page);
    out.liveTradesSent = sent.length;
    out.liveTradesApplied = ((await page.evaluate('window.__footprint.lastSeq')) as number) - dayTrades;
    out.liveFrames = lv.work.length;
    out.liveMaxFrameMs = round(Math.max(...lv.work), 2);
    out.liveP95FrameMs = round(percentile(lv.work, 95), 2);
    out.liveMaxFrameGapMs = round(Math.max(...lv.gaps), 1);
    out.liveLongFrames = lv.longFrames;
    out.liveLongFrameScriptMs = round(lv.longScript);
    out.liveLongFrameRenderMs = round(lv.longRender);
    // Frames stretch when other processes take the CPU: the load tells a noisy run from a slow page.
    out.loadAverage1m = round(os.loadavg()[0]!, 2);
    out.heapAfterLiveMB = round(await heapMB(cdp));
  } finally {
    await browser.close();
    await serve.stop();
    await emu.close();
    await setup.cleanup();
    await fs.rm(liveFile, { force: true });
  }
  return out;
}
