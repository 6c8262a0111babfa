// The history/live seam across a lost connection: the server process is stopped and started again
// on the same port while trades keep coming. The page must reconnect by itself, reload, and end up
// with exactly the bars of /api/footprint (no gap, no double count).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { kstDate } from '../../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine } from '../../electron/shared/trade.ts';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { startServe, tempSetup, type ServeProcess, emulatorEnv } from '../support/serve-process.ts';
import { REAL_005930 } from '../support/paths.ts';
import { launchChromium, type Chromium, type PageGlobals } from '../support/chromium.ts';

const CODE = '005930';

async function apiBars(base: string): Promise<{ bars: FootprintBar[]; lastSeq: number }> {
  const q = new URLSearchParams({ code: CODE, bar: 'time:60', row: '1', venue: 'all' });
  const res = await fetch(`${base}/api/footprint?${q.toString()}`, { headers: { Accept: 'application/json' } });
  assert.equal(res.status, 200);
  return { bars: (await res.json()) as FootprintBar[], lastSeq: Number(res.headers.get('X-Last-Seq')) };
}

const pageBars = async (page: Page): Promise<FootprintBar[]> => (await page.evaluate('window.__footprint.bars()')) as FootprintBar[];

async function waitSeq(page: Page, seq: number, minLoads: number): Promise<void> {
  await page.waitForFunction(
    ([s, l]) => {
      const f = (globalThis as unknown as PageGlobals).__footprint;
      return !!f && f.loaded && f.lastSeq === s && f.loads >= l;
    },
    [seq, minLoads] as const,
    { timeout: 20_000 },
  );
}

describe('chart page across a server restart', () => {
  let emu: LsEmulator;
  let serve: ServeProcess;
  let browser: Chromium;
  let setup: Awaited<ReturnType<typeof tempSetup>>;
  let env: Record<string, string>;
  const today = kstDate(Date.now());

  before(async () => {
    emu = await startLsEmulator();
    setup = await tempSetup([CODE]);
    const lines = (await fs.readFile(REAL_005930, 'utf8')).split('\n').map(parseRecordLine).filter((r) => r !== null);
    await fs.writeFile(path.join(setup.dataDir, `raw_data_${CODE}_${today}.txt`), lines.map(formatRecordLine).join(''));
    env = emulatorEnv(emu, setup);
    serve = await startServe(env);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await emu?.close();
    await setup?.cleanup();
  });

  it('reconnects, reloads and merges without gap or double count', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(serve.url);
    let seq = (await apiBars(serve.url)).lastSeq;
    assert.ok(seq > 300);
    await waitSeq(page, seq, 1);
    await emu.waitFor(() => emu.liveConnections() > 0 && emu.subscribed().has(CODE), 15_000, 'subscription');

    emu.sendTrade(CODE, { chetime: '092650', price: '99400', cvolume: '11', cgubun: '+' }, { exchname: 'KRX' });
    seq++;
    await waitSeq(page, seq, 1);

    // Stop the server: the page loses its socket. Start it again on the same port.
    const port = new URL(serve.url).port;
    await serve.stop();
    serve = await startServe({ ...env, PORT: port });
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'resubscription');
    // Trades recorded before the page is back reach it through the reload, those after through /ws.
    emu.sendTrade(CODE, { chetime: '092705', price: '99350', cvolume: '7', cgubun: '-' }, { exchname: 'NXT' });
    emu.sendTrade(CODE, { chetime: '092706', price: '99300', cvolume: '300', cgubun: '-' }, { exchname: 'KRX' });
    seq += 2;
    await waitSeq(page, seq, 2);
    emu.sendTrade(CODE, { chetime: '092801', price: '99500', cvolume: '42', cgubun: '+' }, { exchname: 'KRX' });
    seq++;
    await waitSeq(page, seq, 2);

    const api = await apiBars(serve.url);
    assert.equal(api.lastSeq, seq);
    assert.deepEqual(await pageBars(page), api.bars);
    const volume = api.bars.reduce((s, b) => s + b.volume, 0);
    assert.equal((await pageBars(page)).reduce((s, b) => s + b.volume, 0), volume);
    // While the server was down the page logged failed socket attempts; nothing else may go wrong.
    assert.deepEqual(
      errors.filter((e) => e.startsWith('pageerror')),
      [],
    );
    await page.close();
  });
});
