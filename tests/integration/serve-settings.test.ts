// The settings API of the real `npm run serve` process against the LS emulator: a run started in demo
// mode gets credentials over PUT /api/settings and its collector connects to LS without the HTTP server
// restarting; trades then land in DATA_DIR (not DATA_DIR/demo); the secret never appears in an answer
// or in the process's output; a bad form changes nothing. Also: a broken hand edit of watchlist.json
// is announced on /ws, and so is its repair.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { WebSocket } from 'ws';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { startServe, tempSetup, until, type ServeProcess, type WsMessage } from '../support/serve-process.ts';
import { kstDate } from '../../electron/shared/kst.ts';
import type { TradeRecord } from '../../electron/shared/trade.ts';

let emu: LsEmulator;
let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;
let ws: WebSocket;
const messages: WsMessage[] = [];
/** Every response body the tests read, checked at the end for the secret. */
const bodies: string[] = [];
const today = kstDate(Date.now());

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${serve.url}${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
}

const health = async (): Promise<Record<string, unknown>> => (await call('GET', '/')).json;
const statusFrames = (): WsMessage[] => messages.filter((m) => m.type === 'status');
const lastStatus = (): WsMessage | undefined => statusFrames().at(-1);
const subscribed = (): string[] => [...emu.subscribed('US3')].sort();

before(async () => {
  emu = await startLsEmulator();
  setup = await tempSetup(['005930', '000660']);
  // No keys: the demo feed runs; the LS URLs point at the emulator for when keys arrive.
  serve = await startServe({
    LS_REST_URL: emu.restUrl,
    LS_WS_URL: emu.wsUrl,
    DATA_DIR: setup.dataDir,
    WATCHLIST_PATH: setup.watchlistPath,
    DEMO_SEED: '3',
  });
  ws = new WebSocket(`${serve.url.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as WsMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
});

after(async () => {
  ws?.close();
  const code = await serve?.stop();
  await emu?.close();
  await setup?.cleanup();
  assert.equal(code, 0, 'serve exits 0 on SIGTERM');
});

test('starts in demo mode, recording under DATA_DIR/demo, with the settings page API mounted', async () => {
  const h = await health();
  assert.equal(h.feed, 'demo');
  assert.equal(lastStatus()?.feed, 'demo');
  await until(async () => ((await health()).codes as Record<string, { trades_today: number }>)['005930']!.trades_today > 0, 'demo trades');
  const code = (await health()).codes as Record<string, { last_price: string | null }>;
  assert.match(code['005930']!.last_price ?? '', /^\d+(\.\d+)?$/, 'GET / carries the last price');
  await fs.access(path.join(setup.dataDir, 'demo', `raw_data_005930_${today}.txt`));

  const s = await call('GET', '/api/settings');
  assert.equal(s.status, 200);
  assert.equal(s.json.appKey, '');
  assert.equal(s.json.appSecret, '');
  assert.equal(s.json.tradeTr, 'US3');
  assert.equal(s.json.port, Number(new URL(serve.url).port), 'the port in use, not 0');
  assert.equal((s.json.storage as { persistent: boolean }).persistent, false);
});

test('a bad form gets 400 with an error per field and changes nothing', async () => {
  const before = await call('GET', '/api/settings');
  const r = await call('PUT', '/api/settings', { appKey: 'short', appSecret: emu.appSecret, port: 80, tradeTr: 'XYZ', dataDir: 'relative/dir', simulated: 'yes' });
  assert.equal(r.status, 400);
  const fields = (r.json.errors as Array<{ field: string; message: string }>).map((e) => e.field).sort();
  assert.deepEqual(fields, ['appKey', 'dataDir', 'port', 'simulated', 'tradeTr']);
  assert.ok((r.json.errors as Array<{ message: string }>).every((e) => /[가-힣]/.test(e.message)), 'messages in Korean');
  const problems = Object.fromEntries((r.json.errors as Array<{ field: string; problem: string }>).map((e) => [e.field, e.problem]));
  assert.deepEqual(problems, { appKey: 'key_format', dataDir: 'folder_relative', port: 'port', simulated: 'server', tradeTr: 'trade_tr' });
  assert.deepEqual((await call('GET', '/api/settings')).json, before.json);
  assert.equal((await health()).feed, 'demo');
  assert.equal(emu.connections, 0, 'no LS connection was attempted');

  const half = await call('PUT', '/api/settings', { appKey: emu.appKey });
  assert.equal(half.status, 400, 'a key without a secret is refused');
  assert.deepEqual((await call('GET', '/api/settings')).json, before.json);
});

test('credentials over PUT connect the collector to LS without restarting the server; trades go to DATA_DIR', async () => {
  const framesBefore = statusFrames().length;
  const r = await call('PUT', '/api/settings', { appKey: emu.appKey, appSecret: emu.appSecret });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.impact, { reconnect: true, restart: [] });
  assert.match(String(r.json.message), /다시 연결/);
  const settings = r.json.settings as Record<string, unknown>;
  assert.equal(settings.appKey, '********');
  assert.equal(settings.appSecret, '********');

  await until(() => subscribed().join() === '000660,005930', 'the watchlist subscribed on the emulator');
  await until(() => lastStatus()?.feed === 'ls' && lastStatus()?.state === 'open', 'an LS status frame on the open WS client');
  assert.ok(statusFrames().length > framesBefore);
  assert.equal(ws.readyState, WebSocket.OPEN, 'the page connection stayed open');
  const h = await health();
  assert.equal(h.feed, 'ls');
  assert.equal(h.demo, false);
  assert.equal(h.connection, 'open');
  assert.equal(emu.connections, 1);

  const sent: TradeRecord[] = [
    emu.sendTrade('005930', { chetime: '100000', price: '71000', cvolume: '5', cgubun: '+' }),
    emu.sendTrade('005930', { chetime: '100001', price: '70900', cvolume: '2', cgubun: '-' }),
    emu.sendTrade('005930', { chetime: '100002', price: '71100', cvolume: '9', cgubun: '+' }),
  ];
  const live = (): WsMessage[] => messages.filter((m) => m.type === undefined && m.code === '005930' && ['100000', '100001', '100002'].includes(String(m.chetime)));
  await until(() => live().length === 3, 'the LS trades on /ws');
  assert.deepEqual(live().map((m) => m.seq), [1, 2, 3], 'numbered in the real day file, not after the demo ones');

  const real = (await fs.readFile(path.join(setup.dataDir, `raw_data_005930_${today}.txt`), 'utf8')).trim().split('\n');
  assert.equal(real.length, 3);
  assert.deepEqual(real.map((l) => (JSON.parse(l) as TradeRecord).price), sent.map((t) => t.price));
  const demo = await fs.readFile(path.join(setup.dataDir, 'demo', `raw_data_005930_${today}.txt`), 'utf8');
  const demoTimes = demo.trim().split('\n').map((l) => (JSON.parse(l) as TradeRecord).chetime);
  assert.ok(!demoTimes.some((t) => t.startsWith('10000')), 'no LS trade in the demo file');

  const hist = await fetch(`${serve.url}/api/history?code=005930&date=${today}`);
  assert.equal(hist.headers.get('x-last-seq'), '3');
  assert.deepEqual(((await hist.json()) as TradeRecord[]).map((t) => t.chetime), ['100000', '100001', '100002']);
  const codes = (await health()).codes as Record<string, { trades_today: number; last_price: string | null }>;
  assert.deepEqual(codes['005930'], { last_trade_time: '100002', last_price: '71100', trades_today: 3, gaps_today: 0, quarantined_today: 0, continuity: 'learning' });
});

test('"test connection" reuses the live token for the key in use and reports LS refusals in Korean', async () => {
  const issued = emu.tokensIssued;
  const ok = await call('POST', '/api/settings/test', {});
  assert.equal(ok.status, 200);
  assert.equal(ok.json.ok, true);
  assert.equal(emu.tokensIssued, issued, 'no second token for the key the collector uses');

  const bad = await call('POST', '/api/settings/test', { appKey: 'wrong-app-key-000000', appSecret: 'wrong-app-secret-0000' });
  assert.equal(bad.json.ok, false);
  assert.match(String(bad.json.message), /유효하지 않은 AppSecret입니다/);
  assert.equal((await health()).connection, 'open', 'testing other keys leaves the collector alone');
});

test('port and data folder are saved and reported as applying after a restart; the server stays', async () => {
  const dir = path.join(setup.dir, 'elsewhere');
  const r = await call('PUT', '/api/settings', { port: 18123, dataDir: dir });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.impact, { reconnect: false, restart: ['port', 'dataDir'] });
  assert.match(String(r.json.message), /다시 시작하면 적용/);
  assert.equal((await call('GET', '/api/settings')).json.port, 18123);
  assert.equal((await health()).connection, 'open');
  assert.equal(emu.connections, 1, 'no reconnect');
});

test('clearing the keys switches back to the demo feed and its folder', async () => {
  const r = await call('PUT', '/api/settings', { appKey: '', appSecret: '' });
  assert.equal(r.status, 200);
  await until(() => emu.liveConnections() === 0, 'the LS connection closed');
  await until(() => lastStatus()?.feed === 'demo', 'a demo status frame');
  const demoSeq = (): number => Math.max(0, ...messages.filter((m) => m.type === undefined && m.code === '005930' && typeof m.seq === 'number' && m.seq > 3).map((m) => m.seq as number));
  await until(() => demoSeq() > 3, 'demo trades continuing the demo file');
  const real = (await fs.readFile(path.join(setup.dataDir, `raw_data_005930_${today}.txt`), 'utf8')).trim().split('\n');
  assert.equal(real.length, 3, 'no demo trade in the real file');
});

test('a broken hand edit of watchlist.json is announced on /ws, and so is its repair', async () => {
  await fs.writeFile(setup.watchlistPath, '{"codes": ["005930", ');
  await until(() => typeof lastStatus()?.watchlist_error === 'string', 'a status frame with the watchlist error');
  assert.match(String(lastStatus()?.watchlist_error), /not valid JSON/);
  assert.deepEqual(lastStatus()?.watchlist, ['005930', '000660'], 'the last good list is kept');
  await fs.writeFile(setup.watchlistPath, `${JSON.stringify({ codes: ['005930'] })}\n`);
  await until(() => lastStatus()?.watchlist_error === null && (lastStatus()?.watchlist as string[]).join() === '005930', 'a status frame without the error');
});

test('the secret never appears in an answer or in the process output', () => {
  assert.ok(bodies.length > 10);
  for (const b of bodies) assert.ok(!b.includes(emu.appSecret), `a response carried the secret: ${b.slice(0, 200)}`);
  assert.ok(!serve.stdout().includes(emu.appSecret), 'stdout');
  assert.ok(!serve.stderr().includes(emu.appSecret), 'stderr');
  assert.ok(!messages.some((m) => JSON.stringify(m).includes(emu.appSecret)), '/ws');
});
