// The missed-trade mark on the chart: a restart gap announced on /ws is drawn on the open page, and
// after a reload it comes back from /api/gaps; the English toggle relabels it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { TRUST_AFTER } from '../../electron/collector/continuity.ts';
import { kstDate } from '../../electron/shared/kst.ts';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { testOutputDir, type PageGlobals } from '../support/chromium.ts';
import { startPageSession, type DemoSession } from '../support/demo-session.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv } from '../support/serve-process.ts';

const CODE = '005930';
const KO_LABEL = '수신 누락 추정 약 12,300주 · 41건 (앱 재시작)';

/** An earlier run's day: consistent cumulative volume, so the restarted collector trusts the stream. */
function earlierDay(): TradeRecord[] {
  return Array.from({ length: TRUST_AFTER + 5 }, (_, i) => ({
    chetime: `1000${String(i).padStart(2, '0')}`,
    price: '99300',
    cvolume: '10',
    cgubun: '+',
    exchname: 'KRX',
    volume: String(10 * (i + 1)),
    mschecnt: String(i + 1),
    mdchecnt: '0',
  }));
}

async function waitForMark(page: Page, label: string): Promise<void> {
  await page.waitForFunction((l) => ((globalThis as unknown as PageGlobals).__footprint?.gaps() ?? []).includes(l), label, { timeout: 20_000 });
}

describe('missed-trade marks on the chart', () => {
  let emu: LsEmulator;
  let session: DemoSession;

  before(async () => {
    emu = await startLsEmulator();
    session = await startPageSession([CODE], (setup) => emulatorEnv(emu, setup), (dataDir) =>
      fs.writeFile(path.join(dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.txt`), earlierDay().map(formatRecordLine).join('')),
    );
  });

  after(async () => {
    await session?.close();
    await emu?.close();
  });

  it('draws the gap announced live and the recorded one after a reload', async () => {
    const { page, errors } = await session.browser.newPage();
    await page.goto(session.serve.url);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__footprint?.loaded === true, undefined, { timeout: 20_000 });
    assert.deepEqual(await page.evaluate(() => (globalThis as unknown as PageGlobals).__footprint!.gaps()), []);
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');

    // While the app was closed, 12,300 shares traded in 41 prints (40 buys and the next trade's own count).
    const last = earlierDay().at(-1)!;
    emu.sendTrade(CODE, {
      chetime: '100200', price: '99400', cvolume: '5', cgubun: '+',
      volume: String(Number(last.volume) + 12_300 + 5), mschecnt: String(Number(last.mschecnt) + 41), mdchecnt: '1',
    });
    await waitForMark(page, KO_LABEL);

    await page.reload();
    await waitForMark(page, KO_LABEL);
    await page.screenshot({ path: path.join(await testOutputDir(), 'chart-gaps.png') });
    await page.click('button[name=lang]');
    await waitForMark(page, 'Missed (est.) ~12,300 sh · 41 trades (app restart)');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
