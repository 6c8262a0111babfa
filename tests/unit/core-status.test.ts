// The one status: GET / and the /ws status frame come from the same fields, both carrying the old
// names (`connection` in GET /, `state` in frames) and each other's; a frame goes out only on a change,
// and a fill's page-by-page progress in one frame per group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FeedStatus } from '../../electron/collector/feed.ts';
import type { BackfillStatus, StoreAlarm } from '../../electron/shared/wire.ts';
import type { Config } from '../../electron/core/config.ts';
import { createStatus, statusMessage } from '../../electron/core/status.ts';

test('GET / and the status frame share every feed field; frames are sent only when one changes', () => {
  const feed: FeedStatus = { kind: 'ls', simulated: true, state: 'open', lastError: null, reconnects: 2, rejectedCodes: ['000001'], notRecording: ['000001'], badFrames: 5, date: '20251126' };
  const sent: string[] = [];
  let alarm: StoreAlarm | null = null;
  const status = createStatus({
    recorder: {
      codeStats: (codes) => Object.fromEntries(codes.map((c) => [c, { last_trade_time: null, last_price: null, trades_today: 0, gaps_today: 0, quarantined_today: 0, continuity: 'learning' as const }])),
      storeStats: () => ({ openFiles: 0, pendingLines: 0, droppedLines: 0, writeErrors: 0, lastError: null, linesWritten: 0 }),
      storeAlarm: () => alarm,
      repeats: () => 2,
    },
    host: { config: () => ({ feed: 'ls' }) as Config, feedStatus: () => feed, lastError: () => feed.lastError, backfillStatus: () => ({}) },
    hub: { broadcast: (d) => sent.push(d), clientCount: () => 3, slowClientsCut: () => 0 },
    watchlist: { codes: () => ['005930'], lastError: () => null },
    today: () => '20251126',
    portFallback: null,
    startedAt: Date.now(),
  });
  const health = status.status();
  const frame = JSON.parse(status.frame()) as Record<string, unknown>;
  assert.equal(health.status, 'running', 'the old collector\'s value');
  assert.equal(health.connection, 'open');
  assert.equal(health.state, 'open');
  assert.equal(frame.type, 'status');
  assert.equal(frame.state, 'open');
  assert.equal(frame.connection, 'open');
  assert.equal(health.ls_client_running, true);
  assert.equal(frame.message, 'LS증권 모의투자 연결됨 (구독 중: 0개 종목)', 'the one watched code was refused');
  assert.equal(health.message, frame.message);
  assert.equal(health.bad_frames, 5);
  assert.equal(health.repeated_trades, 2);
  assert.deepEqual(health.not_recording, ['000001'], 'a watched code not recording is an alarm');
  assert.equal(frame.price, undefined, 'a status frame never looks like a trade');
  for (const [k, v] of Object.entries(frame)) if (k !== 'type') assert.deepEqual((health as unknown as Record<string, unknown>)[k], v, `GET / carries ${k} as the frame does`);

  status.announce();
  status.announce();
  assert.equal(sent.length, 1, 'an unchanged status is not sent again');
  feed.state = 'reconnecting';
  status.announce();
  assert.equal(sent.length, 2);
  assert.equal((JSON.parse(sent[1]!) as { state: string }).state, 'reconnecting');
  assert.equal(health.store_alarm, null);
  alarm = { state: 'queueing', error: 'write to day file failed: ENOSPC' };
  status.announce();
  assert.equal(sent.length, 3, 'a store that cannot write is announced at once');
  const alarmed = JSON.parse(sent[2]!) as { store_alarm: StoreAlarm; message: string };
  assert.deepEqual(alarmed.store_alarm, alarm);
  assert.match(alarmed.message, /디스크 기록 불가/, 'old clients show the alarm in their badge');
  assert.deepEqual(status.status().store_alarm, alarm);
});

test('the status message: one short Korean line per feed and state, as old clients show it', () => {
  const s = (state: FeedStatus['state'], extra: Partial<FeedStatus> = {}): FeedStatus => ({ kind: 'ls', simulated: false, state, lastError: null, reconnects: 0, rejectedCodes: [], notRecording: [], badFrames: 0, date: '20251126', ...extra });
  assert.equal(statusMessage('ls', s('open'), null, 3, '20251126'), 'LS증권 연결됨 (구독 중: 3개 종목)');
  assert.equal(statusMessage('ls', s('open', { rejectedCodes: ['000001'], notRecording: ['000001'] }), null, 3, '20251126'), 'LS증권 연결됨 (구독 중: 2개 종목)');
  assert.equal(statusMessage('ls', s('reconnecting'), 'LS 서버에 연결할 수 없습니다', 3, '20251126'), 'LS증권 재연결 중: LS 서버에 연결할 수 없습니다');
  assert.equal(statusMessage('ls', s('connecting'), null, 3, '20251126'), 'LS증권 연결 중');
  assert.equal(statusMessage('demo', s('open'), null, 2, '20251126'), '데모 시세 실행 중 (2개 종목, 실제 시세 아님)');
  assert.equal(statusMessage('replay', s('open'), null, 1, '20251120'), '기록 재생 중 (20251120, 1개 종목)');
});

test('a fill\'s progress travels in GET / and the status frame, its changes grouped into one frame', async () => {
  const feed: FeedStatus = { kind: 'ls', simulated: false, state: 'open', lastError: null, reconnects: 0, rejectedCodes: [], notRecording: [], badFrames: 0, date: '20251126' };
  const fill: BackfillStatus = { state: 'running', fetched: 0, pages: 0, inserted: 0, unknown_sides: 0, remaining_estimate: 100, eta_seconds: null, last_error: null };
  let frameSent: () => void = () => {};
  const sent: string[] = [];
  const status = createStatus({
    recorder: {
      codeStats: () => ({}),
      storeStats: () => ({ openFiles: 0, pendingLines: 0, droppedLines: 0, writeErrors: 0, lastError: null, linesWritten: 0 }),
      storeAlarm: () => null,
      repeats: () => 0,
    },
    host: { config: () => ({ feed: 'ls' }) as Config, feedStatus: () => feed, lastError: () => null, backfillStatus: () => ({ '005930': { ...fill } }) },
    hub: { broadcast: (d) => { sent.push(d); frameSent(); }, clientCount: () => 1, slowClientsCut: () => 0 },
    watchlist: { codes: () => ['005930'], lastError: () => null },
    today: () => '20251126',
    portFallback: null,
    startedAt: Date.now(),
  });
  assert.deepEqual(status.status().backfill, { '005930': fill }, 'GET / keeps its backfill object');
  assert.deepEqual((JSON.parse(status.frame()) as { backfill: unknown }).backfill, { '005930': fill });

  // Pages arriving one after another: one frame carries the last of them.
  const first = new Promise<void>((r) => (frameSent = r));
  for (let page = 1; page <= 5; page++) {
    Object.assign(fill, { fetched: page * 20, pages: page, remaining_estimate: 100 - page * 20 });
    status.announceSoon();
  }
  assert.equal(sent.length, 0, 'not sent at once');
  await first;
  assert.equal(sent.length, 1, 'five changes, one frame');
  assert.equal((JSON.parse(sent[0]!) as { backfill: Record<string, BackfillStatus> }).backfill['005930']?.fetched, 100);

  status.close();
});
