// A page left open across a fill: the stretch the collector missed is fetched from time-and-sales and
// merged into the day file; the page reloads the day on the fill frame and ends showing the same bars
// as a page opened afresh.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { PageGlobals } from '../support/chromium.ts';
import { startPageSession, type DemoSession } from '../support/demo-session.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, until } from '../support/serve-process.ts';

const CODE = '005930';

describe('a page open across a fill', () => {
  let emu: LsEmulator;
  let session: DemoSession;
  let n = 0;
  const happen = (count: number): void => {
    for (let k = 0; k < count; k++, n++) {
      const s = 9 * 3600 + n * 3;
      const chetime = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join('');
      const buy = n % 3 !== 1;
      emu.sendTrade(CODE, { chetime, price: buy ? 99_400 : 99_300, cvolume: 1 + (n % 7), cgubun: buy ? '+' : '-' }, { exchname: n % 5 === 4 ? 'NXT' : 'KRX' });
    }
  };
  const snapshot = (page: Page): Promise<{ lastSeq: number; loads: number; bars: unknown[] }> =>
    page.evaluate(() => {
      const f = (globalThis as unknown as PageGlobals).__footprint!;
      return { lastSeq: f.lastSeq, loads: f.loads, bars: f.bars() };
    });

  before(async () => {
    emu = await startLsEmulator({ timeSales: { pageSize: 40 } });
    session = await startPageSession([CODE], (setup) => emulatorEnv(emu, setup));
  });

  after(async () => {
    await session?.close();
    await emu?.close();
  });

  it('ends showing the same footprint as a fresh load', async () => {
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    happen(30);
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    await page.waitForFunction((k) => (globalThis as unknown as PageGlobals).__footprint?.lastSeq === k, n, { timeout: 20_000 });
    const loadsBefore = (await snapshot(page)).loads;

    // A dropped stretch: the market trades on while the connection is down; the fill brings it back.
    emu.hold(true);
    emu.dropAll();
    happen(60);
    emu.hold(false);
    await emu.waitFor(() => emu.liveConnections() > 0 && emu.subscribed().has(CODE), 60_000, 'resubscribed');
    happen(5);
    const health = async (): Promise<string | undefined> =>
      ((await (await fetch(`${session.serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as { backfill: Record<string, { state: string }> }).backfill[CODE]?.state;
    await until(async () => (await health()) === 'done', 'the fill done', 60_000);
    // The open page reloaded the day and holds every print, filled ones included.
    await page.waitForFunction(([k, l]) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return f?.lastSeq === k && f.loads > l;
    }, [n, loadsBefore] as const, { timeout: 20_000 });
    happen(2);
    await page.waitForFunction((k) => (globalThis as unknown as PageGlobals).__footprint?.lastSeq === k, n, { timeout: 20_000 });

    const fresh = await session.browser.newPage();
    await fresh.page.goto(session.serve.url);
    await fresh.page.waitForFunction((k) => (globalThis as unknown as PageGlobals).__footprint?.lastSeq === k, n, { timeout: 20_000 });
    assert.deepEqual((await snapshot(page)).bars, (await snapshot(fresh.page)).bars);
    assert.deepEqual(errors, []);
    assert.deepEqual(fresh.errors, []);
    await fresh.page.close();
    await page.close();
  });
});
