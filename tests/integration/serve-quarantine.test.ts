// Numeric sanity end to end: the real `npm run serve` process against the LS emulator, which sends good
// prints, a mid-point print and frames no real print carries (docs/trade-sanity.md). Nothing bad reaches
// the day file or /ws; each bad trade is counted in GET / and kept with its reason in the day's
// .quarantine.txt; the good trades around them keep their order and seqs; the trusted stream reports no
// gap for the quarantined volume.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TRUST_AFTER } from '../../electron/collector/continuity.ts';
import { kstDate } from '../../electron/shared/kst.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until, wsCollector, type ServeProcess } from '../support/serve-process.ts';

const CODE = '005930';
const OTHER = '000660';
const today = kstDate(Date.now());

let emu: LsEmulator;
let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;
let sec = 10 * 3600;

function chetime(): string {
  sec++;
  return [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join('');
}

function good(code = CODE, price = '99300'): TradeRecord {
  return emu.sendTrade(code, { chetime: chetime(), price, cvolume: String(10 + (sec % 7)), cgubun: sec % 3 ? '+' : '-' });
}

/** A US3 frame of CODE with these body fields, sent as is. */
function raw(body: Record<string, unknown>): void {
  emu.sendRaw(JSON.stringify({ header: { tr_cd: 'US3', tr_key: `U${CODE}   ` }, body: { shcode: CODE, exchname: 'KRX', ...body } }));
}

async function lines(file: string): Promise<string[]> {
  return (await fs.readFile(path.join(setup.dataDir, file), 'utf8')).split('\n').slice(0, -1);
}

interface CodeHealth {
  trades_today: number;
  gaps_today: number;
  quarantined_today: number;
  continuity: string;
}

async function health(): Promise<{ bad_frames: number; codes: Record<string, CodeHealth> }> {
  return (await (await fetch(`${serve.url}/`)).json()) as { bad_frames: number; codes: Record<string, CodeHealth> };
}

before(async () => {
  emu = await startLsEmulator();
  setup = await tempSetup([CODE, OTHER]);
  serve = await startServe(emulatorEnv(emu, setup));
  await until(() => emu.liveConnections() === 1 && emu.subscribed('US3').has(CODE) && emu.subscribed('US3').has(OTHER), 'both codes subscribed', 20_000);
});

after(async () => {
  await serve?.stop();
  await emu?.close();
  await setup?.cleanup();
});

test('bad frames are quarantined with their reasons; the good trades around them are recorded and sent as if they were not there', async () => {
  const ws = await wsCollector(serve.url);
  const sent: TradeRecord[] = [];
  for (let i = 0; i <= TRUST_AFTER + 2; i++) sent.push(good());
  await until(async () => (await health()).codes[CODE]!.continuity === 'trusted', 'a trusted stream');

  // Bad prints the emulator counts in its cumulative volume, as a broker would for a real print it mangled.
  const mangled = ['0050000', '0.0001', '50000.5', '12345678901234567890'];
  for (const price of mangled) {
    emu.sendTrade(CODE, { chetime: chetime(), price, cvolume: '5', cgubun: '+' });
    sent.push(good());
  }
  emu.sendTrade(CODE, { chetime: '999999', price: '99300', cvolume: '5', cgubun: '-' });
  sent.push(good(CODE, '99350')); // a mid-point print on half a 100-won tick: a real trade
  // Frames no trade record can be made of at all.
  raw({ chetime: chetime(), price: '99300', cvolume: '0', cgubun: '+' });
  raw({ chetime: chetime(), price: '99300', cvolume: -5, cgubun: '+' });
  raw({ chetime: chetime(), price: '99300', cvolume: '3', cgubun: '+', volume: '12345678901234567890' });
  sent.push(good());
  const other = good(OTHER);
  const reasons = [/^price.*"0050000"/, /^price.*"0\.0001"/, /^price off the half-tick grid: "50000\.5"/, /^price.*"12345678901234567890"/, /^chetime "999999"/, /^cvolume "0"/, /^cvolume "-5"/, /^volume "12345678901234567890"/];

  await until(async () => (await health()).codes[CODE]!.quarantined_today === reasons.length, 'every bad trade counted');
  await until(async () => (await lines(`raw_data_${CODE}_${today}.quarantine.txt`).catch(() => [])).length === reasons.length, 'every bad trade kept');
  await until(() => ws.trades(CODE).length === sent.length && ws.trades(OTHER).length === 1, 'every good trade sent');

  const day = (await lines(`raw_data_${CODE}_${today}.txt`)).map((l) => parseRecordLine(l));
  assert.deepEqual(day, sent, 'the day file holds exactly the good trades, in order');
  assert.deepEqual(ws.trades(CODE).map(({ code: _c, date: _d, seq, epoch, ...r }) => [seq, epoch, r]), sent.map((r, i) => [i + 1, 0, r]), '/ws: the good trades with consecutive seqs');
  assert.deepEqual((await lines(`raw_data_${OTHER}_${today}.txt`)).map((l) => parseRecordLine(l)), [other]);
  ws.close();

  const kept = (await lines(`raw_data_${CODE}_${today}.quarantine.txt`)).map((l) => JSON.parse(l) as { at: string; reason: string; raw: Record<string, unknown> });
  kept.forEach((e, i) => assert.match(e.reason, reasons[i]!, JSON.stringify(e)));
  assert.deepEqual(kept.slice(0, 4).map((e) => e.raw.price), mangled, 'the raw values as received');
  assert.equal(kept[6]!.raw.cvolume, '-5', 'a JSON number is kept as the parser read it');
  assert.ok(kept.every((e) => !Number.isNaN(Date.parse(e.at))));

  const h = await health();
  assert.deepEqual(
    [h.codes[CODE]!.trades_today, h.codes[CODE]!.gaps_today, h.codes[CODE]!.continuity, h.codes[OTHER]!.quarantined_today, h.bad_frames],
    [sent.length, 0, 'trusted', 0, 0],
    'no gap for the quarantined volume; the stream keeps its trust; nothing counted as a bad frame',
  );
  assert.deepEqual(await (await fetch(`${serve.url}/api/gaps?code=${CODE}`)).json(), []);
  assert.ok(!(await fs.readdir(setup.dataDir)).some((n) => n.includes('.torn-')));
  assert.match(serve.stderr(), /trade quarantined, not recorded/, 'logged');
});

test('a restart counts the quarantined trades of the day again', async () => {
  const n = (await health()).codes[CODE]!.quarantined_today;
  await serve.stop();
  serve = await startServe(emulatorEnv(emu, setup));
  assert.equal((await health()).codes[CODE]!.quarantined_today, n);
});
