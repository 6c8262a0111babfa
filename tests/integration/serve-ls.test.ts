// The real `npm run serve` process (FEED=ls) against the LS emulator: every trade recorded once and
// in order, served by /api/history and /ws, watchlist changes reaching the live connection, and a
// dropped connection resubscribing everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import { once } from 'node:events';
import path from 'node:path';
import { EMULATOR_REFERENCE_PRICE, startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { REAL_005930, REAL_035720 } from '../support/paths.ts';
import { startServe, tempSetup, until, wsCollector, type ServeProcess, emulatorEnv } from '../support/serve-process.ts';
import { kstDate } from '../../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';

let emu: LsEmulator;
let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;
const today = kstDate(Date.now());

/** Two lines an earlier run wrote, then a line torn by a crash. */
const EARLIER: TradeRecord[] = [
  { chetime: '085959', price: '55000', cvolume: '10', cgubun: '+' },
  { chetime: '085959', price: '54900', cvolume: '3', cgubun: '-' },
];

async function fileRecords(code: string): Promise<TradeRecord[]> {
  const text = await fs.readFile(path.join(setup.dataDir, `raw_data_${code}_${today}.txt`), 'utf8');
  assert.ok(text.endsWith('\n'), 'the file ends with a complete line');
  return text.split('\n').slice(0, -1).map((line) => {
    const r = parseRecordLine(line);
    assert.ok(r, `every line is a valid record: ${line}`);
    return r;
  });
}

async function history(code: string): Promise<{ lastSeq: number; records: TradeRecord[] }> {
  const res = await fetch(`${serve.url}/api/history?code=${code}&date=${today}`);
  assert.equal(res.status, 200);
  return { lastSeq: Number(res.headers.get('x-last-seq')), records: (await res.json()) as TradeRecord[] };
}

async function health(): Promise<Record<string, unknown>> {
  const res = await fetch(`${serve.url}/`);
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
}

const subscribed = (): string[] => [...emu.subscribed('US3')].sort();

before(async () => {
  emu = await startLsEmulator();
  emu.setName('005930', '삼성전자');
  setup = await tempSetup(['005930', '035720']);
  const torn = EARLIER.map(formatRecordLine).join('') + '{"chetime": "090000", "pri';
  await fs.writeFile(path.join(setup.dataDir, `raw_data_005930_${today}.txt`), torn);
  serve = await startServe(emulatorEnv(emu, setup));
  await until(() => subscribed().length === 2, 'both codes subscribed');
});

after(async () => {
  const code = await serve?.stop();
  await emu?.close();
  await setup?.cleanup();
  assert.equal(code, 0, 'serve exits 0 on SIGTERM');
});

test('the start-up log line states the effective configuration with the secret masked', () => {
  const line = serve.stderr().split('\n').find((l) => l.includes('"core started"'));
  assert.ok(line, serve.stderr());
  const logged = JSON.parse(line) as Record<string, unknown>;
  assert.equal(logged.feed, 'ls');
  assert.equal(logged.lsRestUrl, emu.restUrl);
  assert.equal(logged.lsAppSecret, '[hidden]');
  assert.ok(!line.includes(emu.appSecret) && !line.includes(emu.appKey), line);
});

test('every trade sent is in the file, in /api/history and on /ws exactly once and in order', async () => {
  const ws = await wsCollector(serve.url);
  const sent005930 = await emu.sendFile(REAL_005930, '005930');
  const sent035720 = await emu.sendFile(REAL_035720, '035720', { limit: 3000 });
  assert.equal(sent005930.length, 309);
  assert.equal(sent035720.length, 3000);
  await until(() => ws.trades('005930').length >= 309 && ws.trades('035720').length >= 3000, 'all trades on /ws');
  ws.close();

  const expected005930 = [...EARLIER, ...sent005930];
  for (const [code, expected] of [['005930', expected005930], ['035720', sent035720]] as const) {
    assert.deepEqual(await fileRecords(code), expected, `${code}: the file holds every trade once, in order (torn line dropped)`);
    const h = await history(code);
    assert.equal(h.lastSeq, expected.length);
    assert.deepEqual(h.records, expected, `${code}: /api/history`);
  }

  const live = ws.trades('005930');
  assert.equal(live.length, 309);
  live.forEach((m, i) => {
    assert.equal(m.seq, EARLIER.length + i + 1);
    assert.equal(m.date, today);
    assert.equal(m.epoch, 0, 'no fill merged into the day file');
    const { code, date, seq, epoch, ...record } = m;
    assert.deepEqual(record, sent005930[i]);
  });
  assert.deepEqual(ws.trades('035720').map((m) => m.seq), sent035720.map((_, i) => i + 1));

  const h = await health();
  assert.equal(h.status, 'running');
  assert.equal(h.feed, 'ls');
  assert.equal(h.demo, false);
  assert.equal(h.ls_client_running, true);
  assert.equal(h.connection, 'open');
  assert.equal(h.message, 'LS증권 연결됨 (구독 중: 2개 종목)');
  assert.deepEqual(h.watchlist, ['005930', '035720']);
  const codes = h.codes as Record<string, { trades_today: number; last_trade_time: string }>;
  assert.equal(codes['005930']!.trades_today, expected005930.length);
  assert.equal(codes['005930']!.last_trade_time, sent005930.at(-1)!.chetime);
  assert.equal(codes['035720']!.trades_today, 3000);
});

/** A WebSocket client of /ws that completes the handshake and then never reads: a frozen browser tab. */
async function stalledClient(): Promise<net.Socket> {
  const { port } = new URL(serve.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const [head] = (await once(socket, 'data')) as [Buffer];
  assert.match(head.toString('latin1'), /^HTTP\/1\.1 101 /);
  socket.pause();
  return socket;
}

test('a stalled WS client is cut off while another receives every trade', async () => {
  const before = (await history('035720')).lastSeq;
  const stalled = await stalledClient();
  const ws = await wsCollector(serve.url);
  // Twice the real day: several MB per client, more than the kernel's socket buffers hold.
  const sent = [...(await emu.sendFile(REAL_035720, '035720')), ...(await emu.sendFile(REAL_035720, '035720'))];
  await until(() => ws.trades('035720').length >= sent.length, 'every trade at the healthy client', 30_000);
  // It is cut once its backlog has stopped shrinking for a while (or passed the hard limit); trades keep coming meanwhile.
  await until(async () => {
    if ((await health()).slow_clients_cut === 1) return true;
    sent.push(emu.sendTrade('035720', { chetime: '153000', price: '60000', cvolume: '1', cgubun: '+' }));
    return false;
  }, 'the stalled client cut', 20_000);
  await until(() => ws.trades('035720').length >= sent.length, 'every later trade at the healthy client');
  ws.close();
  assert.deepEqual(ws.trades('035720').map((m) => m.seq), sent.map((_, i) => before + i + 1));
  assert.equal((await health()).slow_clients_cut, 1);
  assert.equal((await history('035720')).lastSeq, before + sent.length);
  stalled.destroy();
});

test('the stock name and reference price come from t1102; an unknown code is a 404', async () => {
  const ok = await fetch(`${serve.url}/api/stock/005930`);
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { code: '005930', name: '삼성전자', status: 'success', reference_price: EMULATOR_REFERENCE_PRICE });
  const unknown = await fetch(`${serve.url}/api/stock/999999`);
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { status: string }).status, 'error');
});

test('subscribe and unsubscribe over HTTP reach the emulator on the same connection', async () => {
  const connections = emu.connections;
  const ws = await wsCollector(serve.url);
  const added = await fetch(`${serve.url}/api/subscribe/000660`, { method: 'POST' });
  assert.equal(added.status, 200);
  assert.deepEqual(((await added.json()) as { watchlist: string[] }).watchlist, ['005930', '035720', '000660']);
  await until(() => emu.subscribed('US3').has('000660'), '000660 subscribed');
  await until(
    () => ws.messages.some((m) => m.type === 'status' && (m.watchlist as string[]).includes('000660')),
    'a status frame announcing the new watchlist',
  );
  ws.close();
  const file = JSON.parse(await fs.readFile(setup.watchlistPath, 'utf8')) as { description: string; codes: string[] };
  assert.deepEqual(file, { description: 'test watchlist', codes: ['005930', '035720', '000660'] });

  const sent = emu.sendTrade('000660', { chetime: '100000', price: '120000', cvolume: '7', cgubun: '+' });
  await until(async () => (await history('000660')).records.length === 1, '000660 recorded');
  assert.deepEqual((await history('000660')).records, [sent]);

  const removed = await fetch(`${serve.url}/api/subscribe/035720`, { method: 'DELETE' });
  assert.equal(removed.status, 200);
  await until(() => !emu.subscribed('US3').has('035720'), '035720 unsubscribed');
  assert.deepEqual(subscribed(), ['000660', '005930']);
  assert.equal(emu.connections, connections, 'no reconnect');

  const reorder = await fetch(`${serve.url}/api/watchlist`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ codes: ['000660', '005930'] }),
  });
  assert.equal(reorder.status, 200);
  assert.deepEqual(((await (await fetch(`${serve.url}/api/watchlist`)).json()) as { watchlist: string[] }).watchlist, ['000660', '005930']);
});

test('a code missing from today\'s LS stock list (t8436) is refused with 404 and changes nothing', async () => {
  const before = ((await (await fetch(`${serve.url}/api/watchlist`)).json()) as { watchlist: string[] }).watchlist;
  const res = await fetch(`${serve.url}/api/subscribe/999999`, { method: 'POST' });
  assert.equal(res.status, 404);
  const body = (await res.json()) as { error: string; watchlist: string[] };
  assert.match(body.error, /999999.*LS 종목 목록/);
  assert.deepEqual(body.watchlist, before);
  assert.deepEqual((JSON.parse(await fs.readFile(setup.watchlistPath, 'utf8')) as { codes: string[] }).codes, before);
  assert.equal(emu.subscribed('US3').has('999999'), false);
  assert.ok(emu.restRequests.some((r) => r.headers.tr_cd === 't8436'), 'checked against the master list');
});

test('a hand edit of watchlist.json resubscribes; a broken edit keeps the last good list', async () => {
  const connections = emu.connections;
  await fs.writeFile(setup.watchlistPath, JSON.stringify({ description: 'hand edit', codes: ['005930', '373220'] }));
  await until(() => subscribed().join() === '005930,373220', 'hand-edited list subscribed');
  assert.equal(emu.connections, connections, 'no reconnect');

  await fs.writeFile(setup.watchlistPath, '{"codes": ["005930", ');
  await until(async () => typeof (await health()).watchlist_error === 'string', 'broken edit reported');
  const h = await health();
  assert.deepEqual(h.watchlist, ['005930', '373220']);
  assert.match(String(h.watchlist_error), /not valid JSON/);
  assert.deepEqual(subscribed(), ['005930', '373220']);
  // Changes through the API wait for the fix, answering with the file's problem (not a 500).
  const add = await fetch(`${serve.url}/api/subscribe/000660`, { method: 'POST' });
  assert.equal(add.status, 409);
  assert.match(((await add.json()) as { error: string }).error, /not valid JSON.*fix the file/);
  const reorder = await fetch(`${serve.url}/api/watchlist`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ codes: ['373220', '005930'] }),
  });
  assert.equal(reorder.status, 409);
  assert.match(((await reorder.json()) as { error: string }).error, /not valid JSON/);
  assert.equal((await fetch(`${serve.url}/api/subscribe/005930`, { method: 'DELETE' })).status, 409);
  assert.deepEqual((await health()).watchlist, ['005930', '373220']);
});

test('after a dropped connection the client reconnects and resubscribes every code', async () => {
  const connections = emu.connections;
  const ws = await wsCollector(serve.url);
  emu.dropAll();
  await until(() => emu.connections === connections + 1 && subscribed().join() === '005930,373220', 'reconnected and resubscribed', 20_000);
  const states = ws.messages.filter((m) => m.type === 'status').map((m) => m.state);
  assert.equal(states[0], 'open');
  assert.ok(states.includes('reconnecting'), `status frames told of the loss: ${states.join()}`);
  await until(() => ws.messages.filter((m) => m.type === 'status').at(-1)?.state === 'open', 'a status frame telling the connection is back');
  ws.close();
  const h = await health();
  assert.equal(h.reconnects, 1);
  const sent = emu.sendTrade('373220', { chetime: '110000', price: '400000', cvolume: '1', cgubun: '-' });
  await until(async () => (await history('373220')).records.length === 1, 'trade after reconnect recorded');
  assert.deepEqual((await history('373220')).records, [sent]);
});
