// The fill in the real serve process against the LS emulator: started after the open, a dropped
// connection, and `kill -9` while the connection is down; each time the day file ends holding every print
// of the day once, in order, with its side and venue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { kstDate, kstEpochSeconds } from '../../electron/shared/kst.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';
import { clockShiftEnv, emulatorEnv, startServe, tempSetup, until, type ServeProcess } from '../support/serve-process.ts';

const CODE = '000660';

interface Print {
  record: TradeRecord;
  auction: boolean;
}

function happen(emu: LsEmulator, sent: Print[], n: number, code = CODE): void {
  for (let k = 0; k < n; k++) {
    const i = sent.length;
    const s = 9 * 3600 + i * 2;
    const chetime = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join('');
    const auction = i === 0;
    const buy = i % 3 !== 1;
    const record = emu.sendTrade(code, { chetime, price: buy ? 180_500 : 180_000, cvolume: 1 + (i % 4 === 0 ? 0 : i % 5), cgubun: buy ? '+' : '-' }, { exchname: i % 6 === 5 ? 'NXT' : 'KRX', auction });
    sent.push({ record, auction });
  }
}

async function fileOf(dataDir: string): Promise<TradeRecord[]> {
  const text = await fs.readFile(path.join(dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.txt`), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((l) => parseRecordLine(l) as TradeRecord);
}

function assertWholeDay(file: TradeRecord[], sent: Print[]): void {
  assert.equal(file.length, sent.length, 'one line per print');
  file.forEach((r, i) => {
    const { record, auction } = sent[i];
    assert.deepEqual([r.chetime, r.price, r.cvolume, r.exchname, r.volume], [record.chetime, record.price, record.cvolume, record.exchname, record.volume], `line ${i + 1}`);
    if (!auction) assert.equal(r.cgubun, record.cgubun, `side of line ${i + 1}`);
  });
}

async function backfillOf(serve: ServeProcess): Promise<{ state: string; inserted: number; fetched: number } | undefined> {
  const health = (await (await fetch(`${serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as { backfill: Record<string, { state: string; inserted: number; fetched: number }> };
  return health.backfill[CODE];
}

test('started after the open, dropped, killed while down: the day file ends with every print once, in order', async () => {
  const emu = await startLsEmulator({ timeSales: { pageSize: 40 } });
  const setup = await tempSetup([CODE]);
  const sent: Print[] = [];
  let serve: ServeProcess | null = null;
  try {
    // The morning before the app starts.
    happen(emu, sent, 90);
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    const ws = new WebSocket(`${serve.url.replace('http', 'ws')}/ws`, { headers: { Origin: serve.url } });
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
    await new Promise((r) => ws.once('open', r));
    happen(emu, sent, 20);
    await until(async () => (await fileOf(setup.dataDir)).length === sent.length && (await backfillOf(serve as ServeProcess))?.state === 'done', 'the morning filled', 30_000);
    assertWholeDay(await fileOf(setup.dataDir), sent);
    // Status frames carry the fill's progress too, as GET / does.
    const framed = (): { state: string; fetched: number } | undefined =>
      frames.filter((f) => f.type === 'status').at(-1)?.backfill?.[CODE as keyof object] as { state: string; fetched: number } | undefined;
    await until(() => framed()?.state === 'done', 'a status frame with the fill done');
    assert.equal(framed()?.fetched, (await backfillOf(serve))?.fetched);
    const fill = frames.find((f) => f.type === 'fill');
    assert.ok(fill, 'a fill frame');
    assert.equal(fill.code, CODE);
    // Filled trades are never broadcast as live trades.
    assert.equal(frames.filter((f) => f.price !== undefined).length, 20);
    // History answers carry the day file's epoch, the one the fill frame announced.
    const history = await fetch(`${serve.url}/api/history?code=${CODE}`, { headers: { Accept: 'application/json' } });
    assert.equal(history.headers.get('x-day-epoch'), String(fill.epoch));
    assert.equal(history.headers.get('x-last-seq'), String(sent.length));
    // So do the footprint's and the big prints' answers, and every live trade written since the merge.
    for (const route of ['footprint', 'bigprints']) {
      const answer = await fetch(`${serve.url}/api/${route}?code=${CODE}`, { headers: { Accept: 'application/json' } });
      assert.equal(answer.headers.get('x-day-epoch'), String(fill.epoch), route);
      assert.equal(answer.headers.get('x-last-seq'), String(sent.length), route);
    }
    const liveBefore = frames.filter((f) => f.price !== undefined).length;
    happen(emu, sent, 3);
    await until(() => frames.filter((f) => f.price !== undefined).length === liveBefore + 3, 'three more live trades');
    assert.deepEqual(frames.filter((f) => f.price !== undefined).slice(-3).map((f) => [f.seq, f.epoch]), [1, 2, 3].map((k) => [sent.length - 3 + k, fill.epoch]));
    ws.close();

    // A dropped stretch: the connection is down while the market trades on.
    emu.hold(true);
    emu.dropAll();
    happen(emu, sent, 25);
    emu.hold(false);
    await emu.waitFor(() => emu.liveConnections() > 0 && emu.subscribed().has(CODE), 15_000, 'resubscribed');
    happen(emu, sent, 5);
    await until(async () => (await fileOf(setup.dataDir)).length === sent.length, 'the dropped stretch filled', 30_000);
    assertWholeDay(await fileOf(setup.dataDir), sent);

    // kill -9 while the connection is down; the next run fills what traded meanwhile.
    emu.hold(true);
    serve.child.kill('SIGKILL');
    await new Promise((r) => (serve as ServeProcess).child.once('exit', r));
    serve = null;
    happen(emu, sent, 30);
    emu.hold(false);
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription after restart');
    happen(emu, sent, 5);
    await until(async () => (await fileOf(setup.dataDir)).length === sent.length, 'the restart gap filled', 30_000);
    assertWholeDay(await fileOf(setup.dataDir), sent);
    assert.equal((await fileOf(setup.dataDir)).filter((r) => r.src === 'fill').length, 90 + 25 + 30);
  } finally {
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
});

test('kill -9 in the middle of a fill: the next run resumes from the side file and the day file ends with every print once', async () => {
  const emu = await startLsEmulator({ timeSales: { pageSize: 10 } });
  const setup = await tempSetup([CODE]);
  const sent: Print[] = [];
  let serve: ServeProcess | null = null;
  try {
    // A morning of many pages (one call a second at the default limit).
    happen(emu, sent, 120);
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    happen(emu, sent, 3);
    const side = path.join(setup.dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.fill.txt`);
    const sideRows = async (): Promise<number> => (await fs.readFile(side, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    // Killed once a few pages are in the side file and before the fill is done.
    await until(async () => (await sideRows()) >= 30, 'pages in the side file', 60_000);
    serve.child.kill('SIGKILL');
    await new Promise((r) => (serve as ServeProcess).child.once('exit', r));
    serve = null;
    assert.ok((await fileOf(setup.dataDir)).length < sent.length, 'killed before the merge');
    const kept = await sideRows();
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription after restart');
    happen(emu, sent, 3);
    const s = serve;
    // Paused from the page (between pages), then resumed.
    const control = (action: string, origin = s.url, code = CODE): Promise<Response> =>
      fetch(`${s.url}/api/backfill/${code}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ action }) });
    assert.equal((await control('pause', 'http://evil.example')).status, 403, 'a foreign page cannot pause');
    assert.equal((await control('stop')).status, 400);
    // A code nobody watches has no fill: resuming it fetches nothing.
    const unwatched = await control('resume', s.url, '005930');
    assert.equal(unwatched.status, 404);
    assert.deepEqual(((await unwatched.json()) as { watchlist: string[] }).watchlist, [CODE]);
    assert.equal((await control('pause')).status, 200);
    await until(async () => (await backfillOf(s))?.state === 'paused', 'the fill paused', 60_000);
    assert.equal(((await (await control('resume')).json()) as { backfill: { state: string } }).backfill.state !== 'paused', true);
    await until(async () => (await fileOf(setup.dataDir)).length === sent.length && (await backfillOf(s))?.state === 'done', 'the fill resumed and done', 60_000);
    assertWholeDay(await fileOf(setup.dataDir), sent);
    const volumes = (await fileOf(setup.dataDir)).map((r) => Number(r.volume));
    assert.equal(new Set(volumes).size, volumes.length, 'no print twice');
    // What the side file already held was not fetched again.
    const health = (await (await fetch(`${s.url}/`, { headers: { Accept: 'application/json' } })).json()) as { backfill: Record<string, { fetched: number }> };
    assert.ok((health.backfill[CODE]?.fetched ?? 0) <= 120 - kept, `fetched ${health.backfill[CODE]?.fetched} after ${kept} kept`);
    assert.deepEqual(Object.keys(health.backfill), [CODE]);
    assert.equal(emu.restRequests.some((r) => r.body.includes('"005930"')), false, 'no call for the code nobody watches');
  } finally {
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
});

test('the code a page shows is filled first: its calls go before the other codes\' in the shared queue', async () => {
  const other = '005930';
  const emu = await startLsEmulator({ timeSales: { pageSize: 10 } });
  const setup = await tempSetup([other, CODE]);
  let serve: ServeProcess | null = null;
  try {
    // Two mornings of six pages each before the app starts; t8454 at its default 1 call/s.
    happen(emu, [], 60, other);
    happen(emu, [], 60);
    serve = await startServe(emulatorEnv(emu, setup));
    const ws = new WebSocket(`${serve.url.replace('http', 'ws')}/ws`, { headers: { Origin: serve.url } });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'view', code: CODE }));
    const calls = (): string[] =>
      emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').map((r) => (JSON.parse(r.body) as { t8454InBlock: { shcode: string } }).t8454InBlock.shcode);
    await until(() => calls().filter((c) => c === other).length >= 6 && calls().filter((c) => c === CODE).length >= 6, 'both mornings fetched', 40_000);
    const order = calls();
    // A call or two may have started before the page said what it shows; from then on the code shown runs alone.
    const shownCalls = order.flatMap((c, i) => (c === CODE ? [i] : []));
    const firstAfterView = shownCalls.find((i) => i >= 2) ?? -1;
    assert.deepEqual(order.slice(firstAfterView, shownCalls.at(-1)! + 1).filter((c) => c !== CODE), [], order.join(' '));
    assert.ok(shownCalls.at(-1)! < order.lastIndexOf(other), order.join(' '));
    ws.close();
  } finally {
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
});

test('after the close: the tail the fill appended is not written again when LS resends the last frame on a resubscribe', async () => {
  const emu = await startLsEmulator({ timeSales: { pageSize: 50 } });
  const setup = await tempSetup([CODE]);
  const sent: Print[] = [];
  let serve: ServeProcess | null = null;
  try {
    // The whole day happened while the app was off; it starts at 20:06 KST, the day over.
    happen(emu, sent, 100);
    emu.hold(true);
    serve = await startServe({ ...emulatorEnv(emu, setup), ...clockShiftEnv(kstEpochSeconds(kstDate(Date.now()), '200600') * 1000) });
    const s = serve;
    await until(async () => (await fileOf(setup.dataDir)).length === sent.length && (await backfillOf(s))?.state === 'done', 'the day written from LS', 30_000);
    emu.hold(false);
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    // A reconnect later in the evening; LS sends the code's last frame again on the new subscription.
    emu.dropAll();
    await emu.waitFor(() => emu.liveConnections() > 0 && emu.subscribed().has(CODE), 15_000, 'resubscription');
    assert.ok(emu.resendLast(CODE));
    const repeats = async (): Promise<number> => ((await (await fetch(`${s.url}/`, { headers: { Accept: 'application/json' } })).json()) as { repeated_trades: number }).repeated_trades;
    await until(async () => (await repeats()) === 1, 'the resent frame dropped as a repeat');
    assertWholeDay(await fileOf(setup.dataDir), sent);
  } finally {
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
});
