// A restart in the middle of a trading day: the serve process finds today's file of an earlier run,
// reports its count, last time and last price in GET / at once, and numbers the next trade after it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { kstDate } from '../../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until, type ServeProcess } from '../support/serve-process.ts';
import { REAL_005930 } from '../support/paths.ts';

const CODE = '005930';
let emu: LsEmulator;
let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;
let file: string;
let earlier: TradeRecord[];

before(async () => {
  emu = await startLsEmulator();
  setup = await tempSetup([CODE]);
  earlier = (await fs.readFile(REAL_005930, 'utf8')).split('\n').map(parseRecordLine).filter((r): r is TradeRecord => r !== null);
  file = path.join(setup.dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.txt`);
  await fs.writeFile(file, earlier.map(formatRecordLine).join(''));
  serve = await startServe(emulatorEnv(emu, setup));
  await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
});

after(async () => {
  await serve?.stop();
  await emu?.close();
  await setup?.cleanup();
});

test('GET / reports the earlier run of today before any new trade', async () => {
  const health = (await (await fetch(`${serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as {
    codes: Record<string, { trades_today: number; last_trade_time: string | null; last_price: string | null }>;
  };
  const last = earlier.at(-1)!;
  // The old collector's lines carry no cumulative volume: nothing to vouch for the stream.
  assert.deepEqual(health.codes[CODE], { trades_today: earlier.length, last_trade_time: last.chetime, last_price: last.price, gaps_today: 0, quarantined_today: 0, continuity: 'learning' });
});

test('the next trade continues the day file and its numbering', async () => {
  emu.sendTrade(CODE, { chetime: '093000', price: '99400', cvolume: '3', cgubun: '+' });
  const history = async (): Promise<Response> => fetch(`${serve.url}/api/history?code=${CODE}`);
  await until(async () => (await history()).headers.get('x-last-seq') === String(earlier.length + 1), 'the new trade recorded');
  const lines = (await fs.readFile(file, 'utf8')).split('\n').slice(0, -1).map(parseRecordLine);
  assert.equal(lines.length, earlier.length + 1);
  assert.deepEqual(lines.slice(0, -1).map((r) => r && { chetime: r.chetime, price: r.price, cvolume: r.cvolume, cgubun: r.cgubun }), earlier);
  assert.equal(lines.at(-1)?.price, '99400');
});
