// Disk faults on a real file system: a full tmpfs and a read-only one (an unwritable folder; root
// ignores permission bits, so a remount is what makes it refuse). A trade reaches /ws only once its
// line is written: while the disk refuses, trades queue, GET / and the status frames carry
// store_alarm, and nothing is delivered; when writes succeed again the queue is written in order and
// delivered. Each test ends in the ledger check (tests/faults/ledger.ts). Skipped where mounting is
// impossible (not root); tests/unit/store-trade-store.test.ts covers the same with injected errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kstDate } from '../../electron/shared/kst.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until, wsCollector, type ServeProcess } from '../support/serve-process.ts';
import { assertDeliveredOnDisk, assertLedger, fillDisk, key, mountTmpfs, onDisk, remount, unmount } from './ledger.ts';

const A = '005930';
const B = '000660';
let emu: LsEmulator;
let setup: Awaited<ReturnType<typeof tempSetup>>;
let mounted = false;

interface Health {
  store_alarm: { state: string; error: string | null } | null;
  store: { pendingLines: number };
}

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/`, { headers: { Accept: 'application/json' } })).json()) as Health;
}

let tick = 0;
/** One trade with a unique, increasing time and size, so every key differs. */
function trade(code: string): string {
  tick++;
  const s = 9 * 3600 + tick;
  const hhmmss = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join('');
  return key(emu.sendTrade(code, { chetime: hhmmss, price: String(54_500 + (tick % 10) * 100), cvolume: String(tick), cgubun: tick % 2 ? '+' : '-' }));
}

before(async () => {
  emu = await startLsEmulator();
  setup = await tempSetup([A, B]);
  mounted = mountTmpfs(setup.dataDir, '512k');
});

after(async () => {
  if (mounted) unmount(setup.dataDir);
  await emu?.close();
  await setup?.cleanup();
});

async function startRecording(): Promise<{ serve: ServeProcess; ws: Awaited<ReturnType<typeof wsCollector>> }> {
  const serve = await startServe(emulatorEnv(emu, setup));
  await emu.waitFor(() => emu.subscribed().has(A) && emu.subscribed().has(B), 15_000, 'subscriptions');
  return { serve, ws: await wsCollector(serve.url) };
}

const dayFile = (code: string): string => path.join(setup.dataDir, `raw_data_${code}_${kstDate(Date.now())}.txt`);
const delivered = (ws: Awaited<ReturnType<typeof wsCollector>>, code: string): string[] =>
  ws.trades(code).map((m) => key(m as unknown as Parameters<typeof key>[0]));

test('disk full: nothing is delivered before it is written; the alarm is raised; space returns and every trade is written and delivered in order', async (t) => {
  if (!mounted) return t.skip('cannot mount a tmpfs here');
  const { serve, ws } = await startRecording();
  try {
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) sent.push(trade(A));
    await until(() => delivered(ws, A).length === 20, 'the first trades delivered');
    const filler = fillDisk(setup.dataDir);
    // A partly filled page of the day file may still take a few lines; then writes fail.
    for (let i = 0; i < 400 && (await health(serve.url)).store_alarm === null; i++) sent.push(trade(A));
    for (let i = 0; i < 50; i++) sent.push(trade(A));
    await until(async () => (await health(serve.url)).store.pendingLines > 0, 'trades queued');
    const h = await health(serve.url);
    assert.equal(h.store_alarm?.state, 'queueing');
    assert.match(h.store_alarm?.error ?? '', /ENOSPC/);
    assert.ok(ws.messages.some((m) => m.type === 'status' && (m.store_alarm as { state?: string } | null)?.state === 'queueing'), 'pages are told at once');
    assertDeliveredOnDisk(delivered(ws, A), onDisk(dayFile(A)), 'while full');
    assert.ok(delivered(ws, A).length < sent.length, 'queued trades are not delivered');

    fs.rmSync(filler);
    await until(() => delivered(ws, A).length === sent.length, 'queued trades delivered once space returns', 15_000);
    await until(async () => (await health(serve.url)).store_alarm === null, 'alarm cleared');
    assertLedger(sent, onDisk(dayFile(A)), delivered(ws, A), 'disk full');
  } finally {
    ws.close();
    await serve.stop();
  }
});

test('kill -9 while trades are queued on a full disk: no delivered trade is missing from disk', async (t) => {
  if (!mounted) return t.skip('cannot mount a tmpfs here');
  const { serve, ws } = await startRecording();
  const filler = fillDisk(setup.dataDir);
  try {
    for (let i = 0; i < 400 && (await health(serve.url)).store_alarm === null; i++) trade(A);
    for (let i = 0; i < 50; i++) trade(A);
    await until(async () => (await health(serve.url)).store.pendingLines > 0, 'trades queued');
    serve.child.kill('SIGKILL');
    await new Promise((r) => serve.child.once('exit', r));
    assertDeliveredOnDisk(delivered(ws, A), onDisk(dayFile(A)), 'after kill -9');
  } finally {
    ws.close();
    fs.rmSync(filler, { force: true });
    // The killed collector's lock names a dead pid: the next test takes it over.
  }
});

test('unwritable folder: a new code gets no day file and nothing is delivered until the folder is writable; then all of it', async (t) => {
  if (!mounted) return t.skip('cannot mount a tmpfs here');
  const { serve, ws } = await startRecording();
  try {
    assert.equal(fs.existsSync(dayFile(B)), false);
    remount(setup.dataDir, 'ro');
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) sent.push(trade(B));
    await until(async () => (await health(serve.url)).store.pendingLines === 30, 'trades queued');
    const h = await health(serve.url);
    assert.equal(h.store_alarm?.state, 'queueing');
    assert.match(h.store_alarm?.error ?? '', /EROFS/);
    assert.equal(delivered(ws, B).length, 0, 'no trade of the new code is delivered');
    assert.equal(fs.existsSync(dayFile(B)), false);
    remount(setup.dataDir, 'rw');
    for (let i = 0; i < 5; i++) sent.push(trade(B));
    await until(() => delivered(ws, B).length === sent.length, 'delivered once writable', 15_000);
    assertLedger(sent, onDisk(dayFile(B)), delivered(ws, B), 'unwritable folder');
  } finally {
    try {
      remount(setup.dataDir, 'rw');
    } catch {
      // Not mounted read-only.
    }
    ws.close();
    await serve.stop();
  }
});
