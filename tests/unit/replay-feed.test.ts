import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReplayFeed, type ReplayFeed } from '../../electron/collector/replay/replay-feed.ts';
import type { FeedStatus } from '../../electron/collector/feed.ts';
import { ReplaySeekError } from '../../electron/shared/wire.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { silentLogger } from '../../electron/log.ts';
import { dayFilePath } from '../../electron/store/day-file.ts';
import { DayCursor } from '../../electron/store/day-cursor.ts';
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
  feed: ReplayFeed;
  got: Array<[string, string, string]>;
  /** cvolume of each trade passed on quietly (a seek's skipped trades). */
  quiet: string[];
  statuses: FeedStatus[];
  finished: Promise<void>;
}

function replay(dir: string, speed: number | 'max', codes: string[], onStatus: (s: FeedStatus) => void = () => {}): Run {
  const got: Array<[string, string, string]> = [];
  const quiet: string[] = [];
  const statuses: FeedStatus[] = [];
  let done = (): void => {};
  const finished = new Promise<void>((r) => (done = r));
  const open = (code: string): DayCursor => new DayCursor(dayFilePath(dir, code, DATE));
  const feed = createReplayFeed({ sourceDir: dir, date: DATE, speed, open }, {
    trade: (code, r, q) => (q ? quiet.push(r.cvolume) : got.push([code, r.chetime, r.cvolume])),
    status: (s) => {
      statuses.push(s);
      onStatus(s);
      if (s.state === 'stopped') done();
    },
  }, silentLogger);
  feed.start(codes);
  return { feed, got, quiet, statuses, finished };
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

const modes = (run: Run): string[] => run.statuses.map((s) => s.replay?.mode ?? '-').filter((m, i, all) => m !== all[i - 1]);

test('pause holds the replay; a forward seek passes the skipped trades on quietly and stays paused; play goes on', async () => {
  const dir = sourceDir({ '005930': lines(rec('090000', '1'), rec('090001', '2'), rec('090002', '3'), rec('090100', '4'), rec('090200', '5')) });
  const run = replay(dir, 1, ['005930']);
  assert.deepEqual(run.got.map((g) => g[2]), ['1']);
  const paused = run.feed.pause();
  assert.equal(paused.mode, 'paused');
  assert.deepEqual([paused.start, paused.end, paused.date, paused.seeks], ['09:00:00', '09:02:00', DATE, 0]);
  assert.equal(run.feed.status().state, 'open');
  assert.match(run.feed.status().replay?.time ?? '', /^09:00:0[0-9]$/);

  const sought = await run.feed.seek(9 * 3600 + 60);
  assert.deepEqual([sought.mode, sought.time, sought.seeks], ['paused', '09:01:00', 1]);
  assert.deepEqual(run.quiet, ['2', '3'], 'the skipped trades, in order, quietly');
  assert.deepEqual(run.got.map((g) => g[2]), ['1'], 'nothing played while paused');

  await assert.rejects(run.feed.seek(9 * 3600 + 30), ReplaySeekError, 'backward');
  assert.equal(run.feed.replayState().time, '09:01:00', 'a refused seek changes nothing');

  assert.equal(run.feed.setSpeed('max').mode, 'paused', 'a speed change keeps the mode');
  assert.equal(run.feed.play().mode, 'finished', 'at max speed the rest plays at once');
  await run.finished;
  assert.deepEqual(run.got.map((g) => g[2]), ['1', '4', '5']);
  const end = run.feed.replayState();
  assert.deepEqual([end.mode, end.time, end.speed], ['finished', '09:02:00', 'max']);
  assert.deepEqual(modes(run), ['playing', 'paused', 'seeking', 'paused', 'finished']);
  assert.equal((await run.feed.seek(10 * 3600)).mode, 'finished', 'nothing ahead to seek to');
});

test('a seek while playing goes on playing from the sought time', async () => {
  const dir = sourceDir({ '005930': lines(rec('090000', '1'), rec('090500', '2'), rec('093000', '3'), rec('100000', '4')) });
  const run = replay(dir, 1, ['005930']);
  const state = await run.feed.seek(9 * 3600 + 30 * 60);
  assert.deepEqual([state.mode, state.seeks], ['playing', 1]);
  assert.deepEqual(run.quiet, ['2']);
  assert.deepEqual(run.got.map((g) => g[2]), ['1', '3'], 'the trade at the sought second plays live');
  await run.feed.close();
  assert.equal(run.feed.status().state, 'stopped');
});

test('pause during a long seek decides what follows it; seeks run one after another', async () => {
  const many = Array.from({ length: 1_200 }, (_, i) => rec('090000', String(i + 1)));
  const dir = sourceDir({ '005930': lines(...many, rec('100000', '9999')) });
  let pausedDuringSeek = false;
  const run = replay(dir, 1, ['005930'], (s) => {
    if (s.replay?.mode === 'seeking' && !pausedDuringSeek) {
      pausedDuringSeek = true;
      run.feed.pause();
    }
  });
  run.feed.pause();
  const first = run.feed.seek(9 * 3600 + 10);
  const second = run.feed.seek(9 * 3600 + 20);
  assert.deepEqual([(await first).time, (await second).time], ['09:00:10', '09:00:20']);
  assert.equal(run.feed.replayState().mode, 'paused');
  assert.equal(run.got.length + run.quiet.length, 1_200);
  assert.equal(run.feed.replayState().seeks, 2);
  // A speed change while playing keeps the position: far ahead at 3,600x the last trade arrives.
  run.feed.play();
  assert.equal(run.feed.setSpeed(3_600).speed, 3_600);
  await run.finished;
  assert.deepEqual(run.got.at(-1), ['005930', '100000', '9999']);
});
