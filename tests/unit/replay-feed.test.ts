import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReplayFeed } from '../../electron/collector/replay/replay-feed.ts';
import type { Feed, FeedStatus } from '../../electron/collector/feed.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { silentLogger } from '../../electron/log.ts';
import { dayFilePath } from '../../electron/store/day-file.ts';
import { DayCursor } from '../../electron/store/day-reader.ts';
import { REAL_035720 } from '../support/paths.ts';

const DATE = '20251126';

function rec(chetime: string, cvolume: string): TradeRecord {
  return { chetime, price: '60000', cvolume, cgubun: '+' };
}

function sourceDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-replay-'));
  for (const [code, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `raw_data_${code}_${DATE}.txt`), text);
  return dir;
}

function lines(...records: TradeRecord[]): string {
  return records.map(formatRecordLine).join('');
}

interface Run {
  feed: Feed;
  got: Array<[string, string, string]>;
  statuses: FeedStatus[];
  finished: Promise<void>;
}

function replay(dir: string, speed: number | 'max', codes: string[]): Run {
  const got: Array<[string, string, string]> = [];
  const statuses: FeedStatus[] = [];
  let done = (): void => {};
  const finished = new Promise<void>((r) => (done = r));
  const open = (code: string): DayCursor => new DayCursor(dayFilePath(dir, code, DATE));
  const feed = createReplayFeed({ sourceDir: dir, date: DATE, speed, open }, {
    trade: (code, r) => got.push([code, r.chetime, r.cvolume]),
    status: (s) => {
      statuses.push(s);
      if (s.state === 'stopped') done();
    },
  }, silentLogger);
  feed.start(codes);
  return { feed, got, statuses, finished };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('codes are merged by chetime, ties in list order, file order kept; bad and torn lines skipped', async () => {
  const dir = sourceDir({
    '005930': `${lines(rec('090000', '1'), rec('090002', '2'))}garbage\n${lines(rec('090001', '3'), rec('090005', '4'))}{"chetime": "0906`,
    '035720': lines(rec('090002', '10'), rec('090002', '11'), rec('090003', '12')),
  });
  const run = replay(dir, 'max', ['035720', '005930']);
  await run.finished;
  assert.deepEqual(run.got, [
    ['005930', '090000', '1'],
    ['035720', '090002', '10'],
    ['035720', '090002', '11'],
    ['005930', '090002', '2'],
    ['005930', '090001', '3'], // out of order in its file: never moved before an earlier line
    ['035720', '090003', '12'],
    ['005930', '090005', '4'],
  ]);
  const last = run.feed.status();
  assert.deepEqual([last.kind, last.state, last.date, last.badFrames, last.lastError], ['replay', 'stopped', DATE, 2, null]);
  assert.deepEqual(run.statuses.map((s) => s.state), ['open', 'stopped']);
});

test('a whole real day at max speed arrives complete, in order, without starving the event loop', async () => {
  const dir = sourceDir({ '035720': fs.readFileSync(REAL_035720, 'utf8') });
  let loopTurns = 0;
  const ticker = setInterval(() => loopTurns++, 0);
  const run = replay(dir, 'max', ['035720']);
  assert.ok(run.got.length < 1_000, 'yields after a batch');
  await run.finished;
  clearInterval(ticker);
  const expected = fs.readFileSync(REAL_035720, 'utf8').split('\n').map((l) => parseRecordLine(l)).filter((r) => r !== null);
  assert.equal(run.got.length, expected.length);
  assert.deepEqual(run.got, expected.map((r) => ['035720', r.chetime, r.cvolume]));
  assert.ok(loopTurns > 0, 'timers ran during the replay');
});

test('timed replay waits for the recorded gaps', async () => {
  const dir = sourceDir({ '005930': lines(rec('090000', '1'), rec('090000', '2'), rec('090001', '3'), rec('090003', '4')) });
  const slow = replay(dir, 1, ['005930']);
  assert.deepEqual(slow.got.map((g) => g[2]), ['1', '2'], 'only the first second at once');
  await slow.feed.close();
  assert.equal(slow.feed.status().state, 'stopped');
  const fast = replay(dir, 200, ['005930']);
  await fast.finished;
  assert.deepEqual(fast.got.map((g) => g[2]), ['1', '2', '3', '4']);
});

test('setCodes adds a code at the current replay time and removes codes', async () => {
  const dir = sourceDir({
    '005930': lines(rec('090000', '10'), rec('090010', '110'), rec('090020', '120')),
    '035720': lines(rec('090000', '200'), rec('090005', '205'), rec('090015', '215'), rec('090025', '225')),
  });
  const run = replay(dir, 20, ['005930']);
  await until(() => run.got.length === 2, 'the 09:00:10 trade');
  run.feed.setCodes(['005930', '035720']);
  await until(() => run.got.length === 3, 'the 09:00:15 trade');
  run.feed.setCodes(['035720']);
  await run.finished;
  assert.deepEqual(run.got, [
    ['005930', '090000', '10'],
    ['005930', '090010', '110'],
    ['035720', '090015', '215'],
    ['035720', '090025', '225'],
  ]);
});

test('a code without a recording is reported, the others still play', async () => {
  const dir = sourceDir({ '005930': lines(rec('090000', '1')) });
  const run = replay(dir, 'max', ['005930', '000660']);
  await run.finished;
  assert.deepEqual(run.got, [['005930', '090000', '1']]);
  assert.match(run.feed.status().lastError ?? '', /000660/);
});
