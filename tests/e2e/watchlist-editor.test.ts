// The watchlist editor end to end: the real serve process (demo feed), headless Chromium on the built
// renderer. Every change must land in watchlist.json and GET /api/watchlist, reach the chart's code
// list, and bad input must change nothing. Each test starts its own server, data folder, watchlist
// and browser profile from the list it needs, and waits on conditions only.
import { describe, it } from 'node:test';
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

/** Deadline of every wait: generous, so a loaded machine only makes a test slower, never red. */
const WAIT_MS = 30_000;

interface Session {
  serve: ServeProcess;
  page: Page;
  fileCodes(): Promise<string[]>;
  apiCodes(): Promise<string[]>;
  rowCodes(): Promise<string[]>;
  chartCodes(): Promise<string[]>;
  waitRows(codes: string[]): Promise<void>;
  submit(text: string): Promise<void>;
  waitMessage(re: RegExp): Promise<void>;
  /** Waits until the page's own change settles so "nothing changed" is checked after the fact. */
  settled(): Promise<void>;
  writeWatchlist(codes: string[]): Promise<void>;
  /** Console noise (e.g. the 404 of an unknown code's name lookup) is expected; exceptions are not. */
  pageErrors(): string[];
}

/** A server whose watchlist holds `codes`, and a fresh browser on its watchlist tab; `test` runs, then all is closed. */
async function withEditor(codes: string[], test: (s: Session) => Promise<void>): Promise<void> {
  const setup = await tempSetup(codes);
  let serve: ServeProcess | undefined;
  let browser: Chromium | undefined;
  try {
    serve = await startServe(demoEnv(setup));
    browser = await launchChromium();
    const { page, errors } = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const url = serve.url;
    const s: Session = {
      serve,
      page,
      fileCodes: async () => (JSON.parse(await fs.readFile(setup.watchlistPath, 'utf8')) as { codes: string[] }).codes,
      apiCodes: async () => ((await (await fetch(`${url}/api/watchlist`)).json()) as { watchlist: string[] }).watchlist,
      rowCodes: () => page.locator('.wl-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code') ?? '')),
      chartCodes: () => page.locator('select[name="code"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? '')),
      async waitRows(want) {
        await page.waitForFunction(
          (w) => Array.from((globalThis as unknown as Globals).document.querySelectorAll('.wl-table tbody tr')).map((tr) => tr.getAttribute('data-code')).join() === w,
          want.join(),
        );
      },
      async submit(text) {
        await page.fill('.wl-input', text);
        await page.press('.wl-input', 'Enter');
      },
      async waitMessage(re) {
        await page
          .waitForFunction(
            (src) => new RegExp(src).test((globalThis as unknown as Globals).document.querySelectorAll('.wl-message')[0]?.textContent ?? ''),
            re.source,
          )
          .catch(async (err: unknown) => {
            // What the page showed instead says which step went wrong (a failure message, a change still busy).
            const shown = await page.evaluate(() => {
              const d = (globalThis as unknown as Globals).document;
              return { message: d.querySelector('.wl-message')?.textContent ?? null, busy: d.querySelector('.wl-busy') !== null };
            });
            throw new Error(`no message matching ${re}: ${JSON.stringify(shown)}; page errors ${JSON.stringify(errors)}`, { cause: err });
          });
      },
      async settled() {
        await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('.wl-busy') === null);
      },
      writeWatchlist: (list) => fs.writeFile(setup.watchlistPath, `${JSON.stringify({ description: 'test watchlist', codes: list }, null, 2)}\n`),
      pageErrors: () => errors.filter((e) => e.startsWith('pageerror')),
    };
    await page.goto(url);
    await page.click('nav.tabs button[data-tab="watchlist"]');
    await s.waitRows(codes);
    await test(s);
    assert.deepEqual(s.pageErrors(), []);
  } finally {
    await browser?.close();
    await serve?.stop();
    await setup.cleanup();
  }
}

describe('watchlist editor against the real server', () => {
  it('lists the codes with names and live last price and trades today', () =>
    withEditor(['005930', '000660'], async ({ page, serve }) => {
      await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="005930"] .wl-name')?.textContent === '삼성전자');
      assert.equal(await page.textContent('tr[data-code="000660"] .wl-name'), 'SK하이닉스');
      // The demo feed trades continuously: price and count fill in from the live stream.
      await page.waitForFunction(() => {
        const d = (globalThis as unknown as Globals).document;
        const trades = Number((d.querySelector('tr[data-code="005930"] .wl-trades')?.textContent ?? '0').replace(/,/g, ''));
        return trades > 0 && /\d/.test(d.querySelector('tr[data-code="005930"] .wl-price')?.textContent ?? '');
      });
      assert.match((await page.textContent('tr[data-code="005930"] .wl-price')) ?? '', /^\d{1,3}(,\d{3})+$/);
      // The editor follows the page's one /ws connection; it does not open a second one.
      const health = (await (await fetch(`${serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as { connected_clients: number };
      assert.equal(health.connected_clients, 1);
    }));

  it('adds a code: saved to watchlist.json, the API and the chart’s code list', () =>
    withEditor(['005930', '000660'], async (s) => {
      await s.submit('035720');
      await s.waitMessage(/추가했습니다: 카카오 \(035720\)/);
      await s.waitRows(['005930', '000660', '035720']);
      assert.deepEqual(await s.fileCodes(), ['005930', '000660', '035720']);
      assert.deepEqual(await s.apiCodes(), ['005930', '000660', '035720']);
      await until(async () => (await s.chartCodes()).includes('035720'), 'the chart to offer the new code', WAIT_MS);
    }));

  it('refuses duplicates, invalid and unknown codes with clear messages and changes nothing', () =>
    withEditor(['005930', '000660', '035720'], async (s) => {
      await s.page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="005930"] .wl-name')?.textContent === '삼성전자');
      for (const [input, re] of [
        ['005930', /이미 관심종목에 있습니다: 삼성전자 \(005930\)/],
        ['12345', /"12345"은\(는\) 종목코드가 아닙니다/],
        ['99999A', /종목코드 99999A에 해당하는 종목이 없습니다/],
      ] as const) {
        await s.submit(input);
        await s.waitMessage(re);
        await s.settled();
        assert.deepEqual(await s.fileCodes(), ['005930', '000660', '035720'], input);
        assert.deepEqual(await s.rowCodes(), ['005930', '000660', '035720'], input);
      }
      // Lower-case letters are read as the capital-letter code LS uses.
      await s.submit('0088k0');
      await s.waitMessage(/종목코드 0088K0에 해당하는 종목이 없습니다/);
    }));

  it('follows the language toggle, shown message included, and back', () =>
    withEditor(['005930', '000660', '035720'], async (s) => {
      const { page } = s;
      await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="005930"] .wl-name')?.textContent === '삼성전자');
      await s.submit('0088k0');
      await s.waitMessage(/종목코드 0088K0에 해당하는 종목이 없습니다/);
      await page.click('button[name=lang]');
      // The message on screen is re-worded in place, not left in the other language.
      await s.waitMessage(/^No stock has the code 0088K0\.$/);
      assert.equal(await page.textContent('.wl-title'), 'Watchlist');
      assert.equal(await page.textContent('nav.tabs button[data-tab="watchlist"]'), 'Watchlist');
      assert.equal(await page.textContent('.wl-add-btn'), 'Add');
      assert.equal(await page.getAttribute('.wl-input', 'placeholder'), 'Search by code (005930) or name (삼성) — ↑↓ to pick, Enter to add');
      assert.deepEqual(await page.locator('.wl-table th').allTextContents(), ['', '#', 'Code', 'Name', 'Market', 'Last', 'Trades today', 'Status', '']);
      assert.equal(await page.textContent('tr[data-code="005930"] .wl-remove'), 'Remove');
      assert.equal(await page.getAttribute('tr[data-code="005930"] .wl-up', 'title'), 'Move 삼성전자 (005930) up');
      await s.submit('12345');
      await s.waitMessage(/^"12345" is not a stock code\./);
      // Korean left: the stock names and the example of a name to search for.
      const names = await page.locator('.wl-name').allTextContents();
      assert.deepEqual(await hangulLeft(page, '.wl', [...names, '삼성']), []);
      await page.screenshot({ path: path.join(await testOutputDir(), 'watchlist-editor-en.png') });

      await page.click('button[name=lang]');
      await s.waitMessage(/"12345"은\(는\) 종목코드가 아닙니다/);
      assert.equal(await page.textContent('.wl-title'), '관심종목');
      assert.equal(await page.textContent('.wl-add-btn'), '추가');
      assert.equal(await page.textContent('tr[data-code="005930"] .wl-remove'), '삭제');
      assert.equal(await page.textContent('.wl-table th:nth-child(7)'), '오늘 체결');
    }));

  it('reorders by drag and by the arrow buttons', () =>
    withEditor(['005930', '000660', '035720'], async (s) => {
      await s.page.dragAndDrop('tr[data-code="035720"] .wl-grip-cell', 'tr[data-code="005930"] .wl-grip-cell');
      await s.waitRows(['035720', '005930', '000660']);
      await s.waitMessage(/순서를 저장했습니다/);
      assert.deepEqual(await s.fileCodes(), ['035720', '005930', '000660']);
      await s.settled();
      await s.page.click('tr[data-code="000660"] .wl-up');
      await s.waitRows(['035720', '000660', '005930']);
      assert.deepEqual(await s.apiCodes(), ['035720', '000660', '005930']);
      await until(async () => (await s.chartCodes()).join() === '035720,000660,005930', 'the chart’s code list in the new order', WAIT_MS);
    }));

  it('a live update during a drag does not cancel the drag', () =>
    withEditor(['005930', '000660', '035720'], async (s) => {
      const { page, serve } = s;
      await page.hover('tr[data-code="035720"] .wl-grip-cell');
      await page.mouse.down();
      const target = await page.locator('tr[data-code="005930"] .wl-grip-cell').boundingBox();
      assert.ok(target);
      await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 4 });
      const dragged = await page.waitForSelector('tr.wl-dragging[data-code="035720"]');
      // Meanwhile the list changes elsewhere: the status frame makes the editor fetch and take the new list.
      const taken = page.waitForResponse((r) => r.url().includes('/api/stocks/info') && r.url().includes('028260'));
      const added = await fetch(`${serve.url}/api/subscribe/028260`, { method: 'POST' });
      assert.equal(added.status, 200);
      await taken;
      assert.equal(await dragged.evaluate((tr) => tr.isConnected), true, 'the dragged row stays in place while the drag lasts');
      await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2 + 1);
      await page.mouse.up();
      // The drop lands in the list as saved now, which the table shows once the drag is over.
      await s.waitRows(['035720', '005930', '000660', '028260']);
      await s.waitMessage(/순서를 저장했습니다/);
      assert.deepEqual(await s.fileCodes(), ['035720', '005930', '000660', '028260']);
    }));

  it('removes a code and recording of it stops', () =>
    withEditor(['035720', '000660', '005930'], async (s) => {
      await s.page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="000660"] .wl-name')?.textContent === 'SK하이닉스');
      await s.page.click('tr[data-code="000660"] .wl-remove');
      await s.waitMessage(/삭제했습니다: SK하이닉스 \(000660\)/);
      await s.waitRows(['035720', '005930']);
      assert.deepEqual(await s.fileCodes(), ['035720', '005930']);
      const health = (await (await fetch(s.serve.url, { headers: { Accept: 'application/json' } })).json()) as { watchlist: string[] };
      assert.deepEqual(health.watchlist, ['035720', '005930']);
    }));

  it('undoes a removal: the code comes back at its place, recorded again', () =>
    withEditor(['035720', '000660', '005930'], async (s) => {
      const { page } = s;
      await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="000660"] .wl-name')?.textContent === 'SK하이닉스');
      const undo = page.getByTestId('wl-undo');
      assert.equal(await undo.isVisible(), false);
      await page.click('tr[data-code="000660"] .wl-remove');
      await s.waitMessage(/삭제했습니다: SK하이닉스 \(000660\)/);
      await undo.waitFor({ state: 'visible' });
      assert.equal(await undo.textContent(), '되돌리기');
      assert.deepEqual(await s.fileCodes(), ['035720', '005930']);
      await undo.click();
      await s.waitMessage(/되돌렸습니다: SK하이닉스 \(000660\)/);
      await s.waitRows(['035720', '000660', '005930']);
      assert.equal(await undo.isVisible(), false);
      assert.deepEqual(await s.fileCodes(), ['035720', '000660', '005930']);
      assert.deepEqual(await s.apiCodes(), ['035720', '000660', '005930']);
      assert.deepEqual(s.pageErrors(), []);
    }));

  it('finds stocks by part of the Korean name and adds the chosen one', () =>
    withEditor(['035720', '005930'], async (s) => {
      const { page } = s;
      await page.fill('.wl-input', '삼성');
      await page.waitForSelector('.wl-results .wl-result[data-code="028260"]');
      const found = await page.locator('.wl-results .wl-result').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-code')));
      assert.ok(found.includes('005930') && found.includes('207940'), `삼성 matches ${found.join(',')}`);
      assert.equal(await page.locator('.wl-result[data-code="005930"]').isDisabled(), true, 'a listed code is marked, not offered again');
      await page.click('.wl-result[data-code="028260"]');
      await s.waitMessage(/추가했습니다: 삼성물산 \(028260\)/);
      await s.waitRows(['035720', '005930', '028260']);
      assert.deepEqual(await s.fileCodes(), ['035720', '005930', '028260']);
    }));

  it('the search box by keyboard: ↑/↓ highlight a result, Enter adds it, Escape closes; no match is said', () =>
    withEditor(['035720', '005930'], async (s) => {
      const { page } = s;
      assert.match((await page.getAttribute('.wl-input', 'placeholder')) ?? '', /^종목코드\(005930\) 또는 종목명\(삼성\)/);
      await page.fill('.wl-input', '삼성');
      await page.waitForSelector('.wl-results .wl-result[data-code="028260"]');
      const offered = await page.locator('.wl-result:not([disabled])').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-code') ?? ''));
      assert.ok(offered.length >= 2 && !offered.includes('005930'), `offered: ${offered.join()}`);
      const active = (): Promise<string[]> => page.locator('.wl-result.active').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-code') ?? ''));
      assert.deepEqual(await active(), []);
      // The listed 005930 is passed over; the highlight stops at either end.
      await page.press('.wl-input', 'ArrowDown');
      assert.deepEqual(await active(), [offered[0]]);
      for (let i = 0; i < offered.length; i++) await page.press('.wl-input', 'ArrowDown');
      assert.deepEqual(await active(), [offered[offered.length - 1]]);
      for (let i = 0; i < offered.length; i++) await page.press('.wl-input', 'ArrowUp');
      assert.deepEqual(await active(), [offered[0]]);
      await page.press('.wl-input', 'ArrowDown');
      assert.deepEqual(await active(), [offered[1]]);
      await page.press('.wl-input', 'Enter');
      await s.waitMessage(/^추가했습니다: .*\(\d{6}\)$/);
      await s.waitRows(['035720', '005930', offered[1]!]);
      assert.deepEqual(await s.fileCodes(), ['035720', '005930', offered[1]]);
      assert.equal(await page.inputValue('.wl-input'), '');

      // Escape closes the results and keeps what was typed.
      await page.fill('.wl-input', '삼성');
      await page.waitForSelector('.wl-results:not([hidden]) .wl-result');
      await page.press('.wl-input', 'Escape');
      await page.waitForSelector('.wl-results', { state: 'hidden' });
      assert.equal(await page.inputValue('.wl-input'), '삼성');

      // A search that finds nothing says so in the list, in either language.
      await page.fill('.wl-input', '없는종목이름');
      await page.waitForSelector('.wl-results .wl-no-result');
      assert.equal(await page.textContent('.wl-no-result'), '"없는종목이름"와(과) 일치하는 종목이 없습니다. 종목명 일부나 6자리 종목코드로 찾아 보세요.');
      await page.click('button[name=lang]');
      await page.waitForFunction(() => /^No stock matches/.test((globalThis as unknown as Globals).document.querySelector('.wl-no-result')?.textContent ?? ''));
      assert.equal(await page.textContent('.wl-no-result'), 'No stock matches "없는종목이름". Try part of the name or the 6-character code.');
      assert.deepEqual(await s.fileCodes(), ['035720', '005930', offered[1]]);
      assert.deepEqual(s.pageErrors(), []);
    }));

  it('moves the live chart off a code removed from the watchlist', () =>
    withEditor(['005930', '035720', '028260'], async (s) => {
      const { page } = s;
      const chartCode = (): Promise<string | undefined> => page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint?.query?.code);
      await until(async () => (await chartCode()) === '005930', 'the chart to open on the first code', WAIT_MS);
      await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('tr[data-code="005930"] .wl-name')?.textContent === '삼성전자');
      await page.click('tr[data-code="005930"] .wl-remove');
      await s.waitMessage(/삭제했습니다: 삼성전자 \(005930\)/);
      // No longer recorded, so a chart left on it would freeze: it moves to the first code left.
      await until(async () => (await chartCode()) === '035720', 'the chart to move to 035720', WAIT_MS);
      await until(async () => (await s.chartCodes()).join() === '035720,028260', 'the chart’s code list without 005930', WAIT_MS);
    }));

  it('empties the list: the live chart shows the empty-list note, then opens the first code added', () =>
    withEditor(['035720', '028260'], async (s) => {
      const { page } = s;
      const feed = (): Promise<{ code: string | null; bars: number }> =>
        page.evaluate(() => {
          const f = (globalThis as unknown as PageGlobals).__footprint!;
          return { code: f.query?.code ?? null, bars: f.bars().length };
        });
      await until(async () => (await feed()).code === '035720', 'the chart to open on the first code', WAIT_MS);
      for (const code of ['035720', '028260']) {
        // Named once its name has been looked up (shown as — and the message says the code alone before that).
        await page.waitForFunction((c) => ((globalThis as unknown as Globals).document.querySelector(`tr[data-code="${c}"] .wl-name`)?.textContent ?? '—') !== '—', code);
        await page.click(`tr[data-code="${code}"] .wl-remove`);
        await s.waitMessage(new RegExp(`삭제했습니다: .*\\(${code}\\)`));
        await s.settled();
      }
      await until(async () => (await feed()).code === null, 'the chart to stop following a code that is no longer recorded', WAIT_MS);
      assert.deepEqual(await feed(), { code: null, bars: 0 });
      assert.match((await page.textContent('.chart-message')) ?? '', /관심종목이 비어 있습니다/);
      // Also after a reload: the page must not reopen the last code it showed.
      await page.reload();
      await page.waitForFunction(() => /관심종목이 비어 있습니다/.test((globalThis as unknown as Globals).document.querySelector('.chart-message')?.textContent ?? ''));
      assert.deepEqual(await feed(), { code: null, bars: 0 });
      await page.click('nav.tabs button[data-tab="watchlist"]');
      await s.submit('000660');
      await s.waitMessage(/추가했습니다/);
      await until(async () => (await feed()).code === '000660', 'the first code added to open on the chart', WAIT_MS);
      await until(async () => (await feed()).bars > 0, 'its bars', WAIT_MS);
    }));

  it('shows a hand edit of watchlist.json', () =>
    withEditor(['035720', '028260'], async (s) => {
      await s.writeWatchlist(['035720']);
      // The server follows the file; a reloaded editor shows the list as saved.
      await until(async () => (await s.apiCodes()).join() === '035720', 'the server to pick up the hand edit', WAIT_MS);
      await s.page.reload();
      await s.page.click('nav.tabs button[data-tab="watchlist"]');
      await s.waitRows(['035720']);
      await s.page.screenshot({ path: path.join(await testOutputDir(), 'watchlist-editor.png') });
    }));
});
