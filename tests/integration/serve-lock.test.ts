// One collector per data folder, with real serve processes: a second one on the same DATA_DIR stops at
// start-up with one clear line and writes nothing; a demo run cannot move into a folder an LS run
// records into; a clean stop frees the folder, and so does a crash (the stale lock is taken over).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { kstDate } from '../../electron/shared/kst.ts';
import { parseRecordLine } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, messageLines, runServeToExit, startServe, tempSetup, until, type ServeProcess } from '../support/serve-process.ts';

const CODE = '005930';
const LOCK = '.footprint.lock';
let emu: LsEmulator;
let setup: Awaited<ReturnType<typeof tempSetup>>;
let first: ServeProcess;
let file: string;
let sent = 0;

const lines = async (): Promise<string[]> => (await fs.readFile(file, 'utf8')).split('\n').slice(0, -1);
const lockPid = async (dir: string): Promise<number> => (JSON.parse(await fs.readFile(path.join(dir, LOCK), 'utf8')) as { pid: number }).pid;

/** Sends one trade and waits until `serve` has recorded it as the next line of the day file. */
async function recordOne(serve: ServeProcess): Promise<void> {
  sent++;
  emu.sendTrade(CODE, { chetime: `0930${String(sent).padStart(2, '0')}`, price: String(70_000 + sent * 100), cvolume: '1', cgubun: '+' });
  await until(async () => (await fetch(`${serve.url}/api/history?code=${CODE}`)).headers.get('x-last-seq') === String(sent), `trade ${sent} recorded`);
}

async function subscribedOnce(): Promise<void> {
  await emu.waitFor(() => emu.liveConnections() === 1 && emu.subscribed().has(CODE), 15_000, 'one subscribed connection');
}

before(async () => {
  emu = await startLsEmulator();
  setup = await tempSetup([CODE]);
  file = path.join(setup.dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.txt`);
  first = await startServe(emulatorEnv(emu, setup));
  await subscribedOnce();
  await recordOne(first);
});

after(async () => {
  await first?.stop();
  await emu?.close();
  await setup?.cleanup();
});

test('a second serve on the same DATA_DIR exits 1 with one line naming the holder, and records nothing', async () => {
  assert.equal(await lockPid(setup.dataDir), first.pid);
  const r = await runServeToExit({ ...emulatorEnv(emu, setup), PORT: '0' });
  assert.equal(r.code, 1);
  const msg = messageLines(r.stderr);
  assert.equal(msg.length, 1, r.stderr);
  assert.equal(msg[0], `다른 Footprint 수집기(pid ${first.pid})가 이 데이터 폴더에 기록 중입니다: ${setup.dataDir} (another Footprint collector, pid ${first.pid}, is recording into this folder)`);
  assert.doesNotMatch(r.stdout, /listening/);
  assert.equal(emu.connections, 1, 'it never connected to LS');

  assert.equal(await lockPid(setup.dataDir), first.pid, 'the lock is still the first one’s');
  await recordOne(first);
  assert.deepEqual((await lines()).map((l) => parseRecordLine(l)?.chetime), ['093001', '093002'], 'the first keeps recording, alone');
});

test('a demo run on the same DATA_DIR records under demo/ but cannot move into DATA_DIR while the LS run holds it', async () => {
  const demo = await startServe({ LS_REST_URL: emu.restUrl, LS_WS_URL: emu.wsUrl, DATA_DIR: setup.dataDir, WATCHLIST_PATH: setup.watchlistPath, DEMO_SEED: '5' });
  try {
    const demoDir = path.join(setup.dataDir, 'demo');
    assert.equal(await lockPid(demoDir), demo.pid);
    const put = await fetch(`${demo.url}/api/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appKey: emu.appKey, appSecret: emu.appSecret }) });
    assert.equal(put.status, 409);
    assert.equal(((await put.json()) as { error: string }).error, `다른 Footprint 수집기(pid ${first.pid})가 이 데이터 폴더에 기록 중입니다: ${setup.dataDir} (another Footprint collector, pid ${first.pid}, is recording into this folder)`);

    const settings = (await (await fetch(`${demo.url}/api/settings`)).json()) as { appKey: string };
    assert.equal(settings.appKey, '', 'the refused keys are not kept');
    const health = async (): Promise<{ feed: string; codes: Record<string, { trades_today: number }> }> =>
      (await (await fetch(`${demo.url}/`, { headers: { Accept: 'application/json' } })).json()) as { feed: string; codes: Record<string, { trades_today: number }> };
    assert.equal((await health()).feed, 'demo');
    const before = (await health()).codes[CODE]!.trades_today;
    await until(async () => (await health()).codes[CODE]!.trades_today > before, 'demo trades still recorded');
    assert.equal(await lockPid(demoDir), demo.pid, 'its own folder still locked by it');
    assert.equal(emu.connections, 1, 'no LS connection from the demo run');
  } finally {
    assert.equal(await demo.stop(), 0);
  }
  await assert.rejects(fs.access(path.join(setup.dataDir, 'demo', LOCK)), 'SIGTERM released the demo folder');
  await recordOne(first);
  assert.equal((await lines()).length, 3);
});

test('after SIGTERM the folder is free; after a crash its stale lock is taken over', async () => {
  assert.equal(await first.stop(), 0);
  await assert.rejects(fs.access(path.join(setup.dataDir, LOCK)), 'SIGTERM released the lock');
  await emu.waitFor(() => emu.liveConnections() === 0, 5_000, 'the first connection closed');

  first = await startServe(emulatorEnv(emu, setup));
  assert.equal(await lockPid(setup.dataDir), first.pid);
  await subscribedOnce();
  await recordOne(first);

  first.child.kill('SIGKILL');
  await first.stop();
  const crashed = first.pid;
  assert.equal(await lockPid(setup.dataDir), crashed, 'a crash leaves the lock behind');
  await emu.waitFor(() => emu.liveConnections() === 0, 5_000, 'the crashed connection closed');

  first = await startServe(emulatorEnv(emu, setup));
  assert.equal(await lockPid(setup.dataDir), first.pid);
  await subscribedOnce();
  await recordOne(first);
  assert.deepEqual((await lines()).map((l) => parseRecordLine(l)?.chetime), ['093001', '093002', '093003', '093004', '093005']);
});
