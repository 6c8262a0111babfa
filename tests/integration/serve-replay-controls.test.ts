// The replay controls over real sockets: GET/POST /api/replay on a FEED=replay serve process, the
// state in status frames, a forward seek recording the skipped trades without sending them on /ws,
// refusals (400, 403, 409), and the replay store holding the source day line for line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { demoEnv, startServe, tempSetup, until, wsCollector, type WsMessage } from '../support/serve-process.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import type { ReplayState } from '../../electron/shared/wire.ts';

const DATE = '20251126';
const rec = (chetime: string, cvolume: string): TradeRecord => ({ chetime, price: '60000', cvolume, cgubun: '+' });
const SOURCE = [rec('090000', '1'), rec('090000', '2'), rec('090500', '3'), rec('090600', '4'), rec('093000', '5'), rec('100000', '6')];

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${url}/api/replay`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

const replayOf = (m: WsMessage): ReplayState | null => (m.type === 'status' ? (m.replay_state as ReplayState | null) : null);

test('replay controls: pause, forward seek (skipped trades recorded, not broadcast), refusals, speed, play to the end', async () => {
  const s = await tempSetup(['005930']);
  const sourceDir = path.join(s.dir, 'source');
  await fs.mkdir(sourceDir);
  await fs.writeFile(path.join(sourceDir, `raw_data_005930_${DATE}.txt`), SOURCE.map(formatRecordLine).join(''));
  const serve = await startServe({ FEED: 'replay', REPLAY_DIR: sourceDir, REPLAY_DATE: DATE, REPLAY_SPEED: '1', DATA_DIR: s.dataDir, WATCHLIST_PATH: s.watchlistPath });
  try {
    const ws = await wsCollector(serve.url);
    // The 09:00:00 trades play as the feed starts, before the URL is printed.
    await until(async () => ((await (await fetch(`${serve.url}/`)).json()) as { codes: Record<string, { trades_today: number }> }).codes['005930']?.trades_today === 2, 'the 09:00:00 trades');
    const first = (await (await fetch(`${serve.url}/api/replay`)).json()) as ReplayState;
    assert.deepEqual([first.mode, first.date, first.speed, first.start, first.end, first.seeks], ['playing', DATE, 1, '09:00:00', '10:00:00', 0]);

    assert.equal((await post(serve.url, { action: 'pause' }, { Origin: 'http://evil.example' })).status, 403, 'a foreign page may not drive the replay');
    const paused = await post(serve.url, { action: 'pause' }, { Origin: serve.url });
    assert.equal(paused.status, 200);
    assert.equal(paused.json.mode, 'paused');
    await until(() => ws.messages.some((m) => replayOf(m)?.mode === 'paused'), 'a status frame saying paused');
    const health = (await (await fetch(`${serve.url}/`)).json()) as { replay_state: ReplayState; message: string };
    assert.equal(health.replay_state.mode, 'paused');
    assert.match(health.message, /일시정지/);

    const sought = await post(serve.url, { action: 'seek', time: '09:30:00' });
    assert.equal(sought.status, 200);
    assert.deepEqual([sought.json.mode, sought.json.time, sought.json.seeks], ['paused', '09:30:00', 1]);
    await until(() => ws.messages.some((m) => replayOf(m)?.seeks === 1), 'a status frame telling pages to reload');
    assert.deepEqual(ws.trades('005930'), [], 'skipped trades are not sent as a flood');
    const history = (await (await fetch(`${serve.url}/api/history?code=005930`)).json()) as TradeRecord[];
    assert.deepEqual(history.map((r) => r.cvolume), ['1', '2', '3', '4'], 'skipped trades are recorded');
    const footprint = (await (await fetch(`${serve.url}/api/footprint?code=005930`)).json()) as Array<{ volume: number }>;
    assert.equal(footprint.reduce((n, b) => n + b.volume, 0), 1 + 2 + 3 + 4);

    const back = await post(serve.url, { action: 'seek', time: '09:10:00' });
    assert.equal(back.status, 400, 'a seek goes forward only');
    assert.match(String(back.json.error), /forward only/);
    for (const bad of [{ action: 'jump' }, { action: 'speed', speed: 0 }, { action: 'speed', speed: '10' }, { action: 'seek', time: '25:00' }, { action: 'seek' }, []]) {
      const r = await post(serve.url, bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(typeof r.json.error, 'string');
    }
    assert.equal(((await (await fetch(`${serve.url}/api/replay`)).json()) as ReplayState).time, '09:30:00', 'refusals changed nothing');

    const fast = await post(serve.url, { action: 'speed', speed: 'max' });
    assert.deepEqual([fast.json.mode, fast.json.speed], ['paused', 'max']);
    const played = await post(serve.url, { action: 'play' });
    assert.equal(played.status, 200);
    await until(() => ws.trades('005930').length === 2, 'the rest of the day, live');
    assert.deepEqual(ws.trades('005930').map((m) => [m.cvolume, m.seq]), [['5', 5], ['6', 6]]);
    await until(() => ws.messages.some((m) => replayOf(m)?.mode === 'finished'), 'finished');

    const recorded = (await fs.readFile(path.join(s.dataDir, 'replay', `raw_data_005930_${DATE}.txt`), 'utf8')).split('\n').slice(0, -1).map(parseRecordLine);
    assert.deepEqual(recorded, SOURCE, 'the replay store holds the day once, in order');
    ws.close();
  } finally {
    assert.equal(await serve.stop(), 0);
    await s.cleanup();
  }
});

test('the replay API answers 409 when the feed is not a replay', async () => {
  const s = await tempSetup(['005930']);
  const serve = await startServe(demoEnv(s));
  try {
    const get = await fetch(`${serve.url}/api/replay`);
    assert.equal(get.status, 409);
    assert.match(((await get.json()) as { error: string }).error, /not a replay/);
    assert.equal((await post(serve.url, { action: 'pause' })).status, 409);
    const health = (await (await fetch(`${serve.url}/`)).json()) as { replay_state: unknown };
    assert.equal(health.replay_state, null);
  } finally {
    assert.equal(await serve.stop(), 0);
    await s.cleanup();
  }
});
