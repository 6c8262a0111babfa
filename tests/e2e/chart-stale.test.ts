// A chart that cannot be live says so: with the server gone the chart area is dimmed by an overlay
// naming the cause and the last update (HH:MM:SS KST), the controls that load other bars are off
// (they could not apply), and both clear by themselves once the server is back on the same port.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { demoEnv, startServe, tempSetup, type ServeProcess } from '../support/serve-process.ts';
import { launchChromium, type Chromium, type PageGlobals } from '../support/chromium.ts';

const CODE = '005930';

async function waitLoaded(page: Page, minLoads: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.loads >= n && f.bars().length > 0;
    },
    minLoads,
    { timeout: 20_000 },
  );
}

describe('stale overlay', () => {
  let serve: ServeProcess;
  let browser: Chromium;
  let setup: Awaited<ReturnType<typeof tempSetup>>;

  before(async () => {
    setup = await tempSetup([CODE]);
    serve = await startServe(demoEnv(setup));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await setup?.cleanup();
  });

  it('dims the chart while the server is gone and clears on reconnect', async () => {
    const { page } = await browser.newPage();
    await page.goto(serve.url);
    await waitLoaded(page, 1);
    const overlay = page.getByTestId('stale-overlay');
    assert.equal(await overlay.isVisible(), false);
    const barSize = page.locator('select[name="barSize"]');
    assert.equal(await barSize.isDisabled(), false);

    const port = new URL(serve.url).port;
    await serve.stop();
    await overlay.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await overlay.textContent()) ?? '', /서버 연결 끊김.*마지막 갱신 \d\d:\d\d:\d\d KST/);
    // The overlay covers the chart area, not a corner.
    const [box, chart] = await Promise.all([overlay.boundingBox(), page.locator('.chart-wrap').boundingBox()]);
    assert.ok(box && chart && box.width === chart.width && box.height === chart.height);
    // A bar size picked now could not load: the box is off, so it cannot show "5분" over 1-minute bars.
    assert.equal(await barSize.isDisabled(), true);
    assert.equal(await page.locator('select[name="venue"]').isDisabled(), true);

    serve = await startServe({ ...demoEnv(setup), PORT: port });
    await overlay.waitFor({ state: 'hidden', timeout: 20_000 });
    await waitLoaded(page, 2);
    assert.equal(await barSize.isDisabled(), false);
    await barSize.selectOption('300');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.query?.bar === 'time:300', undefined, { timeout: 10_000 });
    await page.close();
  });
});
