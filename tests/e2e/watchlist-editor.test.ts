// The watchlist editor end to end: the real serve process (demo feed), headless Chromium on the built
// renderer. Every change must land in watchlist.json and GET /api/watchlist, reach the chart's code
// list, and bad input must change nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { hangulLeft, launchChromium, testOutputDir, type Chromium, type PageGlobals } from '../support/chromium.ts';
import { startServe, tempSetup, until, type ServeProcess, demoEnv } from '../support/serve-process.ts';

interface Node {
  textContent: string | null;
  getAttribute(n: string): string | null;
}
type Globals = { document: { querySelector(s: string): Node | null; querySelectorAll(s: string): ArrayLike<Node> } };

describe('watchlist editor against the real server', () => {
  let serve: ServeProcess;
  let browser: Chromium;
  let page: Page;
  let errors: string[];
  let setup: Awaited<ReturnType<typeof tempSetup>>;

  const fileCodes = async (): Promise<string[]> => (JSON.parse(await fs.readFile(setup.watchlistPath, 'utf8')) as { codes: string[] }).codes;
  const apiCodes = async (): Promise<string[]> => ((await (await fetch(`${serve.url}/api/watchlist`)).json()) as { watchlist: string[] }).watchlist;
  const rowCodes = (): Promise<string[]> => page.locator('.wl-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code') ?? ''));
  const chartCodes = (): Promise<string[]> => page.locator('select[name="code"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));

  async function waitRows(codes: string[]): Promise<void> {
    await page.waitForFunction(
      (want) => Array.from((globalThis as unknown as Globals).document.querySelectorAll('.wl-table tbody tr')).map((tr) => tr.getAttribute('data-code')).join() === want,
      codes.join(),
      { timeout: 10_000 },
    );
  }

  async function submit(text: string): Promise<void> {
    await page.fill('.wl-input', text);
    await page.press('.wl-input', 'Enter');
  }

  async function waitMessage(re: RegExp): Promise<void> {
    await page.waitForFunction(
      (src) => new RegExp(src).test((globalThis as unknown as Globals).document.querySelectorAll('.wl-message')[0]?.textContent ?? ''),
      re.source,
      { timeout: 10_000 },
    );
  }

  /** Waits until the page's own fetches settle so "nothing changed" is checked after the fact. */
  const settled = async (): Promise<void> => {
    await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('.wl-busy') === null);
  };

  before(async () => {
    setup = await tempSetup(['005930', '000660']);
    serve = await startServe(demoEnv(setup));
    browser = await launchChromium();
    ({ page, errors } = await browser.newPage());
    await page.goto(serve.url);
    await page.click('nav.tabs button[data-tab="watchlist"]');
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await setup?.cleanup();
  });

  it('lists the codes with names and live last price and trades today', async () => {
    await waitRows(['005930', '000660']);
    await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="005930"] .wl-name')?.textContent === '삼성전자');
    assert.equal(await page.textContent('tr[data-code="000660"] .wl-name'), 'SK하이닉스');
    // The demo feed trades continuously: price and count fill in from the live stream.
    await page.waitForFunction(
      () => {
        const d = (globalThis as unknown as Globals).document;
        const trades = Number((d.querySelector('tr[data-code="005930"] .wl-trades')?.textContent ?? '0').replace(/,/g, ''));
        return trades > 0 && /\d/.test(d.querySelector('tr[data-code="005930"] .wl-price')?.textContent ?? '');
      },
      undefined,
      { timeout: 15_000 },
    );
    assert.match((await page.textContent('tr[data-code="005930"] .wl-price')) ?? '', /^\d{1,3}(,\d{3})+$/);
    // The editor follows the page's one /ws connection; it does not open a second one.
    const health = (await (await fetch(`${serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as { connected_clients: number };
    assert.equal(health.connected_clients, 1);
  });

  it('adds a code: saved to watchlist.json, the API and the chart’s code list', async () => {
    await submit('035720');
    await waitMessage(/추가했습니다: 카카오 \(035720\)/);
    await waitRows(['005930', '000660', '035720']);
    assert.deepEqual(await fileCodes(), ['005930', '000660', '035720']);
    assert.deepEqual(await apiCodes(), ['005930', '000660', '035720']);
    assert.ok((await chartCodes()).includes('035720'), 'the chart offers the new code at once');
  });

  it('refuses duplicates, invalid and unknown codes with clear messages and changes nothing', async () => {
    for (const [input, re] of [
      ['005930', /이미 관심종목에 있습니다: 삼성전자 \(005930\)/],
      ['12345', /"12345"은\(는\) 종목코드가 아닙니다/],
      ['99999A', /종목코드 99999A에 해당하는 종목이 없습니다/],
    ] as const) {
      await submit(input);
      await waitMessage(re);
      await settled();
      assert.deepEqual(await fileCodes(), ['005930', '000660', '035720'], input);
      assert.deepEqual(await rowCodes(), ['005930', '000660', '035720'], input);
    }
    // Lower-case letters are read as the capital-letter code LS uses.
    await submit('0088k0');
    await waitMessage(/종목코드 0088K0에 해당하는 종목이 없습니다/);
  });

  it('follows the language toggle, shown message included, and back', async () => {
    await page.click('button[name=lang]');
    // The message on screen is re-worded in place, not left in the other language.
    await waitMessage(/^No stock has the code 0088K0\.$/);
    assert.equal(await page.textContent('.wl-title'), 'Watchlist');
    assert.equal(await page.textContent('nav.tabs button[data-tab="watchlist"]'), 'Watchlist');
    assert.equal(await page.textContent('.wl-add-btn'), 'Add');
    assert.equal(await page.getAttribute('.wl-input', 'placeholder'), 'Code or name');
    assert.deepEqual(await page.locator('.wl-table th').allTextContents(), ['', '#', 'Code', 'Name', 'Market', 'Last', 'Trades today', 'Status', '']);
    assert.equal(await page.textContent('tr[data-code="005930"] .wl-remove'), 'Remove');
    assert.equal(await page.getAttribute('tr[data-code="005930"] .wl-up', 'title'), 'Move 삼성전자 (005930) up');
    await submit('12345');
    await waitMessage(/^"12345" is not a stock code\./);
    // Korean left: the stock names and the example of a name to search for.
    const names = await page.locator('.wl-name').allTextContents();
    assert.deepEqual(await hangulLeft(page, '.wl', [...names, '삼성']), []);
    await page.screenshot({ path: path.join(await testOutputDir(), 'watchlist-editor-en.png') });

    await page.click('button[name=lang]');
    await waitMessage(/"12345"은\(는\) 종목코드가 아닙니다/);
    assert.equal(await page.textContent('.wl-title'), '관심종목');
    assert.equal(await page.textContent('.wl-add-btn'), '추가');
    assert.equal(await page.textContent('tr[data-code="005930"] .wl-remove'), '삭제');
    assert.equal(await page.textContent('.wl-table th:nth-child(7)'), '오늘 체결');
  });

  it('reorders by drag and by the arrow buttons', async () => {
    await page.dragAndDrop('tr[data-code="035720"] .wl-grip-cell', 'tr[data-code="005930"] .wl-grip-cell');
    await waitRows(['035720', '005930', '000660']);
    await waitMessage(/순서를 저장했습니다/);
    assert.deepEqual(await fileCodes(), ['035720', '005930', '000660']);
    await page.click('tr[data-code="000660"] .wl-up');
    await waitRows(['035720', '000660', '005930']);
    assert.deepEqual(await apiCodes(), ['035720', '000660', '005930']);
    assert.deepEqual(await chartCodes(), ['035720', '000660', '005930']);
  });

  it('removes a code and recording of it stops', async () => {
    await page.click('tr[data-code="000660"] .wl-remove');
    await waitMessage(/삭제했습니다: SK하이닉스 \(000660\)/);
    await waitRows(['035720', '005930']);
    assert.deepEqual(await fileCodes(), ['035720', '005930']);
    const health = (await (await fetch(serve.url, { headers: { Accept: 'application/json' } })).json()) as { watchlist: string[] };
    assert.deepEqual(health.watchlist, ['035720', '005930']);
  });

  it('finds stocks by part of the Korean name and adds the chosen one', async () => {
    await page.fill('.wl-input', '삼성');
    await page.waitForSelector('.wl-results .wl-result[data-code="028260"]', { timeout: 10_000 });
    const found = await page.locator('.wl-results .wl-result').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-code')));
    assert.ok(found.includes('005930') && found.includes('207940'), `삼성 matches ${found.join(',')}`);
    assert.equal(await page.locator('.wl-result[data-code="005930"]').isDisabled(), true, 'a listed code is marked, not offered again');
    await page.click('.wl-result[data-code="028260"]');
    await waitMessage(/추가했습니다: 삼성물산 \(028260\)/);
    await waitRows(['035720', '005930', '028260']);
    assert.deepEqual(await fileCodes(), ['035720', '005930', '028260']);
  });

  it('moves the live chart off a code removed from the watchlist', async () => {
    const chartCode = (): Promise<string | undefined> => page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint?.query?.code);
    await until(async () => (await chartCode()) === '005930', 'the chart to open on the first code it was given');
    await page.click('tr[data-code="005930"] .wl-remove');
    await waitMessage(/삭제했습니다: 삼성전자 \(005930\)/);
    // No longer recorded, so a chart left on it would freeze: it moves to the first code left.
    await until(async () => (await chartCode()) === '035720', 'the chart to move to 035720');
    assert.deepEqual(await chartCodes(), ['035720', '028260']);
  });

  it('empties the list: the live chart shows the empty-list note, then opens the first code added', async () => {
    const feed = (): Promise<{ code: string | null; bars: number }> =>
      page.evaluate(() => {
        const f = (globalThis as unknown as PageGlobals).__footprint!;
        return { code: f.query?.code ?? null, bars: f.bars().length };
      });
    for (const code of await apiCodes()) {
      await page.click(`tr[data-code="${code}"] .wl-remove`);
      await waitMessage(/삭제했습니다/);
      await settled();
    }
    await until(async () => (await feed()).code === null, 'the chart to stop following a code that is no longer recorded');
    assert.deepEqual(await feed(), { code: null, bars: 0 });
    assert.match((await page.textContent('.chart-message')) ?? '', /관심종목이 비어 있습니다/);
    // Also after a reload: the page must not reopen the last code it showed.
    await page.reload();
    await page.waitForFunction(() => /관심종목이 비어 있습니다/.test((globalThis as unknown as Globals).document.querySelector('.chart-message')?.textContent ?? ''));
    assert.deepEqual(await feed(), { code: null, bars: 0 });
    await page.click('nav.tabs button[data-tab="watchlist"]');
    await submit('000660');
    await waitMessage(/추가했습니다/);
    await until(async () => (await feed()).code === '000660', 'the first code added to opens on the chart');
    await until(async () => (await feed()).bars > 0, 'its bars');
  });

  it('shows a hand edit of watchlist.json and throws no page errors', async () => {
    await fs.writeFile(setup.watchlistPath, `${JSON.stringify({ description: 'test watchlist', codes: ['035720'] }, null, 2)}\n`);
    // The server follows the file; a reloaded editor shows the list as saved.
    await until(async () => (await apiCodes()).join() === '035720', 'the server to pick up the hand edit');
    await page.reload();
    await page.click('nav.tabs button[data-tab="watchlist"]');
    await waitRows(['035720']);
    await page.screenshot({ path: path.join(await testOutputDir(), 'watchlist-editor.png') });
    // Console noise (e.g. the 404 of an unknown code's name lookup) is expected; exceptions are not.
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
  });
});
