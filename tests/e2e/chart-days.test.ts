// Moving between recorded days: the date list offers the days recorded for the selected code (and
// today, live), picking an older day loads that day's chart and tape, ◀ ▶ step between days, the
// choice survives a reload, and switching code refreshes the list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { kstDate } from '../../electron/shared/kst.ts';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import { REAL_005930 } from '../support/paths.ts';
import { testOutputDir, type PageGlobals } from '../support/chromium.ts';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';

const CODE = '005930';
const OTHER = '000660';
const FULL_DAY = '20251125';
/** An older day: the first OLDER_TRADES trades of the real recording. */
const OLDER_DAY = '20251124';
const OLDER_TRADES = 120;

/** Waits until the page shows `code` on `date` with every trade of it folded in and painted. */
async function waitDay(page: Page, code: string, date: string): Promise<void> {
  await page.waitForFunction(
    ([c, d]) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.query?.code === c && f.query.date === d && f.paintedAt !== null;
    },
    [code, date] as const,
    { timeout: 15_000 },
  );
}

/** Waits until the date list offers exactly `expected`, in that order; a timeout fails the test. */
async function waitDateOptions(page: Page, expected: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const g = globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ value: string }> } };
      return [...g.document.querySelectorAll('select[name=date] option')].map((o) => o.value).join() === want;
    },
    expected.join(),
    { timeout: 10_000 },
  );
}

const newestTapeRow = async (page: Page): Promise<string> => (await page.textContent('.tape-viewport .tape-row:not([hidden])')) ?? '';

async function apiBars(base: string, date: string): Promise<{ bars: FootprintBar[]; lastSeq: number }> {
  const res = await fetch(`${base}/api/footprint?${new URLSearchParams({ code: CODE, date, bar: 'time:60', row: '1', venue: 'all' }).toString()}`);
  return { bars: (await res.json()) as FootprintBar[], lastSeq: Number(res.headers.get('X-Last-Seq')) };
}

describe('chart page moving between recorded days', () => {
  let session: DemoSession;
  const today = kstDate(Date.now());

  before(async () => {
    session = await startDemoSession([CODE, OTHER], async (store) => {
      const real = await fs.readFile(REAL_005930, 'utf8');
      await fs.writeFile(path.join(store, `raw_data_${CODE}_${FULL_DAY}.txt`), real);
      await fs.writeFile(path.join(store, `raw_data_${CODE}_${OLDER_DAY}.txt`), `${real.split('\n').slice(0, OLDER_TRADES).join('\n')}\n`);
    });
  });

  after(async () => {
    await session?.close();
  });

  it('lists the recorded days, opens an older one, steps with ◀ ▶ and keeps the choice across a reload', async () => {
    const { serve, browser } = session;
    const { page, errors } = await browser.newPage();
    await page.goto(serve.url);
    await waitDay(page, CODE, today);
    await waitDateOptions(page, [today, FULL_DAY, OLDER_DAY]);
    assert.match((await page.textContent(`select[name=date] option[value="${today}"]`)) ?? '', /실시간/);
    assert.equal(await page.isDisabled('button[name=nextDay]'), true, 'nothing is newer than the live day');

    await page.selectOption('select[name=date]', OLDER_DAY);
    await waitDay(page, CODE, OLDER_DAY);
    const older = await apiBars(serve.url, OLDER_DAY);
    assert.equal(older.lastSeq, OLDER_TRADES);
    assert.equal((await page.evaluate('window.__footprint.lastSeq')) as number, OLDER_TRADES);
    assert.deepEqual(await page.evaluate('window.__footprint.bars()'), older.bars);
    // The tape ends on the older day's last trade (09:26:27, 107 shares bought at 99,400).
    await page.waitForFunction(() => /09:26:27/.test((globalThis as unknown as PageGlobals).document.querySelector('.tape-viewport .tape-row:not([hidden])')?.textContent ?? ''));
    assert.match(await newestTapeRow(page), /99,400.*매수.*107/);
    assert.equal(await page.isDisabled('button[name=prevDay]'), true, 'nothing is older than the oldest recorded day');

    await page.click('button[name=nextDay]');
    await waitDay(page, CODE, FULL_DAY);
    assert.equal(await page.inputValue('select[name=date]'), FULL_DAY);
    await page.waitForFunction(() => /09:26:38/.test((globalThis as unknown as PageGlobals).document.querySelector('.tape-viewport .tape-row:not([hidden])')?.textContent ?? ''));
    assert.deepEqual(await page.evaluate('window.__footprint.bars()'), (await apiBars(serve.url, FULL_DAY)).bars);

    await page.click('button[name=nextDay]');
    await waitDay(page, CODE, today);
    await page.click('button[name=prevDay]');
    await waitDay(page, CODE, FULL_DAY);

    await page.reload();
    await waitDay(page, CODE, FULL_DAY);
    await waitDateOptions(page, [today, FULL_DAY, OLDER_DAY]);
    assert.equal(await page.inputValue('select[name=date]'), FULL_DAY);

    await page.screenshot({ path: path.join(await testOutputDir(), 'chart-days.png') });
    assert.deepEqual([...new Set(errors)], []);
    await page.close();
  });

  it('refreshes the list when the code changes', async () => {
    const { serve, browser } = session;
    const { page, errors } = await browser.newPage();
    await page.goto(serve.url);
    // Whichever day the page opens on (a saved choice or today), the live day is one pick away.
    await page.selectOption('select[name=date]', today);
    await waitDay(page, CODE, today);
    await waitDateOptions(page, [today, FULL_DAY, OLDER_DAY]);

    // Nothing was recorded for the other code before today: only the live day is offered.
    await page.selectOption('select[name=code]', OTHER);
    await waitDay(page, OTHER, today);
    await waitDateOptions(page, [today]);
    assert.equal(await page.isDisabled('button[name=prevDay]'), true);

    await page.selectOption('select[name=code]', CODE);
    await waitDateOptions(page, [today, FULL_DAY, OLDER_DAY]);
    assert.deepEqual([...new Set(errors)], []);
    await page.close();
  });
});
