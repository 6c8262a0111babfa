// The fill's progress on the page: a dropped stretch of many pages (ten rows a page, one call a second
// at the server's own TR limit) is filled while the page watches; the trader pauses and resumes it from
// the bar; the bar and the incomplete-day label go when it is done, and the chart equals a fresh load.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PageGlobals } from '../support/chromium.ts';
import { startPageSession, type DemoSession } from '../support/demo-session.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, until } from '../support/serve-process.ts';

const CODE = '005930';
/** The server's pace for t8454 (electron/collector/ls/tr-queue.ts: 1 call a second, plus 10 ms). */
const TR_INTERVAL_MS = 1_010;

interface Fill {
  state: string;
  fetched: number;
  pages: number;
  remaining_estimate: number | null;
}

describe('the fill progress bar', () => {
  let emu: LsEmulator;
  let session: DemoSession;
  let n = 0;
  const happen = (count: number): void => {
    for (let k = 0; k < count; k++, n++) {
      const s = 9 * 3600 + n * 2;
      const chetime = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join('');
      const buy = n % 3 !== 1;
      emu.sendTrade(CODE, { chetime, price: buy ? 71_200 : 71_100, cvolume: 1 + (n % 9) * 13, cgubun: buy ? '+' : '-' }, { exchname: n % 4 === 3 ? 'NXT' : 'KRX' });
    }
  };
  const fillOf = async (): Promise<Fill | undefined> =>
    ((await (await fetch(`${session.serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as { backfill: Record<string, Fill> }).backfill[CODE];
  const lastSeqOnServer = async (): Promise<number> => {
    const res = await fetch(`${session.serve.url}/api/history?code=${CODE}&tail=1`, { headers: { Accept: 'application/json' } });
    await res.body?.cancel();
    return Number(res.headers.get('x-last-seq'));
  };
  const t8454Calls = (): number => emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').length;
  const shows = (page: Page, testid: string): Promise<boolean> => page.getByTestId(testid).isVisible();
  const seen = (page: Page, k: number): Promise<unknown> =>
    page.waitForFunction((last) => (globalThis as unknown as PageGlobals).__footprint?.lastSeq === last, k, { timeout: 20_000 });
  /** Neither the bar nor the incomplete label shows. */
  const gone = async (page: Page): Promise<void> => {
    await page.waitForSelector('[data-testid=backfill-progress]', { state: 'hidden', timeout: 10_000 });
    await page.waitForSelector('[data-testid=day-incomplete]', { state: 'hidden', timeout: 10_000 });
  };
  const bars = (page: Page): Promise<unknown[]> => page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint!.bars());

  before(async () => {
    emu = await startLsEmulator({ timeSales: { pageSize: 10 } });
    session = await startPageSession([CODE], (setup) => emulatorEnv(emu, setup));
  });

  after(async () => {
    await session?.close();
    await emu?.close();
  });

  it('shows the fill, pauses and resumes it, and clears when the day is whole', async () => {
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    happen(20);
    await until(async () => (await fillOf())?.state === 'done', 'the first trades checked', 30_000);
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    await seen(page, n);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.loaded === true, undefined, { timeout: 20_000 });
    await gone(page);

    // A dropped stretch of 150 prints: 15 pages or more at one a second.
    emu.hold(true);
    emu.dropAll();
    happen(150);
    emu.hold(false);
    await emu.waitFor(() => emu.liveConnections() > 0 && emu.subscribed().has(CODE), 60_000, 'resubscribed');
    happen(3);

    // Running: the state, the rows fetched, what is left and the time it takes, with thousands separators.
    const progress = page.getByTestId('backfill-progress');
    await page.waitForSelector('[data-testid=backfill-progress][data-state=running]', { state: 'visible', timeout: 30_000 });
    await page.waitForFunction(
      () => /^[1-9][\d,]*건 받음 · 남은 약 [\d,]+건 · 약 \d+(초|분) 남음$/.test((globalThis as unknown as PageGlobals).document.querySelector('[data-testid=backfill-numbers]')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    );
    assert.equal(await page.getByTestId('day-incomplete').textContent(), '채우는 중 · 불완전한 날');
    // A strip above the chart, not over it: the newest bars stay in view while the fill runs.
    const barBox = (await progress.boundingBox())!;
    const chartBox = (await page.locator('.chart-host').boundingBox())!;
    assert.ok(barBox.y + barBox.height <= chartBox.y + 0.5, `the bar (bottom ${barBox.y + barBox.height}) above the chart (top ${chartBox.y})`);
    assert.equal(await shows(page, 'backfill-pause'), true);
    assert.equal(await shows(page, 'backfill-resume'), false);
    const running = await fillOf();
    assert.ok(running && running.remaining_estimate !== null && running.remaining_estimate < 150, `an estimate of what is left: ${JSON.stringify(running)}`);

    // Paused from the bar: the fill stops between pages and fetches no more.
    await page.getByTestId('backfill-pause').click();
    await until(async () => (await fillOf())?.state === 'paused', 'the fill paused', 30_000);
    await page.waitForSelector('[data-testid=backfill-progress][data-state=paused]', { state: 'visible', timeout: 10_000 });
    assert.equal(await shows(page, 'backfill-resume'), true);
    assert.equal(await shows(page, 'backfill-pause'), false);
    assert.equal(await page.getByTestId('day-incomplete').textContent(), '채우기 멈춤 · 불완전한 날');
    const paused = await fillOf();
    const calls = t8454Calls();
    assert.ok(paused && paused.fetched > 0 && paused.fetched < 150, `paused part way: ${JSON.stringify(paused)}`);
    // Nothing to wait on can show an absence: a running fill would ask for a page within one TR interval.
    // Live trades keep being recorded and reaching the page meanwhile, so the server is not stalled.
    const pausedAt = Date.now();
    while (Date.now() - pausedAt < 3 * TR_INTERVAL_MS) {
      const last = await lastSeqOnServer();
      happen(1);
      await until(async () => (await lastSeqOnServer()) > last, 'a live trade recorded while paused');
      await seen(page, await lastSeqOnServer());
    }
    const still = await fillOf();
    assert.deepEqual([still?.state, still?.fetched, still?.pages], [paused.state, paused.fetched, paused.pages], 'fetched stops growing');
    assert.equal(t8454Calls(), calls, 'no time-and-sales call while paused');
    assert.match((await page.getByTestId('backfill-numbers').textContent()) ?? '', new RegExp(`^${paused.fetched.toLocaleString('en-US')}건 받음`));

    // English, then resumed: the fill runs to its end; the bar and the label go.
    await page.click('button[name=lang]');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=day-incomplete]')?.textContent === 'Fill paused · incomplete day', undefined, { timeout: 10_000 });
    assert.match((await progress.textContent()) ?? '', /Fill paused.*fetched · about [\d,]+ left.*Resume/);
    await page.getByTestId('backfill-resume').click();
    await until(async () => (await fillOf())?.state === 'done', 'the fill resumed and done', 60_000);
    assert.ok(t8454Calls() > calls, 'resumed: pages asked for again');
    await gone(page);
    happen(2);
    await seen(page, n);

    const fresh = await session.browser.newPage();
    await fresh.page.goto(session.serve.url);
    await seen(fresh.page, n);
    assert.equal(await shows(fresh.page, 'backfill-progress'), false);
    assert.deepEqual(await bars(page), await bars(fresh.page), 'the page that watched the fill shows what a fresh load shows');
    assert.deepEqual(errors, []);
    assert.deepEqual(fresh.errors, []);
    await fresh.page.close();
    await page.close();
  });
});
