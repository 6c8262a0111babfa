// The price axis's last-price label is the day's last trade, exactly: a half-tick NXT print shows as
// 59,950 (not rounded to the 100-won tick), and it stays the last trade's price when the view is
// panned into history, where the visible bars closed far below it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import type { PaintedMarks } from '../../renderer/src/chart/state.ts';
import type { PageGlobals } from '../support/chromium.ts';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';

const CODE = '005930';
const DAY = '20250106';

/** 90 one-minute bars climbing from 55,000 to about 59,400, then a last print at the half tick 59,950 on NXT. */
function day(): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (let m = 0; m < 90; m++) {
    const t = `${String(9 + Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}00`;
    const price = String(55_000 + 50 * m - ((50 * m) % 100));
    out.push({ chetime: t, price, cvolume: '10', cgubun: '+', exchname: 'KRX' });
    out.push({ chetime: t, price, cvolume: '7', cgubun: '-', exchname: 'KRX' });
  }
  out.push({ chetime: '103000', price: '59950', cvolume: '3', cgubun: '+', exchname: 'NXT' });
  return out;
}

type Hook = { marks(): PaintedMarks };
const lastPrice = (page: Page): Promise<PaintedMarks['lastPrice']> =>
  page.evaluate(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks().lastPrice);

describe('last-price label', () => {
  let session: DemoSession;

  before(async () => {
    session = await startDemoSession([CODE], (store) => fs.writeFile(path.join(store, `raw_data_${CODE}_${DAY}.txt`), day().map(formatRecordLine).join('')));
  });

  after(async () => {
    await session?.close();
  });

  it('shows the last trade exactly, at the live edge and panned into history', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    // The first page saves its own prefs once started: ours go in after that.
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.loaded === true, undefined, { timeout: 20_000 });
    const prefs = JSON.stringify({ code: CODE, date: DAY, barKind: 'time', barSize: 60 });
    await page.evaluate(`localStorage.setItem('footprint.prefs.v1', ${JSON.stringify(prefs)})`);
    await page.reload();
    await page.waitForFunction(
      () => {
        const f = (globalThis as unknown as PageGlobals).__footprint;
        return !!f && f.loaded && f.paintedAt !== null && f.view()?.atLive === true;
      },
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForFunction(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks().lastPrice !== null, undefined, { timeout: 10_000 });
    assert.deepEqual(await lastPrice(page), { price: '59,950', offScale: false });
    assert.equal(await page.locator('.header .price').textContent(), '59,950');
    assert.equal(await page.getByTestId('late-start').isVisible(), false, 'recorded from the open');

    // Session start: the bars in view closed near 55,000; the label still names the last trade,
    // resting at the axis edge because that price is above the visible range.
    await page.keyboard.press('Home');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.view()?.atLive === false, undefined, { timeout: 10_000 });
    await page.waitForFunction(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks().lastPrice?.offScale === true, undefined, { timeout: 10_000 });
    assert.deepEqual(await lastPrice(page), { price: '59,950', offScale: true });

    // Back at the live edge it sits at its price again.
    await page.keyboard.press('End');
    await page.waitForFunction(() => (globalThis as unknown as { __footprint: Hook }).__footprint.marks().lastPrice?.offScale === false, undefined, { timeout: 10_000 });
    assert.deepEqual(await lastPrice(page), { price: '59,950', offScale: false });
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
