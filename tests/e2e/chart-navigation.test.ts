// Moving through the day without losing now: the jump-to-live button shows only off the live edge,
// End / Home / + / - / ← / → move the view, the digit keys pick bar presets (Shift stores one), `?`
// documents the keys, and after any of it (a wheel zoom too) the newest bar is never left under the
// right-edge profile. A recorded day as today's file on a quiet LS feed (emulator), so nothing moves.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { kstDate, secondsToHms } from '../../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv } from '../support/serve-process.ts';
import { startPageSession, type DemoSession } from '../support/demo-session.ts';
import { REAL_005930 } from '../support/paths.ts';
import type { PageGlobals } from '../support/chromium.ts';

const CODE = '005930';

const barIs = (page: Page, bar: string): Promise<unknown> =>
  page.waitForFunction(
    (b) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.query?.bar === b && f.paintedAt !== null;
    },
    bar,
    { timeout: 15_000 },
  );

/** Waits until the view is on the live edge with the newest bar clear of the profile. */
const liveAndClear = (page: Page): Promise<unknown> =>
  page
    .waitForFunction(
      () => {
        const v = (globalThis as unknown as PageGlobals).__footprint?.view();
        return !!v && v.atLive && v.newestRight <= v.clearUntil;
      },
      undefined,
      { timeout: 10_000 },
    )
    .catch(async (err: unknown) => {
      // Where the view rested instead tells a lost step from a slow one.
      const view = await page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint?.view() ?? null);
      throw new Error(`not at the live edge: ${JSON.stringify(view)}`, { cause: err });
    });

describe('chart navigation', () => {
  let emu: LsEmulator;
  let session: DemoSession;

  before(async () => {
    emu = await startLsEmulator();
    session = await startPageSession([CODE], (setup) => emulatorEnv(emu, setup), async (dataDir) => {
      // The recorded prints, one every 10 s from 09:00: about 50 minutes, so the day is wider than the view.
      const lines = (await fs.readFile(REAL_005930, 'utf8')).split('\n').map(parseRecordLine).filter((r) => r !== null);
      const at = (i: number): string => secondsToHms(9 * 3600 + i * 10).replaceAll(':', '');
      await fs.writeFile(path.join(dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.txt`), lines.map((r, i) => formatRecordLine({ ...r, chetime: at(i) })).join(''));
    });
  });

  after(async () => {
    await session?.close();
    await emu?.close();
  });

  it('keys, jump-to-live and the profile rule', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    await barIs(page, 'time:60');
    const jump = page.getByTestId('jump-live');
    await liveAndClear(page);
    assert.equal(await jump.isVisible(), false);

    // Into history: the button appears; End brings the newest bar back, clear of the profile.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await jump.waitFor({ state: 'visible' });
    await page.keyboard.press('End');
    await jump.waitFor({ state: 'hidden' });
    await liveAndClear(page);

    // Home goes to the session start (zoomed in, so the recorded stretch is wider than the view);
    // the button brings the view back.
    await page.keyboard.press('1');
    await barIs(page, 'time:30');
    // Three quick presses zoom three steps (none lost to a frame not drawn yet).
    const spacing = async (): Promise<number> => (await page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint?.view()?.barSpacing)) ?? 0;
    const before = await spacing();
    for (const k of ['+', '+', '+']) await page.keyboard.press(k);
    await page.waitForFunction((b) => ((globalThis as unknown as PageGlobals).__footprint?.view()?.barSpacing ?? 0) >= b * 1.25 ** 3 - 0.5, before, { timeout: 10_000 });
    const wider = (): Promise<boolean> =>
      page.evaluate(() => {
        const f = (globalThis as unknown as PageGlobals).__footprint;
        const v = f?.view();
        return !!f && !!v && f.bars().length * v.barSpacing > v.clearUntil;
      });
    assert.ok(await wider(), 'the day is wider than the view');
    await liveAndClear(page);
    await page.keyboard.press('Home');
    await jump.waitFor({ state: 'visible' });
    await jump.click();
    await liveAndClear(page);
    await page.keyboard.press('2');
    await barIs(page, 'time:60');

    // Zoom by keys keeps the live edge (once the reloaded bars have settled on it); a wheel zoom anchored
    // mid-chart settles clear of the profile too.
    await liveAndClear(page);
    for (const k of ['-', '-', '-', '+']) await page.keyboard.press(k);
    await liveAndClear(page);
    const box = (await page.locator('.chart-host').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 100);
    await page.mouse.wheel(0, 600);
    await page.mouse.move(box.x + box.width * 0.3, box.y + 100);
    await page.waitForFunction(
      () => {
        const v = (globalThis as unknown as PageGlobals).__footprint?.view();
        return !!v && (v.newestRight <= v.clearUntil || !v.atLive);
      },
      undefined,
      { timeout: 10_000 },
    );
    await page.keyboard.press('End');
    await liveAndClear(page);

    // Presets: 4 is 5-minute bars; Shift+1 stores them in slot 1; 2 is 1-minute; 1 is now 5-minute.
    await page.keyboard.press('4');
    await barIs(page, 'time:300');
    assert.equal(await page.locator('select[name="barSize"]').inputValue(), '300');
    await page.keyboard.press('Shift+Digit1');
    await page.keyboard.press('2');
    await barIs(page, 'time:60');
    await page.keyboard.press('1');
    await barIs(page, 'time:300');

    // Keys typed into a control are the control's.
    await page.locator('input[name="largeTrade"]').focus();
    await page.keyboard.press('2');
    await page.locator('input[name="largeTrade"]').blur();
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint?.query?.bar), 'time:300');

    // ? documents the keys and the presets; ? again closes it.
    const help = page.getByTestId('help-overlay');
    await page.keyboard.press('?');
    await help.waitFor({ state: 'visible' });
    const shown = (await help.textContent()) ?? '';
    for (const k of ['End', 'Home', '←', '1 – 9', '5분']) assert.ok(shown.includes(k), `${k} in ${shown}`);
    await page.keyboard.press('?');
    await help.waitFor({ state: 'hidden' });
    assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
    await page.close();
  });
});
