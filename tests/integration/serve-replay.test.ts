// FEED=replay: the real recorded 005930 day replayed through the whole pipeline reproduces it,
// recorded under DATA_DIR/replay, labelled replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { REAL_005930, REAL_DATA_DIR } from '../support/paths.ts';
import { startServe, tempSetup, until, wsCollector } from '../support/serve-process.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';

test('replaying the real 005930 file reproduces it line for line', async () => {
  const s = await tempSetup(['005930']);
  const serve = await startServe({
    FEED: 'replay',
    REPLAY_DIR: REAL_DATA_DIR,
    REPLAY_DATE: '20251125',
    REPLAY_SPEED: 'max',
    DATA_DIR: s.dataDir,
    WATCHLIST_PATH: s.watchlistPath,
  });
  try {
    const source = (await fs.readFile(REAL_005930, 'utf8')).split('\n').map(parseRecordLine).filter((r): r is TradeRecord => r !== null);
    assert.equal(source.length, 309);
    await until(async () => {
      const h = (await (await fetch(`${serve.url}/`)).json()) as { codes: Record<string, { trades_today: number }> };
      return h.codes['005930']?.trades_today === source.length;
    }, 'the whole day replayed');

    const recorded = (await fs.readFile(path.join(s.dataDir, 'replay', 'raw_data_005930_20251125.txt'), 'utf8'))
      .split('\n')
      .slice(0, -1)
      .map(parseRecordLine);
    assert.deepEqual(recorded, source);
    // Today, for a replay, is the replayed date.
    const history = (await (await fetch(`${serve.url}/api/history?code=005930`)).json()) as TradeRecord[];
    assert.equal(history.length, source.length);

    const ws = await wsCollector(serve.url);
    await until(() => ws.messages.length > 0, 'greeting');
    assert.equal(ws.messages[0]!.type, 'status');
    assert.equal(ws.messages[0]!.replay, true);
    assert.equal(ws.messages[0]!.demo, false);
    ws.close();
  } finally {
    assert.equal(await serve.stop(), 0);
    await s.cleanup();
  }
});

test('a recorded line no real print carries is quarantined by the replay too, the lines around it replayed', async () => {
  const s = await tempSetup(['005930']);
  const src = path.join(s.dir, 'source');
  await fs.mkdir(src);
  const good = (await fs.readFile(REAL_005930, 'utf8')).split('\n').slice(0, 20);
  const bad = '{"chetime": "092619", "price": "0050000", "cvolume": "100", "cgubun": "-"}';
  await fs.writeFile(path.join(src, 'raw_data_005930_20251125.txt'), `${[...good.slice(0, 10), bad, ...good.slice(10)].join('\n')}\n`);
  const serve = await startServe({ FEED: 'replay', REPLAY_DIR: src, REPLAY_DATE: '20251125', REPLAY_SPEED: 'max', DATA_DIR: s.dataDir, WATCHLIST_PATH: s.watchlistPath });
  try {
    await until(async () => {
      const h = (await (await fetch(`${serve.url}/`)).json()) as { codes: Record<string, { trades_today: number; quarantined_today: number }> };
      return h.codes['005930']?.trades_today === 20 && h.codes['005930'].quarantined_today === 1;
    }, 'the day replayed, one line quarantined');
    const recorded = (await fs.readFile(path.join(s.dataDir, 'replay', 'raw_data_005930_20251125.txt'), 'utf8')).split('\n').slice(0, -1);
    assert.deepEqual(recorded, good);
    await until(async () => (await fs.readFile(path.join(s.dataDir, 'replay', 'raw_data_005930_20251125.quarantine.txt'), 'utf8').catch(() => '')).includes('0050000'), 'kept aside');
  } finally {
    assert.equal(await serve.stop(), 0);
    await s.cleanup();
  }
});
