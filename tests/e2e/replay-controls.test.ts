// The replay controls on the page (FEED=replay): shown with the replay's mode and time; pause, a
// forward seek (the chart reloads the skipped trades, which never come over /ws), a refused backward
// seek, the speed select, play to the end, and the English toggle. Its own server, source files and browser.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { hangulLeft, type PageGlobals } from '../support/chromium.ts';
import { startPageSession, type DemoSession } from '../support/demo-session.ts';

const CODE = '005930';
const DATE = '20251126';
const rec = (chetime: string, cvolume: string): TradeRecord => ({ chetime, price: '60000', cvolume, cgubun: '+' });
const SOURCE = [rec('090000', '1'), rec('090000', '2'), rec('090500', '3'), rec('090600', '4'), rec('093000', '5'), rec('100000', '6')];

/** Waits until the chart shows the replayed day with `seq` as its last trade. */
async function waitLastSeq(page: Page, seq: number): Promise<void> {
  await page.waitForFunction(
    ([d, s]) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.query?.date === d && f.lastSeq === s;
    },
    [DATE, seq] as const,
    { timeout: 15_000 },
  );
}

async function waitText(page: Page, testid: string, want: string): Promise<void> {
  await page.waitForFunction(
    ([id, w]) => (globalThis as unknown as PageGlobals).document.querySelector(`[data-testid="${id}"]`)?.textContent === w,
    [testid, want] as const,
    { timeout: 10_000 },
  );
}

describe('replay controls on the page', () => {
  let session: DemoSession;

  before(async () => {
    session = await startPageSession(
      [CODE],
      (s) => ({ FEED: 'replay', REPLAY_DIR: path.join(s.dir, 'source'), REPLAY_DATE: DATE, REPLAY_SPEED: '1', DATA_DIR: s.dataDir, WATCHLIST_PATH: s.watchlistPath }),
      async (dataDir) => {
        const source = path.join(path.dirname(dataDir), 'source');
        await fs.mkdir(source);
        await fs.writeFile(path.join(source, `raw_data_${CODE}_${DATE}.txt`), SOURCE.map(formatRecordLine).join(''));
      },
    );
  });
  after(async () => {
    await session?.close();
  });

  it('pauses, seeks forward (the chart reloads), refuses a backward seek, changes speed and plays to the end', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    const controls = page.getByTestId('replay-controls');
    await controls.waitFor({ state: 'visible', timeout: 15_000 });
    await waitText(page, 'replay-mode', '재생 중');
    assert.equal(await page.getByTestId('replay-speed').inputValue(), '1');
    await waitLastSeq(page, 2);

    await page.getByTestId('replay-pause').click();
    await waitText(page, 'replay-mode', '일시정지');
    assert.equal(await page.getByTestId('replay-pause').isDisabled(), true);
    assert.equal(await page.getByTestId('replay-play').isEnabled(), true);

    await page.getByTestId('replay-seek').fill('09:30');
    await page.getByTestId('replay-seek').press('Enter');
    await waitText(page, 'replay-time', '09:30:00');
    await waitLastSeq(page, 4);
    await waitText(page, 'replay-mode', '일시정지');

    await page.getByTestId('replay-seek').fill('09:10:00');
    await page.getByTestId('replay-seek-go').click();
    await page.waitForFunction(() => ((globalThis as unknown as PageGlobals).document.querySelector('[data-testid="replay-error"]')?.textContent ?? '').includes('앞으로만'), undefined, { timeout: 10_000 });
    assert.equal(await page.getByTestId('replay-time').textContent(), '09:30:00');

    await page.getByTestId('replay-speed').selectOption('max');
    await page.waitForFunction(async () => {
      const r = await fetch('/api/replay');
      return ((await r.json()) as { speed: unknown }).speed === 'max';
    }, undefined, { timeout: 10_000 });
    await page.getByTestId('replay-play').click();
    await waitText(page, 'replay-mode', '재생 끝');
    await waitLastSeq(page, 6);
    assert.equal(await page.getByTestId('replay-play').isDisabled(), true);

    await page.click('button[name=lang]');
    await waitText(page, 'replay-mode', 'finished');
    assert.deepEqual(await hangulLeft(page, '[data-testid="replay-controls"]', []), []);
    assert.deepEqual(errors.filter((e) => !e.includes('400')), []);
  });
});
