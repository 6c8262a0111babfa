// The fill end to end below the core: the LS emulator's time-and-sales over real sockets, the real store
// writing the day file while live trades keep arriving, the side file and the merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backfill } from '../../electron/core/backfill.ts';
import type { FillFrame } from '../../electron/shared/wire.ts';
import { TokenManager } from '../../electron/collector/ls/token.ts';
import { TrQueue } from '../../electron/collector/ls/tr-queue.ts';
import { timeSalesSource } from '../../electron/collector/ls/time-sales.ts';
import { silentLogger } from '../../electron/log.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { dayFilePath, fillFilePath, gapFilePath } from '../../electron/store/day-file.ts';
import { appendGap, readGaps } from '../../electron/store/gap-file.ts';
import { toGap, type Gap } from '../../electron/shared/gap.ts';
import { TradeStore } from '../../electron/store/trade-store.ts';
import type { DayReplacer } from '../../electron/store/day-merge.ts';
import { kstEpochSeconds } from '../../electron/shared/kst.ts';
import { dayOverAtMs } from '../../electron/shared/fill/close.ts';
import { startLsEmulator, type LsEmulator } from '../support/ls-emulator.ts';

const CODE = '035720';
const DATE = '20251126';
const fast = { t8454: 500, t1301: 500 };

interface Rig {
  emu: LsEmulator;
  dir: string;
  store: TradeStore;
  frames: FillFrame[];
  /** The watched codes the fills are given ([CODE] unless a test changes it). */
  watched: string[];
  /** What the fills told the writer of a tail they appended: [code, date, volume]. */
  tailFilled: [string, string, number][];
  /** The fills' clock (UTC ms): noon of DATE unless a test moves it. */
  clock: () => number;
  /**
   * A fill of DATE from `tr`'s view (US3's, as the day is recorded); `writer` stands in for the store's
   * writer (the store when absent); `retryMs` the first wait before a run LS failed runs again;
   * `backoffMs` the queue's first wait before it retries a failed call.
   */
  backfill(o?: { writer?: DayReplacer; tr?: 'US3' | 'S3_'; retryMs?: number; backoffMs?: number }): Backfill;
  /** The prints that happened, with whether each was an auction fill. */
  sent: { record: TradeRecord; auction: boolean }[];
  happen(n: number, live: boolean): void;
  fileRecords(): TradeRecord[];
}

async function withRig(pageSize: number, body: (rig: Rig) => Promise<void>): Promise<void> {
  const emu = await startLsEmulator({ timeSales: { pageSize, limits: fast } });
  emu.hold(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-fill-'));
  const store = new TradeStore(dir, silentLogger);
  const queues: TrQueue[] = [];
  const fills: Backfill[] = [];
  const frames: FillFrame[] = [];
  const tailFilled: Rig['tailFilled'] = [];
  const sent: Rig['sent'] = [];
  const rig: Rig = {
    emu, dir, store, frames, tailFilled, sent, watched: [CODE],
    clock: () => kstEpochSeconds(DATE, '120000') * 1000,
    backfill({ writer = store, tr = 'US3', retryMs, backoffMs = 20 } = {}) {
      const tokens = new TokenManager({ restUrl: emu.restUrl, appKey: emu.appKey, appSecret: emu.appSecret }, 0, silentLogger);
      // The default 10 s timeout: a shorter one retries answered pages on a loaded machine, and a retry is
      // one more request than the page counts below allow for.
      const queue = new TrQueue(emu.restUrl, tokens, silentLogger, { limits: fast, backoffMs });
      queues.push(queue);
      const b = new Backfill({ queue, source: timeSalesSource(tr), retryMs, writer, dir, today: () => DATE, now: () => rig.clock(), codes: () => rig.watched, log: silentLogger, onMerged: (f) => frames.push(f), onTailFilled: (...t) => tailFilled.push(t) });
      fills.push(b);
      return b;
    },
    happen(n, live) {
      for (let k = 0; k < n; k++) {
        const i = sent.length;
        const auction = i % 29 === 0;
        const s = 9 * 3600 + Math.floor(i / 3) * 6;
        const chetime = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, '0')).join('');
        // Runs of identical prints: every three consecutive prints share time, price, size and side.
        const buy = Math.floor(i / 3) % 2 === 0;
        const record = emu.sendTrade(CODE, { chetime, price: buy ? 60_100 : 60_000, cvolume: 1 + (Math.floor(i / 3) % 4), cgubun: buy ? '+' : '-' }, { exchname: i % 7 === 3 ? 'NXT' : 'KRX', auction });
        sent.push({ record, auction });
        // A live trade is what the feed hands the store: the record as received.
        if (live) store.append(CODE, DATE, record);
      }
    },
    fileRecords: () => fs.readFileSync(dayFilePath(dir, CODE, DATE), 'utf8').split('\n').filter(Boolean).map((l) => {
      const r = parseRecordLine(l);
      assert.ok(r, `a valid line: ${l}`);
      return r;
    }),
  };
  try {
    await body(rig);
  } finally {
    for (const b of fills) await b.close();
    for (const q of queues) q.close();
    await store.close();
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The file holds every print once, in order, with venue and cumulatives; sides recovered except auction fills. */
function assertWholeDay(rig: Rig): void {
  const file = rig.fileRecords();
  assert.equal(file.length, rig.sent.length, 'one line per print');
  file.forEach((r, i) => {
    const { record, auction } = rig.sent[i];
    assert.deepEqual([r.chetime, r.price, r.cvolume, r.exchname, r.volume, r.mschecnt, r.mdchecnt], [record.chetime, record.price, record.cvolume, record.exchname, record.volume, record.mschecnt, record.mdchecnt], `line ${i + 1}`);
    if (!auction) assert.equal(r.cgubun, record.cgubun, `side of line ${i + 1}`);
  });
}

test('started after the open: the morning is fetched and merged while live trades keep being recorded', async () => {
  await withRig(13, async (rig) => {
    rig.happen(250, false);
    rig.happen(20, true);
    const b = rig.backfill();
    b.request(CODE);
    // Live recording goes on during the fill.
    for (let k = 0; k < 10; k++) {
      rig.happen(3, true);
      await new Promise((r) => setImmediate(r));
    }
    await b.idle();
    assertWholeDay(rig);
    const s = b.statusOf(CODE);
    assert.equal(s.state, 'done');
    assert.equal(s.inserted, 250);
    assert.equal(s.unknown_sides, 0);
    assert.equal(rig.frames.length, 1);
    assert.deepEqual([rig.frames[0].type, rig.frames[0].code, rig.frames[0].date, rig.frames[0].epoch, rig.frames[0].inserted], ['fill', CODE, DATE, 1, 250]);
    assert.equal(rig.store.epoch(CODE, DATE), 1);
    // The epoch outlives the run: a new store (the next start) reads it from the epoch file.
    const next = new TradeStore(rig.dir, silentLogger);
    assert.equal(next.epoch(CODE, DATE), 1);
    await next.close();
    // The store's numbering follows the merged file: the next live trade is the next line.
    rig.happen(1, true);
    assert.equal(rig.store.snapshot(CODE, DATE).seq, rig.sent.length);
    assertWholeDay(rig);
    const backfilled = rig.fileRecords().filter((r) => r.src === 'fill').length;
    assert.equal(backfilled, 250);
    assert.equal(fs.existsSync(fillFilePath(rig.dir, CODE, DATE)), false, 'the side file is gone once merged');
  });
});

test('a stretch dropped while a fill runs is not reported as unfillable: that run ends queued, the next one fills it', async () => {
  await withRig(13, async (rig) => {
    rig.happen(1_000, false);
    rig.happen(5, true);
    const b = rig.backfill();
    b.request(CODE);
    while (b.statusOf(CODE).pages === 0) await new Promise((r) => setImmediate(r));
    // The connection drops mid-fill: prints nobody receives, then a live one whose cumulative volume jumps.
    rig.happen(15, false);
    rig.happen(1, true);
    b.afterTrade(CODE, rig.sent.at(-1)!.record);
    rig.happen(4, true);
    await b.idle();
    assertWholeDay(rig);
    assert.deepEqual(rig.frames.map((f) => f.state), ['queued', 'done']);
    const s = b.statusOf(CODE);
    assert.deepEqual([s.state, s.last_error, s.inserted], ['done', null, 1_015]);
  });
});

test('a day with nothing on file: what is left is estimated from the first page on, down to none', async () => {
  await withRig(13, async (rig) => {
    rig.happen(400, false);
    const b = rig.backfill();
    b.request(CODE);
    const seen: (number | null)[] = [];
    while (b.statusOf(CODE).state !== 'done') {
      const s = b.statusOf(CODE);
      if (s.state === 'running' && s.pages > 0) seen.push(s.remaining_estimate);
      await new Promise((r) => setImmediate(r));
    }
    await b.idle();
    // During the session the rows wait in the side file for the next live trade to bound them.
    assert.equal(b.statusOf(CODE).fetched, 400);
    assert.ok(seen.length > 0 && seen.every((n) => n !== null && n >= 0 && n < 400), `an estimate from the first page: ${JSON.stringify(seen)}`);
    assert.deepEqual([...seen].sort((x, y) => (y ?? 0) - (x ?? 0)), seen, 'never growing');
    assert.equal(b.statusOf(CODE).remaining_estimate, 0);
  });
});

test('dropped stretches in the middle (several holes, identical prints at the seams) are filled; a second fill changes nothing', async () => {
  await withRig(7, async (rig) => {
    rig.happen(40, true);
    rig.happen(31, false);
    rig.happen(5, true);
    rig.happen(2, false);
    rig.happen(30, true);
    // The two gaps as the recorder notes them (times of the prints around each).
    const at = (i: number): string => rig.sent[i].record.chetime;
    const noted = (after: number, before: number, missed: number): Gap => ({ after: at(after), before: at(before), missed_volume: missed, missed_trades: null, cause: 'reconnect', at: '' });
    await appendGap(rig.dir, CODE, DATE, noted(39, 71, 1));
    await appendGap(rig.dir, CODE, DATE, noted(75, 78, 1));
    const b = rig.backfill();
    b.request(CODE);
    await b.idle();
    assertWholeDay(rig);
    assert.equal(b.statusOf(CODE).inserted, 33);
    // Each gap ends filled, with the fetched lines in its stretch; the gap lines themselves stay as they were.
    const gaps = await readGaps(rig.dir, CODE, DATE);
    assert.deepEqual(gaps.map((g) => [g.state, g.missing_volume]), [['filled', 0], ['filled', 0]]);
    assert.ok((gaps[0].fetched ?? 0) >= 31 && gaps[1].fetched === 2, `fetched ${gaps.map((g) => g.fetched).join(', ')}`);
    const raw = fs.readFileSync(gapFilePath(rig.dir, CODE, DATE), 'utf8').split('\n').filter(Boolean);
    assert.equal(raw.length, 4, 'two gap lines, then a state line for each');
    assert.equal(raw.flatMap((l) => toGap(JSON.parse(l)) ?? []).length, 2, 'a reader that knows no states still reads both gaps');
    const before = fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8');
    b.request(CODE);
    await b.idle();
    assert.equal(fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8'), before);
    assert.equal(rig.frames.length, 1);
  });
});

test('a fill stopped mid-way (crash) resumes from the side file without fetching those pages again', async () => {
  await withRig(10, async (rig) => {
    rig.happen(5, true);
    rig.happen(200, false);
    rig.happen(5, true);
    const first = rig.backfill();
    // The crash: the fill stops after a few pages (as when the process dies), leaving only the side file.
    let pages = 0;
    first.request(CODE);
    await rig.emu.waitFor(() => rig.emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').length >= 4, 5000, 'four pages');
    first.pause(CODE);
    await first.idle();
    pages = rig.emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').length;
    const kept = fs.existsSync(fillFilePath(rig.dir, CODE, DATE)) ? fs.readFileSync(fillFilePath(rig.dir, CODE, DATE), 'utf8').split('\n').filter(Boolean).length : 0;
    // A merge may already have placed the fetched rows; either way nothing fetched is lost.
    assert.equal(kept + rig.fileRecords().length - 10, first.statusOf(CODE).fetched);
    assert.equal(first.statusOf(CODE).state, 'paused');
    // A stale temporary merge file from a crash during a merge is simply replaced.
    fs.writeFileSync(`${dayFilePath(rig.dir, CODE, DATE)}.merge`, 'torn');
    const second = rig.backfill();
    second.request(CODE);
    await second.idle();
    assertWholeDay(rig);
    // Nothing fetched is fetched again: the resumed run keeps exactly the rows the first one had not.
    assert.equal(second.statusOf(CODE).fetched, 200 - first.statusOf(CODE).fetched);
    const total = rig.emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').length;
    // Requests are narrowed to whole minutes (endtime one past the minute of the lowest row kept), so the
    // resumed run pages again through at most two minutes of rows (60 here) besides the rest of the hole
    // and its seam row, wherever the pause fell.
    const needed = 200 - first.statusOf(CODE).fetched + 1;
    assert.ok(total - pages <= Math.ceil((needed + 60) / 10), `resumed run asked ${total - pages} pages after ${pages}`);
  });
});

test('a print whose side cannot be recovered is kept, marked and counted', async () => {
  await withRig(20, async (rig) => {
    rig.happen(10, true);
    rig.happen(10, false);
    rig.happen(10, true);
    // Upstream inconsistency on print 15: both aggressor cumulatives moved.
    const row = rig.emu.timeSales.log(CODE)[14];
    row.cum.U.mschecnt += 1;
    row.cum.U.mdchecnt += 1;
    const b = rig.backfill();
    b.request(CODE);
    await b.idle();
    const file = rig.fileRecords();
    assert.equal(file.length, 30);
    const unknown = file.filter((r) => r.side === 'unknown');
    assert.ok(unknown.length >= 1 && unknown.length <= 2, 'the odd print and at most the one after it');
    assert.equal(b.statusOf(CODE).unknown_sides, unknown.length);
    assert.ok(unknown.every((r) => r.src === 'fill'));
  });
});

test('a fill that cannot reach LS ends failed with the reason; the day file is untouched', async () => {
  await withRig(20, async (rig) => {
    rig.happen(10, true);
    rig.happen(10, false);
    rig.happen(10, true);
    const before = fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8');
    rig.emu.timeSales.failNext('t8454', { status: 200, rsp_cd: 'IGW40011', rsp_msg: '입력값 오류' }, 10);
    const b = rig.backfill();
    b.request(CODE);
    await b.idle();
    const s = b.statusOf(CODE);
    assert.equal(s.state, 'failed');
    assert.match(s.last_error ?? '', /IGW40011/);
    assert.equal(fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8'), before);
  });
});

test('rows of another view of the market (the trade TR changed since the day was recorded) never enter the day, also after the close', async () => {
  await withRig(20, async (rig) => {
    rig.happen(40, true);
    rig.happen(10, false);
    rig.happen(5, true);
    const before = fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8');
    const krxOnly = rig.backfill({ tr: 'S3_' });
    krxOnly.request(CODE);
    await krxOnly.idle();
    const s = krxOnly.statusOf(CODE);
    assert.deepEqual([s.state, s.fetched, s.inserted], ['failed', 0, 0]);
    assert.match(s.last_error ?? '', /맞지 않아/);
    assert.equal(fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8'), before);
    assert.equal(fs.existsSync(fillFilePath(rig.dir, CODE, DATE)), false, 'no row of the other view kept');
    await krxOnly.close();
    // After the close the tail, with no line after it, is checked at its seam before any row is kept.
    rig.happen(8, false);
    rig.clock = () => dayOverAtMs(DATE) + 60_000;
    const evening = rig.backfill({ tr: 'S3_' });
    evening.request(CODE);
    await evening.idle();
    assert.match(evening.statusOf(CODE).last_error ?? '', /맞지 않아/);
    assert.equal(fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8'), before);
    assert.equal(fs.existsSync(fillFilePath(rig.dir, CODE, DATE)), false);
    assert.deepEqual(rig.tailFilled, []);
    // The day's own view fills it whole.
    const own = rig.backfill();
    own.request(CODE);
    await own.idle();
    assertWholeDay(rig);
  });
});

test('after the close, a day recorded from the KRX-only view gets no tail from the unified one: its seam is checked before any row is kept', async () => {
  await withRig(20, async (rig) => {
    rig.happen(30, false);
    rig.clock = () => dayOverAtMs(DATE) + 60_000;
    // Written from t1301 alone (the day of a code added in the evening, recorded from S3_).
    const krxOnly = rig.backfill({ tr: 'S3_' });
    krxOnly.request(CODE);
    await krxOnly.idle();
    assert.equal(krxOnly.statusOf(CODE).state, 'done');
    await krxOnly.close();
    const before = fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8');
    assert.equal(rig.fileRecords().length, rig.sent.filter((s) => s.record.exchname === 'KRX').length);
    // The unified view runs on larger cumulative volumes: its rows past the last line are no tail of this day.
    const unified = rig.backfill();
    unified.request(CODE);
    await unified.idle();
    assert.match(unified.statusOf(CODE).last_error ?? '', /맞지 않아/);
    assert.equal(fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8'), before);
    assert.equal(fs.existsSync(fillFilePath(rig.dir, CODE, DATE)), false);
  });
});

test('a fill LS keeps failing runs again by itself, later each time; its gap is settled by the run that gets through', async () => {
  await withRig(20, async (rig) => {
    rig.happen(10, true);
    rig.happen(10, false);
    rig.happen(10, true);
    const at = (i: number): string => rig.sent[i].record.chetime;
    await appendGap(rig.dir, CODE, DATE, { after: at(9), before: at(20), missed_volume: 1, missed_trades: null, cause: 'reconnect', at: '' });
    // Each run's call is tried four times (the queue's own retries): two runs fail, the third gets through.
    rig.emu.timeSales.failNext('t8454', { status: 200, rsp_cd: '01234', rsp_msg: '일시 오류' }, 8);
    const b = rig.backfill({ retryMs: 1000 });
    const errors: string[] = [];
    const seen = setInterval(() => {
      const e = b.statusOf(CODE).last_error;
      if (e !== null && errors.at(-1) !== e) errors.push(e);
    }, 5);
    try {
      b.request(CODE);
      await b.idle();
      assert.equal(b.statusOf(CODE).state, 'failed');
      assert.match(b.statusOf(CODE).last_error ?? '', /01234.*1초 후 다시 시도합니다/);
      assert.deepEqual((await readGaps(rig.dir, CODE, DATE)).map((g) => g.state), [undefined], 'no state while a try is due');
      await rig.emu.waitFor(() => b.statusOf(CODE).state === 'done', 10_000, 'the fill done by a later try');
      await b.idle();
    } finally {
      clearInterval(seen);
    }
    assertWholeDay(rig);
    assert.deepEqual((await readGaps(rig.dir, CODE, DATE)).map((g) => g.state), ['filled']);
    assert.deepEqual(errors.map((e) => /(\d+)초 후/.exec(e)?.[1]), ['1', '2'], errors.join(' | '));
  });
});

const tRequests = (rig: Rig): number => rig.emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').length;

test('a hole whose line after it reads a minute earlier than the line before it (KRX and NXT stamps a second apart) is filled', async () => {
  await withRig(20, async (rig) => {
    const print = (chetime: string, exchname: 'KRX' | 'NXT', live: boolean): void => {
      const record = rig.emu.sendTrade(CODE, { chetime, price: 60_000, cvolume: 3, cgubun: '+' }, { exchname, auction: false });
      rig.sent.push({ record, auction: false });
      if (live) rig.store.append(CODE, DATE, record);
    };
    for (let i = 0; i < 5; i++) print(`09005${i}`, 'KRX', true);
    print('090100', 'KRX', true); // the line before the hole
    print('090100', 'KRX', false);
    print('090101', 'KRX', false);
    print('090059', 'NXT', true); // the line after it, stamped a second earlier by the other venue
    print('090102', 'KRX', true);
    const b = rig.backfill();
    b.request(CODE);
    await b.idle();
    assert.equal(b.statusOf(CODE).state, 'done', b.statusOf(CODE).last_error ?? '');
    assertWholeDay(rig);
  });
});

test('a run asked for again while LS fails it runs again at once, without a wait; the wait starts from the next failure', async () => {
  await withRig(20, async (rig) => {
    rig.happen(10, true);
    rig.happen(10, false);
    rig.happen(10, true);
    // Each run's call is tried four times over 1.4 s: the first two runs fail, the third gets through.
    rig.emu.timeSales.failNext('t8454', { status: 200, rsp_cd: '01234', rsp_msg: '일시 오류' }, 8);
    const b = rig.backfill({ retryMs: 1000, backoffMs: 200 });
    const errors: string[] = [];
    const seen = setInterval(() => {
      const e = b.statusOf(CODE).last_error;
      if (e !== null && errors.at(-1) !== e) errors.push(e);
    }, 5);
    try {
      b.request(CODE);
      await rig.emu.waitFor(() => tRequests(rig) >= 1, 10_000, 'the first call');
      b.request(CODE); // a live trade asks for a run while this one fails
      await rig.emu.waitFor(() => b.statusOf(CODE).state === 'done', 15_000, 'the fill done by a later try');
      await b.idle();
    } finally {
      clearInterval(seen);
    }
    assertWholeDay(rig);
    // Had the first failure set a wait too, the second would have doubled it to 2 s.
    assert.match(errors.at(-1) ?? '', /01234.*1초 후 다시 시도합니다/);
    assert.ok(errors.every((e) => !/[2-9]초 후/.test(e)), errors.join(' | '));
  });
});

test('a fill paused while LS fails it stays paused, the error said, and resumes when asked', async () => {
  await withRig(20, async (rig) => {
    rig.happen(10, true);
    rig.happen(10, false);
    rig.happen(10, true);
    rig.emu.timeSales.failNext('t8454', { status: 200, rsp_cd: '01234', rsp_msg: '일시 오류' }, 4);
    // The queue's retries of the failing call take 3.5 s: the pause comes while they run.
    const b = rig.backfill({ backoffMs: 500 });
    b.request(CODE);
    await rig.emu.waitFor(() => tRequests(rig) >= 1, 10_000, 'the first call');
    b.pause(CODE);
    await b.idle();
    const s = b.statusOf(CODE);
    assert.equal(s.state, 'paused');
    assert.match(s.last_error ?? '', /01234/);
    assert.doesNotMatch(s.last_error ?? '', /다시 시도/, 'no try is due while paused');
    assert.equal(tRequests(rig), 4);
    b.resume(CODE);
    await b.idle();
    assert.equal(b.statusOf(CODE).state, 'done');
    assertWholeDay(rig);
  });
});

test('a code taken off the watchlist stops fetching between pages, and its fill is no longer shown', async () => {
  await withRig(5, async (rig) => {
    rig.happen(5, true);
    rig.happen(60, false);
    rig.happen(5, true);
    const b = rig.backfill();
    b.request(CODE);
    await rig.emu.waitFor(() => b.statusOf(CODE).pages >= 2, 10_000, 'a fill under way');
    rig.watched = [];
    b.prune();
    await b.idle();
    const calls = tRequests(rig);
    assert.ok(calls < 12, `${calls} calls: stopped before the hole's 12 pages`);
    assert.deepEqual(b.status(), {});
    // Nothing is left to fetch it later, and a code watched again fills from where it stopped.
    b.prune();
    assert.equal(tRequests(rig), calls);
    rig.watched = [CODE];
    b.request(CODE);
    await b.idle();
    assertWholeDay(rig);
  });
});

test('after the close, a day file that ends before it gets its tail fetched and appended; during the session it does not', async () => {
  await withRig(9, async (rig) => {
    rig.happen(40, true);
    // The evening after the app stopped: no live trade will bound these.
    rig.happen(23, false);
    const during = rig.backfill();
    during.request(CODE);
    await during.idle();
    assert.equal(tRequests(rig), 0, 'during the session the next live trade bounds the tail');
    assert.equal(rig.fileRecords().length, 40);
    assert.deepEqual(rig.tailFilled, []);
    rig.clock = () => dayOverAtMs(DATE) + 3_600_000;
    const after = rig.backfill();
    after.request(CODE);
    await after.idle();
    assertWholeDay(rig);
    const s = after.statusOf(CODE);
    assert.deepEqual([s.state, s.inserted, s.unknown_sides], ['done', 23, 0]);
    assert.deepEqual(rig.frames.map((f) => [f.code, f.epoch, f.inserted, f.state]), [[CODE, 1, 23, 'done']]);
    assert.equal(rig.store.epoch(CODE, DATE), 1);
    assert.equal(fs.existsSync(fillFilePath(rig.dir, CODE, DATE)), false, 'nothing left in the side file');
    assert.equal(rig.fileRecords().slice(40).every((r) => r.src === 'fill'), true);
    // The writer learns where the appended tail ends, so a late live print of it is not written again.
    const end: [string, string, number] = [CODE, DATE, Number(rig.sent.at(-1)!.record.volume)];
    assert.deepEqual(rig.tailFilled, [end]);
    // Once appended, the tail is the day file's: another run finds nothing and changes nothing.
    const before = fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8');
    after.request(CODE);
    await after.idle();
    assert.equal(fs.readFileSync(dayFilePath(rig.dir, CODE, DATE), 'utf8'), before);
    assert.equal(rig.frames.length, 1);
    assert.deepEqual(rig.tailFilled, [end, end], 'also on a later run (a restart), when the day file already ends in the tail');
  });
});

test('rows fetched past the file\'s end wait in the side file during the session; when the day ends they become the day file', async () => {
  await withRig(8, async (rig) => {
    // A quiet code added in the evening: the day so far is fetched, but no live trade comes to bound it.
    rig.happen(30, false);
    const during = rig.backfill();
    during.request(CODE);
    await during.idle();
    assert.equal(fs.existsSync(dayFilePath(rig.dir, CODE, DATE)), false, 'no day file yet');
    assert.equal(fs.readFileSync(fillFilePath(rig.dir, CODE, DATE), 'utf8').split('\n').filter(Boolean).length, 30);
    await during.close();
    // The clock runs on into the day's end a moment after this fill starts: nothing but its day-end timer asks for a run.
    const shift = dayOverAtMs(DATE) - 300 - Date.now();
    rig.clock = () => Date.now() + shift;
    const atEnd = rig.backfill();
    await rig.emu.waitFor(() => fs.existsSync(dayFilePath(rig.dir, CODE, DATE)) && rig.fileRecords().length === 30, 10_000, 'the day file written at the day\'s end');
    await atEnd.idle();
    assertWholeDay(rig);
    assert.equal(atEnd.statusOf(CODE).inserted, 30);
    assert.deepEqual(rig.frames.map((f) => [f.epoch, f.inserted]), [[1, 30]]);
    assert.equal(fs.existsSync(fillFilePath(rig.dir, CODE, DATE)), false);
  });
});

test('after the close, a live trade written while the tail merges bounds it: every print once, in order', async () => {
  await withRig(9, async (rig) => {
    rig.happen(20, true);
    rig.happen(12, false);
    rig.clock = () => dayOverAtMs(DATE) + 60_000;
    // A late live print lands between the merge's read and its swap (the feed still delivering after the end).
    let late = true;
    const writer: DayReplacer = {
      replaceDay(code, date, swap) {
        if (late) {
          late = false;
          rig.happen(1, true);
        }
        return rig.store.replaceDay(code, date, swap);
      },
    };
    const b = rig.backfill({ writer });
    b.request(CODE);
    await b.idle();
    assertWholeDay(rig);
    assert.equal(rig.fileRecords().length, 33);
    assert.equal(b.statusOf(CODE).inserted, 12);
    assert.deepEqual(rig.frames.map((f) => f.epoch), [1], 'one replacement: the declined swap changed nothing');
  });
});

test('after the close, a code whose live trades still arrive after the session end gets no tail: they bound it', async () => {
  await withRig(9, async (rig) => {
    rig.happen(20, true);
    rig.clock = () => dayOverAtMs(DATE) + 60_000;
    const b = rig.backfill();
    // A live trade received after the end (the feed still delivering) is the bound; its fill finds no hole.
    rig.happen(1, true);
    b.afterTrade(CODE, rig.sent[20].record);
    await b.idle();
    rig.happen(6, false);
    b.request(CODE);
    await b.idle();
    assert.equal(tRequests(rig), 0, 'no tail fetched');
    assert.equal(rig.fileRecords().length, 21);
    assert.equal(rig.frames.length, 0);
  });
});
