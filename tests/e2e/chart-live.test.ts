// The chart page end to end: the real serve process on the LS feed (the emulator scripts trades),
// headless Chromium on the built renderer. Checks that the chart appears, that a scripted trade
// lands in the right cell, that switching code and bar kind reloads correctly, that history + live
// equals /api/footprint, and that the page logs no errors. Writes a screenshot for review.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { kstDate, kstEpochSeconds } from '../../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine } from '../../electron/shared/trade.ts';
import { rowPrice } from '../../electron/shared/tick-size.ts';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import { EMULATOR_REFERENCE_PRICE, startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { startServe, tempSetup, type ServeProcess, emulatorEnv } from '../support/serve-process.ts';
import { REAL_005930, REAL_035720 } from '../support/paths.ts';
import { launchChromium, testOutputDir, type Chromium, type PageGlobals } from '../support/chromium.ts';

const KAKAO = '035720';
const SAMSUNG = '005930';

async function copyAsToday(src: string, dataDir: string, code: string, date: string): Promise<number> {
  const lines = (await fs.readFile(src, 'utf8')).split('\n').map(parseRecordLine).filter((r) => r !== null);
  await fs.writeFile(path.join(dataDir, `raw_data_${code}_${date}.txt`), lines.map(formatRecordLine).join(''));
  return lines.length;
}

async function apiBars(base: string, q: Record<string, string>): Promise<{ bars: FootprintBar[]; lastSeq: number }> {
  const res = await fetch(`${base}/api/footprint?${new URLSearchParams(q).toString()}`, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200, await res.clone().text());
  return { bars: (await res.json()) as FootprintBar[], lastSeq: Number(res.headers.get('X-Last-Seq')) };
}

const pageBars = async (page: Page): Promise<FootprintBar[]> => (await page.evaluate('window.__footprint.bars()')) as FootprintBar[];

/** Waits until the page has loaded `code` with `bar` and folded trades up to `seq`. */
async function waitLoaded(page: Page, code: string, bar: string, seq: number): Promise<void> {
  await page.waitForFunction(
    ([c, b, s]) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.query?.code === c && f.query.bar === b && f.lastSeq === s && f.paintedAt !== null;
    },
    [code, bar, seq] as const,
    { timeout: 15_000 },
  );
}

describe('chart page against the real server (LS feed from the emulator)', () => {
  let emu: LsEmulator;
  let serve: ServeProcess;
  let browser: Chromium;
  let page: Page;
  let errors: string[];
  let setup: Awaited<ReturnType<typeof tempSetup>>;
  const today = kstDate(Date.now());
  let kakaoSeq = 0;
  let samsungSeq = 0;

  before(async () => {
    emu = await startLsEmulator();
    setup = await tempSetup([KAKAO, SAMSUNG]);
    kakaoSeq = await copyAsToday(REAL_035720, setup.dataDir, KAKAO, today);
    samsungSeq = await copyAsToday(REAL_005930, setup.dataDir, SAMSUNG, today);
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(KAKAO) && emu.subscribed().has(SAMSUNG), 15_000, 'subscriptions');
    browser = await launchChromium();
    ({ page, errors } = await browser.newPage());
    await page.goto(serve.url);
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await emu?.close();
    await setup?.cleanup();
  });

  it('draws the chart of the first watchlist code with its name in the header', async () => {
    await waitLoaded(page, KAKAO, 'time:60', kakaoSeq);
    await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).document.querySelector('.stock-name')?.textContent === n, '카카오');
    assert.equal(await page.textContent('.stock-code'), KAKAO);
    const bars = await pageBars(page);
    assert.ok(bars.length > 100, `expected a day of 1-minute bars, got ${bars.length}`);
    // The header's day volume is the sum of the bars.
    const volume = bars.reduce((s, b) => s + b.volume, 0);
    assert.match((await page.textContent('.stats')) ?? '', new RegExp(volume.toLocaleString('en-US')));
    // The change is measured from t1102's reference price (기준가), as Korean HTS show it.
    const diff = bars.at(-1)!.close - EMULATOR_REFERENCE_PRICE;
    await page.waitForFunction(() => /전일 대비/.test((globalThis as unknown as PageGlobals).document.querySelector('.change')?.textContent ?? ''));
    assert.match((await page.textContent('.change')) ?? '', new RegExp(`^${diff > 0 ? '▲' : diff < 0 ? '▼' : ''}${Math.abs(diff).toLocaleString('en-US')} \\(`));
    // Something was painted: the chart's canvases hold many distinct colours, not a blank fill.
    const colours = (await page.evaluate(`(() => {
      let best = 0;
      for (const c of document.querySelectorAll('.chart-host canvas')) {
        if (c.width * c.height < 10000) continue;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        best = Math.max(best, seen.size);
      }
      return best;
    })()`)) as number;
    assert.ok(colours > 20, `chart canvas looks blank (${colours} colours)`);
    assert.match((await page.textContent('.feed-badge')) ?? '', /LS 실시간/);
  });

  it('puts a scripted live trade into the right cell', async () => {
    const before = await pageBars(page);
    const last = before[before.length - 1]!;
    const price = last.close;
    const barTime = kstEpochSeconds(today, `${last.start.slice(0, 4)}00`);
    const row = rowPrice(price, 1);
    const cellBefore = last.rows.find((r) => r.price === row)?.buy ?? 0;
    const updates = (await page.evaluate('window.__footprint.updates')) as number;

    emu.sendTrade(KAKAO, { chetime: last.end, price: String(price), cvolume: '777', cgubun: '+' }, { exchname: 'KRX' });
    kakaoSeq++;
    await waitLoaded(page, KAKAO, 'time:60', kakaoSeq);
    await page.waitForFunction((n) => ((globalThis as unknown as PageGlobals).__footprint?.updates ?? 0) > n, updates);

    const afterBars = await pageBars(page);
    assert.equal(afterBars.length, before.length, 'a trade inside the open minute must not open a bar');
    const bar = afterBars[afterBars.length - 1]!;
    assert.equal(bar.time, barTime);
    assert.equal(bar.rows.find((r) => r.price === row)?.buy, cellBefore + 777);
    assert.equal(bar.volume, last.volume + 777);
  });

  it('keeps history + live equal to /api/footprint across new bars, venues and half-tick prints', async () => {
    // p + 50 is a mid-point (half-tick) print on the 100-won tick of this band.
    const bars = await pageBars(page);
    const lastBar = bars[bars.length - 1]!;
    const p = lastBar.close;
    const trades = [
      { chetime: '135830', price: String(p + 50), cvolume: '120', cgubun: '-' },
      { chetime: '135831', price: String(p + 150), cvolume: '30', cgubun: '+' },
      { chetime: '135905', price: String(p - 100), cvolume: '5', cgubun: '-' },
      { chetime: '140001', price: String(p), cvolume: '2500', cgubun: '+' },
    ] as const;
    trades.forEach((t, i) => emu.sendTrade(KAKAO, t, { exchname: i % 2 === 0 ? 'KRX' : 'NXT' }));
    kakaoSeq += trades.length;
    await waitLoaded(page, KAKAO, 'time:60', kakaoSeq);
    const api = await apiBars(serve.url, { code: KAKAO, date: today, bar: 'time:60', row: '1', venue: 'all' });
    assert.equal(api.lastSeq, kakaoSeq);
    assert.deepEqual(await pageBars(page), api.bars);
    assert.equal((await pageBars(page)).length, bars.length + 3);
  });

  it('switches bar kind and keeps live trades merged', async () => {
    await page.selectOption('select[name=barKind]', 'tick');
    await waitLoaded(page, KAKAO, 'tick:100', kakaoSeq);
    emu.sendTrade(KAKAO, { chetime: '140002', price: '60700', cvolume: '9', cgubun: '-' }, { exchname: 'KRX' });
    kakaoSeq++;
    await waitLoaded(page, KAKAO, 'tick:100', kakaoSeq);
    const api = await apiBars(serve.url, { code: KAKAO, date: today, bar: 'tick:100', row: '1', venue: 'all' });
    assert.deepEqual(await pageBars(page), api.bars);
    assert.ok(api.bars.slice(0, -1).every((b) => b.trades === 100));
  });

  it('switches code, and a venue view counts only that venue', async () => {
    await page.selectOption('select[name=code]', SAMSUNG);
    await waitLoaded(page, SAMSUNG, 'tick:100', samsungSeq);
    await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).document.querySelector('.stock-name')?.textContent === n, '삼성전자');
    emu.sendTrade(SAMSUNG, { chetime: '092640', price: '99350', cvolume: '40', cgubun: '+' }, { exchname: 'NXT' });
    samsungSeq++;
    await waitLoaded(page, SAMSUNG, 'tick:100', samsungSeq);
    assert.deepEqual(await pageBars(page), (await apiBars(serve.url, { code: SAMSUNG, date: today, bar: 'tick:100', row: '1', venue: 'all' })).bars);

    await page.selectOption('select[name=venue]', 'NXT');
    await waitLoaded(page, SAMSUNG, 'tick:100', samsungSeq);
    const nxt = await pageBars(page);
    assert.equal(nxt.reduce((s, b) => s + b.volume, 0), 40, 'old-collector lines carry no venue, so only the NXT print counts');
    assert.deepEqual(nxt, (await apiBars(serve.url, { code: SAMSUNG, date: today, bar: 'tick:100', row: '1', venue: 'NXT' })).bars);
    await page.selectOption('select[name=venue]', 'all');

    // The page told the server which code it shows: after a dropped LS connection that code, second in
    // the watchlist, is subscribed first.
    const before = emu.connections;
    const resubscribe = (): string | undefined => emu.received.find((f) => f.conn > before && f.header.tr_type === '3')?.body?.tr_key as string | undefined;
    emu.dropAll();
    await emu.waitFor(() => resubscribe() !== undefined, 15_000, 'a subscription on the new connection');
    assert.equal(resubscribe()?.trim(), `U${SAMSUNG}`);
  });

  it('remembers the choices across a reload and shows the tape', async () => {
    await page.selectOption('select[name=barKind]', 'time');
    await page.selectOption('select[name=code]', KAKAO);
    await waitLoaded(page, KAKAO, 'time:60', kakaoSeq);
    await page.reload();
    await waitLoaded(page, KAKAO, 'time:60', kakaoSeq);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('.tape-viewport .tape-row:not([hidden])').length > 10);
    // Newest print first: the 9-share sell sent above, at 14:00:02 KST.
    const first = (await page.textContent('.tape-viewport .tape-row:not([hidden])')) ?? '';
    assert.match(first, /14:00:02/);
    assert.match(first, /60,700/);
    assert.match(first, /매도/);
  });

  it('logs no console errors, also while the pointer moves over the cells, and writes a screenshot', async () => {
    // Sweep the pointer across the price pane so the crosshair and the cell tooltip run too.
    const box = (await page.locator('.chart-host').boundingBox())!;
    for (let y = 0.2; y < 0.65; y += 0.05) {
      for (let x = 0.3; x < 0.95; x += 0.05) await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
    }
    await page.waitForTimeout(300);
    const out = await testOutputDir();
    await page.screenshot({ path: path.join(out, 'chart-live.png') });
    assert.deepEqual([...new Set(errors)], []);
  });
});
