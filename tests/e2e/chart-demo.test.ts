// The chart on the demo feed (what a new user without LS keys sees): the demo label is
// unmistakable, and the page's bars keep matching /api/footprint while trades stream in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import type { PageGlobals } from '../support/chromium.ts';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';

const CODE = '000660';

interface PageState {
  lastSeq: number;
  bars: FootprintBar[];
}

const pageState = async (page: Page): Promise<PageState> =>
  (await page.evaluate('({ lastSeq: window.__footprint.lastSeq, bars: window.__footprint.bars() })')) as PageState;

describe('chart page on the demo feed', () => {
  let session: DemoSession;

  before(async () => {
    session = await startDemoSession([CODE]);
  });

  after(async () => {
    await session?.close();
  });

  /** A page on the chart with no choice saved by an earlier test (they share one browser profile). */
  async function freshPage(): Promise<{ page: Page; errors: string[] }> {
    const opened = await session.browser.newPage();
    await opened.page.goto(session.serve.url);
    await opened.page.evaluate('localStorage.clear()');
    await opened.page.reload();
    return opened;
  }

  it('labels the demo feed and stays equal to /api/footprint while trades stream', async () => {
    const { serve } = session;
    const { page, errors } = await freshPage();
    await page.waitForFunction(() => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.lastSeq > 20;
    }, undefined, { timeout: 20_000 });
    assert.match((await page.textContent('.feed-badge')) ?? '', /데모/);
    assert.equal(await page.isVisible('.demo-banner'), true);
    assert.match((await page.textContent('.demo-banner')) ?? '', /가상 체결/);

    // Trades keep arriving, so compare at a moment when page and server hold the same last seq.
    const q = new URLSearchParams({ code: CODE, bar: 'time:60', row: '1', venue: 'all' });
    let compared = 0;
    for (let attempt = 0; attempt < 200 && compared < 3; attempt++) {
      const res = await fetch(`${serve.url}/api/footprint?${q.toString()}`, { headers: { Accept: 'application/json' } });
      const apiSeq = Number(res.headers.get('X-Last-Seq'));
      const api = (await res.json()) as FootprintBar[];
      await page.waitForFunction((s) => ((globalThis as unknown as PageGlobals).__footprint?.lastSeq ?? 0) >= s, apiSeq, { timeout: 10_000 });
      const state = await pageState(page);
      if (state.lastSeq !== apiSeq) continue;
      assert.deepEqual(state.bars, api);
      compared++;
      await page.waitForTimeout(300);
    }
    assert.equal(compared, 3, 'page and server never held the same last seq');

    await page.click('button[name=lang]');
    assert.match((await page.textContent('.feed-badge')) ?? '', /DEMO/);
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });

  it('number boxes step on round values and never show a value that is not in effect', async () => {
    const { page, errors } = await freshPage();
    await page.waitForSelector('input[name=largeTrade]');
    // The big-print box is per code: the trader's number is kept under the code shown.
    const stored = async (): Promise<{ imbalanceRatio: number; largeTrade: number | undefined }> => {
      const p = JSON.parse((await page.evaluate(`localStorage.getItem('footprint.prefs.v1')`)) as string) as { imbalanceRatio: number; bigPrints: Record<string, number> };
      return { imbalanceRatio: p.imbalanceRatio, largeTrade: p.bigPrints[CODE] };
    };
    // It opens on the day's default; a typed number replaces it.
    await page.waitForFunction(
      () => (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('input[name=largeTrade]')?.value !== '',
      undefined,
      { timeout: 20_000 },
    );
    await page.fill('input[name=largeTrade]', '1000');
    await page.keyboard.press('Tab');

    // The spin buttons move 1,000 → 1,100 and 3 → 3.5, not to 1,001 or 3.1.
    await page.focus('input[name=largeTrade]');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.inputValue('input[name=largeTrade]'), '1100');
    await page.focus('input[name=imbalanceRatio]');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.inputValue('input[name=imbalanceRatio]'), '3.5');
    await page.keyboard.press('Tab');
    assert.deepEqual(await stored().then((p) => [p.imbalanceRatio, p.largeTrade]), [3.5, 1100]);

    // Refused values go back to the one in effect instead of staying in the box.
    for (const [name, bad, kept] of [
      ['largeTrade', '0', '1100'],
      ['imbalanceRatio', '1', '3.5'],
      ['imbalanceRatio', '500', '3.5'],
    ] as const) {
      await page.fill(`input[name=${name}]`, bad);
      await page.keyboard.press('Tab');
      assert.equal(await page.inputValue(`input[name=${name}]`), kept, `${name}=${bad}`);
    }
    assert.deepEqual(await stored().then((p) => [p.imbalanceRatio, p.largeTrade]), [3.5, 1100]);
    // A smaller threshold can still be typed.
    await page.fill('input[name=largeTrade]', '50');
    await page.keyboard.press('Tab');
    assert.equal((await stored()).largeTrade, 50);
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });

  it('the volume profile shows the visible bars, the whole day, or nothing, and the choice persists', async () => {
    const { page, errors } = await freshPage();
    const rows = (): Promise<number> => page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint!.profileRows());
    const drawn = (min: number): Promise<unknown> =>
      page.waitForFunction((n) => ((globalThis as unknown as PageGlobals).__footprint?.profileRows() ?? -1) >= n, min, { timeout: 20_000 });
    await drawn(1);
    const visible = await rows();
    const labels = (): Promise<Array<string | null>> => page.$$eval('select[name=profile] option', (os) => os.map((o) => o.textContent));
    assert.deepEqual(await labels(), ['보이는 구간', '당일 전체', '끄기']);
    await page.click('button[name=lang]');
    assert.deepEqual(await labels(), ['Visible bars', 'Whole day', 'Off']);
    await page.click('button[name=lang]');

    // The whole day holds every visible row.
    await page.selectOption('select[name=profile]', 'session');
    await drawn(visible);
    await page.selectOption('select[name=profile]', 'off');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.profileRows() === 0);
    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.paintedAt != null, undefined, { timeout: 20_000 });
    assert.equal(await page.inputValue('select[name=profile]'), 'off', 'the choice survives a reload');
    assert.equal(await rows(), 0);
    await page.selectOption('select[name=profile]', 'visible');
    await drawn(1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
