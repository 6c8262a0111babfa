// A broken watchlist.json on the page: the real serve process (demo feed) follows hand edits of the
// file; a page opened while the file is broken shows the notice at load, on the chart tab, naming the
// file and the problem and saying the last good list is still recorded; a repair clears it, a new
// break or an unreadable file shows it again, in either language, without a reload.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { startDemoSession, type DemoSession } from '../support/demo-session.ts';
import { until } from '../support/serve-process.ts';

const WAIT_MS = 20_000;

describe('the watchlist file notice', () => {
  let session: DemoSession;

  before(async () => {
    session = await startDemoSession(['005930', '000660']);
  });

  after(async () => {
    await session?.close();
  });

  const serverError = async (): Promise<unknown> => ((await (await fetch(session.serve.url)).json()) as { watchlist_error: unknown }).watchlist_error;
  const notice = (page: Page): Promise<string> => page.getByTestId('watchlist-error').textContent().then((t) => t ?? '');
  const noticeMatches = (page: Page, re: RegExp): Promise<unknown> =>
    page.waitForFunction(
      (src) => {
        const e = (globalThis as unknown as { document: { querySelector(s: string): { hidden: boolean; textContent: string | null } | null } }).document.querySelector('[data-testid=watchlist-error]');
        return !!e && !e.hidden && new RegExp(src).test(e.textContent ?? '');
      },
      re.source,
      { timeout: WAIT_MS },
    );

  it('shows at load and as the file changes, on the chart tab, and says what the server does meanwhile', async () => {
    await fs.writeFile(session.watchlistPath, '{"codes": ["005930", ');
    await until(async () => typeof (await serverError()) === 'string', 'the server to report the broken file', WAIT_MS);

    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    await noticeMatches(page, /관심종목 파일에 오류가 있습니다/);
    assert.equal(await page.locator('.main').isVisible(), true, 'the chart tab is the one shown');
    const ko = await notice(page);
    assert.ok(ko.startsWith(`관심종목 파일에 오류가 있습니다: ${session.watchlistPath} — not valid JSON (`), ko);
    assert.ok(ko.endsWith('. 마지막으로 올바르게 읽은 목록(2종목)으로 계속 기록합니다. 파일을 고쳐 저장하면 저절로 다시 읽으며, 그때까지 앱에서의 관심종목 변경은 거부됩니다.'), ko);
    assert.ok(!ko.includes('keeping the last good list'), 'said once, in the page language');
    // That is what the server does: the list stays in force, and changes through the app wait for the fix.
    assert.equal((await fetch(`${session.serve.url}/api/subscribe/035720`, { method: 'POST' })).status, 409);
    assert.deepEqual(((await (await fetch(`${session.serve.url}/api/watchlist`)).json()) as { watchlist: string[] }).watchlist, ['005930', '000660']);

    await page.click('button[name=lang]');
    await noticeMatches(page, /^The watchlist file has an error: .*watchlist\.json — not valid JSON .*Recording continues with the last list read correctly \(2 codes\)/);

    // Repaired: the notice goes, without a reload.
    await fs.writeFile(session.watchlistPath, `${JSON.stringify({ codes: ['005930', '000660'] })}\n`);
    await page.getByTestId('watchlist-error').waitFor({ state: 'hidden', timeout: WAIT_MS });

    // Broken again in another way: named as it is.
    await fs.writeFile(session.watchlistPath, `${JSON.stringify({ codes: ['005930', '5930'] })}\n`);
    await noticeMatches(page, /— invalid code "5930" at index 1 \(six digits/);

    // Gone: the file cannot be read, and the notice says the list is applied once it can.
    await fs.rm(session.watchlistPath);
    await noticeMatches(page, /^The watchlist file cannot be read: .*watchlist\.json — cannot read \(ENOENT\)\. Recording continues with the last list read correctly \(2 codes\); the file is applied by itself once it can be read again\.$/);
    await page.click('button[name=lang]');
    await noticeMatches(page, /^관심종목 파일을 읽을 수 없습니다: .*watchlist\.json — cannot read \(ENOENT\)\./);

    await fs.writeFile(session.watchlistPath, `${JSON.stringify({ codes: ['005930', '000660'] })}\n`);
    await page.getByTestId('watchlist-error').waitFor({ state: 'hidden', timeout: WAIT_MS });
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
