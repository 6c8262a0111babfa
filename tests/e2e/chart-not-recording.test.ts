// The not-recording alarm: a watched code whose live subscription LS refuses is named in a banner
// (Korean, and English on the toggle) below where the store's alarm would show, and the banner clears
// by itself once nothing is left unrecorded (here: the refused code leaves the watchlist).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PageGlobals } from '../support/chromium.ts';
import { startPageSession, type DemoSession } from '../support/demo-session.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv } from '../support/serve-process.ts';

const RECORDED = '005930';
const REFUSED = '000660';

describe('not-recording alarm', () => {
  let emu: LsEmulator;
  let session: DemoSession;

  before(async () => {
    emu = await startLsEmulator();
    emu.rejectCode(REFUSED);
    session = await startPageSession([RECORDED, REFUSED], (setup) => emulatorEnv(emu, setup));
  });

  after(async () => {
    await session?.close();
    await emu?.close();
  });

  it('names the refused code, in both languages, and clears once it is gone', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    const banner = page.getByTestId('not-recording');
    const bannerSays = (pattern: string): Promise<unknown> =>
      page.waitForFunction(
        (p) => new RegExp(p).test((globalThis as unknown as PageGlobals).document.querySelector('[data-testid=not-recording]')?.textContent ?? ''),
        pattern,
        { timeout: 30_000 },
      );
    await bannerSays(`^기록되지 않는 종목 1개: ${REFUSED}\\. LS가 실시간 구독을 거절했거나`);
    assert.equal(await banner.isVisible(), true);
    assert.ok(emu.refusals > 0);
    // GET / says the same (the client renews its token and reconnects after repeated refusals, when
    // every code is briefly unrecorded: poll until the connection is open again).
    for (let seen: string[] = []; seen.join() !== REFUSED; ) {
      seen = ((await (await fetch(session.serve.url)).json()) as { not_recording: string[] }).not_recording;
      if (seen.join() !== REFUSED) await page.waitForTimeout(100);
    }
    // The store's alarm keeps a place of its own.
    assert.equal(await page.locator('.store-banner').isVisible(), false);
    assert.notEqual(await page.locator('.store-banner').count(), 0);

    await page.click('button[name=lang]');
    await bannerSays(`^(Not recording|LS is disconnected).* watched code\\(s\\).*${REFUSED}`);

    const status = await page.evaluate(async (code) => (await fetch(`/api/subscribe/${code}`, { method: 'DELETE' })).status, REFUSED);
    assert.equal(status, 200);
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
