// The settings page end to end in headless Chromium against the real serve process (started in demo
// mode, LS URLs pointing at the emulator): saving keys shows success and connects the collector,
// saved secrets come back masked only, a bad field is marked and changes nothing, and "test
// connection" shows LS's own refusal for a wrong key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { hangulLeft, launchChromium, testOutputDir, type Chromium, type PageGlobals } from '../support/chromium.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { startServe, tempSetup, until, type ServeProcess } from '../support/serve-process.ts';

interface Node {
  textContent: string | null;
}
type Globals = { document: { querySelector(s: string): Node | null } };

describe('settings page against the real server', () => {
  let emu: LsEmulator;
  let serve: ServeProcess;
  let browser: Chromium;
  let page: Page;
  let errors: string[];
  /** A chart left open in another window while the keys are saved. */
  let chart: Page;
  let setup: Awaited<ReturnType<typeof tempSetup>>;

  const health = async (): Promise<Record<string, unknown>> => (await (await fetch(`${serve.url}/`)).json()) as Record<string, unknown>;

  async function waitMessage(re: RegExp): Promise<string> {
    await page.waitForFunction(
      (src) => new RegExp(src).test((globalThis as unknown as Globals).document.querySelector('.st-message')?.textContent ?? ''),
      re.source,
      { timeout: 10_000 },
    );
    return (await page.textContent('.st-message')) ?? '';
  }

  async function openSettings(): Promise<void> {
    await page.goto(serve.url);
    await page.click('nav.tabs button[data-tab="settings"]');
    await page.waitForFunction(() => (globalThis as unknown as Globals).document.querySelector('#st-port') !== null);
    // The form is filled once GET /api/settings answered.
    await page.waitForFunction(() => ((globalThis as unknown as Globals).document.querySelector('#st-app-key') as unknown as { placeholder: string }).placeholder !== '');
  }

  before(async () => {
    emu = await startLsEmulator();
    setup = await tempSetup(['005930']);
    serve = await startServe({ LS_REST_URL: emu.restUrl, LS_WS_URL: emu.wsUrl, DATA_DIR: setup.dataDir, WATCHLIST_PATH: setup.watchlistPath });
    browser = await launchChromium();
    ({ page, errors } = await browser.newPage());
    await openSettings();
    ({ page: chart } = await browser.newPage());
    await chart.goto(serve.url);
    await chart.waitForFunction(() => ((globalThis as unknown as PageGlobals).__footprint?.lastSeq ?? 0) > 20, undefined, { timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    const code = await serve?.stop();
    await emu?.close();
    await setup?.cleanup();
    assert.equal(code, 0);
  });

  it('shows unset keys and the running settings', async () => {
    assert.equal(await page.inputValue('#st-app-key'), '');
    assert.match((await page.getAttribute('#st-app-key', 'placeholder')) ?? '', /미설정/);
    assert.equal(await page.inputValue('#st-port'), new URL(serve.url).port);
    assert.equal(await page.inputValue('#st-tr'), 'US3');
    assert.equal(await page.isChecked('#st-real'), true);
  });

  it('marks a bad field and changes nothing', async () => {
    await page.fill('#st-port', '80');
    await page.click('.st-save');
    await waitMessage(/아무 것도 바뀌지 않았습니다/);
    assert.match((await page.textContent('[data-field="port"] .st-error')) ?? '', /1024/);
    assert.equal(((await (await fetch(`${serve.url}/api/settings`)).json()) as { port: number }).port, Number(new URL(serve.url).port));
    await page.fill('#st-port', new URL(serve.url).port);
  });

  it('follows the language toggle, shown message included, and back', async () => {
    await page.click('button[name=lang]');
    // The message and the field's error left by the bad save above are re-worded in place.
    await waitMessage(/^Check the marked fields\. Nothing was changed\.$/);
    assert.equal(await page.textContent('[data-field="port"] .st-error'), 'The port must be a whole number from 1024 to 65535 (0 for any free port)');
    assert.equal(await page.textContent('.st-title'), 'Settings');
    assert.equal(await page.textContent('nav.tabs button[data-tab="settings"]'), 'Settings');
    assert.equal(await page.textContent('[data-field="port"] .st-label'), 'Port');
    assert.equal(await page.textContent('.st-save'), 'Save');
    assert.equal(await page.textContent('.st-test'), 'Test connection');
    assert.equal(await page.getAttribute('#st-app-key', 'placeholder'), 'Not set (runs in demo mode)');
    assert.equal(await page.textContent('#st-tr option[value="US3"]'), 'US3 merged (KRX + NXT)');
    // The storage caveat comes as a code (StorageWarning) and is worded by the page: headless, this run only.
    assert.equal(await page.textContent('.st-warning'), 'Headless mode: saved settings apply to this run only. Edit the .env file to keep them.');
    assert.deepEqual(await hangulLeft(page, '.st', []), []);
    await page.screenshot({ path: path.join(await testOutputDir(), 'settings-page-en.png') });

    await page.click('button[name=lang]');
    await waitMessage(/^입력값을 확인하세요\. 아무 것도 바뀌지 않았습니다\.$/);
    assert.equal(await page.textContent('.st-title'), '설정');
    assert.equal(await page.textContent('.st-save'), '저장');
    assert.match((await page.getAttribute('#st-app-key', 'placeholder')) ?? '', /미설정/);
    assert.match((await page.textContent('.st-warning')) ?? '', /^헤드리스 모드: 저장한 설정은 이번 실행에만/);
  });

  it('"test connection" shows the LS refusal for a wrong key', async () => {
    await page.fill('#st-app-key', 'wrong-app-key-000000');
    await page.fill('#st-app-secret', 'wrong-app-secret-0000');
    await page.click('.st-test');
    const text = await waitMessage(/유효하지 않은/);
    assert.match(text, /LS 토큰 발급 거부: 유효하지 않은 AppSecret입니다/);
    assert.equal(await page.getAttribute('.st-message', 'data-kind'), 'error');
    assert.equal((await health()).feed, 'demo', 'a test saves nothing');
  });

  it('saving valid keys shows success, connects the collector, and the keys come back masked', async () => {
    await page.fill('#st-app-key', emu.appKey);
    await page.fill('#st-app-secret', emu.appSecret);
    await page.click('.st-test');
    await waitMessage(/토큰 발급 성공/);
    await page.click('.st-save');
    await waitMessage(/저장했습니다.*다시 연결/);
    assert.equal(await page.getAttribute('.st-message', 'data-kind'), 'ok');
    await until(() => emu.subscribed('US3').has('005930'), 'the collector subscribed on the emulator');
    assert.equal((await health()).feed, 'ls');

    await openSettings();
    assert.equal(await page.inputValue('#st-app-key'), '', 'a saved key is never put back into the field');
    assert.equal(await page.inputValue('#st-app-secret'), '');
    assert.match((await page.getAttribute('#st-app-key', 'placeholder')) ?? '', new RegExp(`저장됨 \\(…${emu.appKey.slice(-4)}\\)`));
    assert.match((await page.getAttribute('#st-app-secret', 'placeholder')) ?? '', /저장됨/);
    const html = await page.content();
    assert.ok(!html.includes(emu.appSecret) && !html.includes(emu.appKey), 'the page holds neither key nor secret');

    // Saving again with the masked fields untouched keeps the keys (no reconnect).
    await page.click('.st-save');
    await waitMessage(/^저장했습니다$/);
    assert.equal(emu.connections, 1);
    // What a save did is worded by the page (SettingsImpact), so it follows the language toggle.
    await page.click('button[name=lang]');
    await waitMessage(/^Saved$/);
    await page.click('button[name=lang]');
    await waitMessage(/^저장했습니다$/);
    // The browser logs the 400 of the bad form above; nothing else may go wrong on the page.
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  });

  it('a chart open while the keys were saved drops the demo bars and shows the LS trades', async () => {
    // The LS collector records into another folder, numbering today's trades from 1 again: a chart
    // that kept the demo's bars and last seq would show made-up trades and skip the real ones.
    emu.sendTrade('005930', { chetime: '100000', price: '54600', cvolume: '123', cgubun: '+' }, { exchname: 'KRX' });
    await chart.waitForFunction(
      () => {
        const f = (globalThis as unknown as PageGlobals).__footprint;
        return !!f && f.loaded && f.lastSeq === 1 && f.bars().length === 1;
      },
      undefined,
      { timeout: 10_000 },
    );
    const bars = (await chart.evaluate('window.__footprint.bars()')) as { close: number; volume: number }[];
    assert.deepEqual(bars.map((b) => [b.close, b.volume]), [[54600, 123]]);
    assert.match((await chart.textContent('.feed-badge')) ?? '', /LS/);
  });
});
