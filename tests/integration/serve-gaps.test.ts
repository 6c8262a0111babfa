// Missed trades, told to the trader: the real `npm run serve` process against the LS emulator, whose
// market keeps trading (and its cumulative volume growing) while the collector is cut off. A trusted
// stream reports the exact missed volume across a reconnect and across a restart: logged, in GET /,
// in the day's .gaps.txt, on /ws and from /api/gaps. A stream whose cumulative volume does not add
// up (KRX and NXT counted apart) reports nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { TRUST_AFTER } from '../../electron/collector/continuity.ts';
import type { Gap } from '../../electron/shared/gap.ts';
import { kstDate } from '../../electron/shared/kst.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until, wsCollector, type ServeProcess } from '../support/serve-process.ts';

const GOOD = '005930';
/** A stream whose `volume` is kept per venue: every venue switch breaks the identity. */
const SPLIT = '000660';
const today = kstDate(Date.now());

let emu: LsEmulator;
let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;
const received = new Map<string, TradeRecord[]>([[GOOD, []], [SPLIT, []]]);
let sec = 10 * 3600;
const venueVolume = { KRX: 0, NXT: 0 };

function chetime(): string {
  sec++;
  return [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join('');
}

/** One print of `code`; kept as received when a connection is subscribed. */
function trade(code: string, cvolume: number, opts: { side?: '+' | '-'; venue?: 'KRX' | 'NXT'; delivered?: boolean } = {}): TradeRecord {
  const fields: Record<string, string> = { chetime: chetime(), price: '99300', cvolume: String(cvolume), cgubun: opts.side ?? '+' };
  if (code === SPLIT) {
    const venue = opts.venue ?? 'KRX';
    venueVolume[venue] += cvolume;
    fields.volume = String(venueVolume[venue]);
  }
  const r = emu.sendTrade(code, fields, { exchname: opts.venue ?? 'KRX' });
  if (opts.delivered !== false) received.get(code)!.push(r);
  return r;
}

async function recorded(code: string): Promise<TradeRecord[]> {
  const text = await fs.readFile(path.join(setup.dataDir, `raw_data_${code}_${today}.txt`), 'utf8');
  return text.split('\n').slice(0, -1).map((l) => parseRecordLine(l)!);
}

async function allRecorded(): Promise<void> {
  for (const [code, list] of received) await until(async () => (await recorded(code)).length === list.length, `${code}: every received trade recorded`);
}

interface CodeHealth {
  trades_today: number;
  gaps_today: number;
  continuity: string;
}

async function health(): Promise<Record<string, CodeHealth>> {
  return ((await (await fetch(`${serve.url}/`)).json()) as { codes: Record<string, CodeHealth> }).codes;
}

async function gapsOf(code: string, date = today): Promise<Response> {
  return fetch(`${serve.url}/api/gaps?code=${code}&date=${date}`);
}

async function connected(): Promise<void> {
  await until(() => emu.liveConnections() === 1 && emu.subscribed('US3').has(GOOD) && emu.subscribed('US3').has(SPLIT), 'both codes subscribed', 20_000);
}

before(async () => {
  emu = await startLsEmulator();
  setup = await tempSetup([GOOD, SPLIT]);
  serve = await startServe({ ...emulatorEnv(emu, setup), LOG_LEVEL: 'info' });
  await connected();
});

after(async () => {
  await serve?.stop();
  await emu?.close();
  await setup?.cleanup();
});

test('a reconnect on a trusted stream: the missed volume exactly, in every place a trader or script looks', async () => {
  for (let i = 0; i <= TRUST_AFTER + 4; i++) trade(GOOD, 10 + i, { side: i % 3 ? '+' : '-' });
  // The split stream looks trusted on KRX alone, then fails at every venue switch, then matches again.
  for (let i = 0; i <= TRUST_AFTER; i++) trade(SPLIT, 5);
  for (let i = 0; i < 3; i++) {
    trade(SPLIT, 2, { venue: 'NXT' });
    trade(SPLIT, 3);
  }
  for (let i = 0; i <= TRUST_AFTER; i++) trade(SPLIT, 5);
  await allRecorded();
  const before = await health();
  assert.equal(before[GOOD]!.continuity, 'trusted');
  assert.equal(before[SPLIT]!.continuity, 'unusable');
  assert.deepEqual(await (await gapsOf(GOOD)).json(), []);

  const ws = await wsCollector(serve.url);
  const connections = emu.connections;
  const lastBefore = received.get(GOOD)!.at(-1)!;
  emu.dropAll();
  // The market trades on while nobody is connected.
  trade(GOOD, 1_000, { delivered: false });
  trade(GOOD, 2_000, { side: '-', delivered: false });
  trade(GOOD, 300, { delivered: false });
  trade(SPLIT, 800, { delivered: false });
  await until(() => emu.connections === connections + 1, 'a new connection', 20_000);
  await connected();
  const first = trade(GOOD, 7);
  trade(SPLIT, 5);
  await allRecorded();
  await until(() => ws.messages.some((m) => m.type === 'gap'), 'a gap frame');
  ws.close();

  const frames = ws.messages.filter((m) => m.type === 'gap');
  assert.equal(frames.length, 1, 'the split stream reported nothing');
  const { type: _t, code, date, ...gap } = frames[0]!;
  assert.deepEqual([code, date, frames[0]!.price], [GOOD, today, undefined]);
  assert.deepEqual({ ...gap, at: undefined }, {
    after: lastBefore.chetime,
    before: first.chetime,
    missed_volume: 3_300,
    missed_trades: 3,
    cause: 'reconnect',
    at: undefined,
  });
  assert.ok(!Number.isNaN(Date.parse(String(gap.at))));
  // Trades are broadcast as they are recorded; the gap after its line is written.
  const sidecar = await fs.readFile(path.join(setup.dataDir, `raw_data_${GOOD}_${today}.gaps.txt`), 'utf8');
  assert.deepEqual(sidecar.split('\n').slice(0, -1).map((l) => JSON.parse(l) as unknown), [gap]);
  assert.deepEqual(await (await gapsOf(GOOD)).json(), [gap]);
  assert.deepEqual(await (await gapsOf(SPLIT)).json(), []);
  assert.deepEqual(await (await gapsOf(GOOD, '20240102')).json(), []);
  for (const bad of ['/api/gaps', `/api/gaps?code=../x`, `/api/gaps?code=${GOOD}&date=20250230`]) {
    const res = await fetch(`${serve.url}${bad}`);
    assert.equal(res.status, 400, bad);
    assert.equal(typeof ((await res.json()) as { error: unknown }).error, 'string');
  }

  for (const [c, list] of received) assert.deepEqual(await recorded(c), list, `${c}: every received trade recorded, in order`);
  const after = await health();
  assert.deepEqual([after[GOOD]!.gaps_today, after[GOOD]!.continuity], [1, 'trusted']);
  assert.deepEqual([after[SPLIT]!.gaps_today, after[SPLIT]!.continuity], [0, 'unusable']);
  assert.equal(serve.stderr().match(/"msg":"trades missed"/g)?.length, 1, 'logged once');
});

test('a restart: the first trade is compared with the day file\'s last line', async () => {
  const env = { ...emulatorEnv(emu, setup), LOG_LEVEL: 'info' };
  const lastBefore = received.get(GOOD)!.at(-1)!;
  assert.equal(await serve.stop(), 0);
  trade(GOOD, 400, { delivered: false });
  trade(GOOD, 50, { side: '-', delivered: false });
  serve = await startServe(env);
  await connected();
  // Trust comes back from the file's tail; the count includes the earlier run's gap.
  const primed = await health();
  assert.deepEqual([primed[GOOD]!.gaps_today, primed[GOOD]!.continuity], [1, 'trusted']);

  const first = trade(GOOD, 9);
  await until(async () => ((await (await gapsOf(GOOD)).json()) as Gap[]).length === 2, 'the restart gap recorded');
  const gaps = (await (await gapsOf(GOOD)).json()) as Gap[];
  assert.deepEqual({ ...gaps[1]!, at: '' }, { after: lastBefore.chetime, before: first.chetime, missed_volume: 450, missed_trades: 2, cause: 'restart', at: '' });
  assert.equal((await health())[GOOD]!.gaps_today, 2);
  await allRecorded();
  assert.deepEqual(await recorded(GOOD), received.get(GOOD));
});
