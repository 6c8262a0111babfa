// The fill's REST side against the LS emulator over real sockets: paging newest first with tr_cont_key
// and cts_time, stopping at the seam, per-TR pacing, over-limit answers, failures and hangs, priority.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenManager } from '../../electron/collector/ls/token.ts';
import { TrCallError, TrQueue, type TrQueueOptions } from '../../electron/collector/ls/tr-queue.ts';
import { fetchHole, timeSalesSource, type TimeSalesSource } from '../../electron/collector/ls/time-sales.ts';
import type { FillRow } from '../../electron/shared/fill/row.ts';
import type { Hole } from '../../electron/shared/fill/seam.ts';
import { recoverSides } from '../../electron/shared/fill/sides.ts';
import { silentLogger } from '../../electron/log.ts';
import type { TradeRecord } from '../../electron/shared/trade.ts';
import { startLsEmulator, type LsEmulator, type LsEmulatorOptions } from '../support/ls-emulator.ts';
import { until } from '../support/serve-process.ts';

const CODE = '005930';
const WHOLE_DAY: Hole = { after: 0, before: null, afterLine: null, beforeLine: null };

async function withEmulator(opts: LsEmulatorOptions, body: (emu: LsEmulator, queue: (o?: TrQueueOptions) => TrQueue) => Promise<void>): Promise<void> {
  const emu = await startLsEmulator(opts);
  const queues: TrQueue[] = [];
  try {
    await body(emu, (o = {}) => {
      const tokens = new TokenManager({ restUrl: emu.restUrl, appKey: emu.appKey, appSecret: emu.appSecret }, 0, silentLogger);
      const q = new TrQueue(emu.restUrl, tokens, silentLogger, o);
      queues.push(q);
      return q;
    });
  } finally {
    for (const q of queues) q.close();
    await emu.close();
  }
}

type Kind = 'b' | 's' | 'a';

/** Makes `n` prints happen (no connection receives them): a repeating mix of sides, venues and identical prints. */
function happen(emu: LsEmulator, n: number, start = 0): { record: TradeRecord; kind: Kind }[] {
  const out: { record: TradeRecord; kind: Kind }[] = [];
  for (let i = start; i < start + n; i++) {
    const kind: Kind = i % 11 === 0 ? 'a' : i % 3 === 0 ? 's' : 'b';
    const s = 32_400 + Math.floor(i / 4);
    const chetime = `${String(Math.floor(s / 3600)).padStart(2, '0')}${String(Math.floor(s / 60) % 60).padStart(2, '0')}${String(s % 60).padStart(2, '0')}`;
    const exchname = i % 5 === 2 ? 'NXT' : 'KRX';
    // Runs of identical prints: the size repeats for every four consecutive prints.
    const record = emu.sendTrade(CODE, { chetime, price: 55_000 + (i % 2) * 100, cvolume: 1 + Math.floor(i / 4) % 3, cgubun: kind === 's' ? '-' : '+' }, { exchname, auction: kind === 'a' });
    out.push({ record, kind });
  }
  return out;
}

async function fetchAll(q: TrQueue, src: TimeSalesSource, hole: Hole): Promise<{ rows: FillRow[]; seam: FillRow | null; pages: number; reached: boolean }> {
  const newestFirst: FillRow[] = [];
  let seam: FillRow | null = null;
  const p = await fetchHole(q, CODE, src, hole, async (cut) => {
    newestFirst.push(...cut.inside);
    seam ??= cut.seam;
  });
  return { rows: newestFirst.reverse(), seam, pages: p.pages, reached: p.reached };
}

const fast = { limits: { t8454: 200, t1301: 200 } };

test('a whole day comes back over many pages, in order, with every side, auction and venue recovered (t8454 U)', async () => {
  await withEmulator({ timeSales: { pageSize: 7, ...fast } }, async (emu, queue) => {
    emu.hold(true);
    const sent = happen(emu, 200);
    const got = await fetchAll(queue(fast), timeSalesSource('US3'), WHOLE_DAY);
    assert.equal(got.pages, Math.ceil(200 / 7));
    assert.equal(got.reached, true);
    const { records, counts } = recoverSides(null, got.rows);
    assert.equal(records.length, 200);
    assert.equal(counts.unknown, 0);
    records.forEach((r, i) => {
      const { record, kind } = sent[i];
      assert.deepEqual([r.chetime, r.price, r.cvolume, r.exchname, r.volume, r.mschecnt, r.mdchecnt], [record.chetime, record.price, record.cvolume, record.exchname, record.volume, record.mschecnt, record.mdchecnt], `print ${i}`);
      if (kind !== 'a') assert.equal(r.cgubun, record.cgubun, `side of print ${i}`);
    });
    assert.equal(counts.auction, sent.filter((s) => s.kind === 'a').length);
    // Every continued request carried the previous answer's key and cts_time (the emulator refuses others).
    const bodies = emu.restRequests.filter((r) => r.headers.tr_cd === 't8454');
    assert.equal(bodies[0].headers.tr_cont, 'N');
    assert.ok(bodies.slice(1).every((r) => r.headers.tr_cont === 'Y' && String(r.headers.tr_cont_key).startsWith('emu')));
  });
});

test('paging stops at the seam: only the hole is fetched, narrowed with starttime/endtime; the last page may end on a blank cts_time', async () => {
  await withEmulator({ timeSales: { pageSize: 5, lastPage: 'blank_cts', ...fast } }, async (emu, queue) => {
    emu.hold(true);
    const sent = happen(emu, 400).map((s) => s.record);
    const after = sent[300];
    const before = sent[340];
    const hole: Hole = { after: Number(after.volume), before: Number(before.volume), afterLine: after, beforeLine: before };
    const got = await fetchAll(queue(fast), timeSalesSource('US3'), hole);
    assert.deepEqual(got.rows.map((r) => String(r.volume)), sent.slice(301, 340).map((r) => r.volume));
    assert.equal(got.seam?.volume, Number(after.volume));
    // The whole day is 80 pages: endtime skips the newest minutes and the seam ends the paging.
    assert.ok(got.pages <= 40, `fetched ${got.pages} pages for a 39-print hole`);
    const first = JSON.parse(emu.restRequests.find((r) => r.headers.tr_cd === 't8454')?.body ?? '{}') as { t8454InBlock: Record<string, unknown> };
    // From the minute before the seam's (venue stamps may disagree across a minute).
    const minutes = Number(after.chetime.slice(0, 2)) * 60 + Number(after.chetime.slice(2, 4)) - 1;
    assert.equal(first.t8454InBlock.starttime, `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`);
    assert.equal(first.t8454InBlock.exchgubun, 'U');
    assert.equal(first.t8454InBlock.cvolume, 0);
    // A whole day with the blank-cts ending stops too.
    const all = await fetchAll(queue(fast), timeSalesSource('US3'), WHOLE_DAY);
    assert.equal(all.rows.length, 400);
  });
});

test('KRX-only streams fill from t1301 with KRX cumulatives; NS3 from t8454 N', async () => {
  await withEmulator({ timeSales: { pageSize: 9, ...fast } }, async (emu, queue) => {
    emu.hold(true);
    happen(emu, 60);
    const q = queue(fast);
    const krx = await fetchAll(q, timeSalesSource('S3_'), WHOLE_DAY);
    const nxt = await fetchAll(q, timeSalesSource('NS3'), WHOLE_DAY);
    assert.equal(krx.rows.length + nxt.rows.length, 60);
    assert.ok(krx.rows.every((r) => r.exchname === undefined));
    assert.ok(nxt.rows.every((r) => r.exchname === 'NXT'));
    for (const view of [krx.rows, nxt.rows]) assert.equal(recoverSides(null, view).counts.unknown, 0);
    assert.ok(emu.restRequests.some((r) => r.headers.tr_cd === 't1301'));
  });
});

test('at the default limits no call is refused; a queue faster than the server backs off on IGW00201 and still gets everything', async () => {
  await withEmulator({ timeSales: { pageSize: 20 } }, async (emu, queue) => {
    emu.hold(true);
    happen(emu, 50);
    const polite = queue();
    const started = Date.now();
    const got = await fetchAll(polite, timeSalesSource('US3'), WHOLE_DAY);
    assert.equal(got.rows.length, 50);
    assert.equal(emu.timeSales.overLimit.get('t8454') ?? 0, 0);
    assert.ok(Date.now() - started >= 2 * polite.interval('t8454') - 50, 'three t8454 calls span at least two intervals');
    const eager = queue({ limits: { t8454: 100 }, backoffMs: 100 });
    const again = await fetchAll(eager, timeSalesSource('US3'), WHOLE_DAY);
    assert.equal(again.rows.length, 50);
    assert.ok((emu.timeSales.overLimit.get('t8454') ?? 0) > 0);
    assert.ok(eager.stats().overLimit > 0);
  });
});

test('a failed or hung call is retried; one failing every time is reported after bounded retries', async () => {
  await withEmulator({ timeSales: { pageSize: 10, ...fast } }, async (emu, queue) => {
    emu.hold(true);
    happen(emu, 30);
    const q = queue({ ...fast, timeoutMs: 300, backoffMs: 20 });
    emu.timeSales.failNext('t8454', { status: 500, rsp_cd: 'IGW99999' }, 2);
    emu.timeSales.hangNext('t8454', 1);
    const got = await fetchAll(q, timeSalesSource('US3'), WHOLE_DAY);
    assert.equal(got.rows.length, 30);
    assert.ok(q.stats().retries >= 3);
    emu.timeSales.failNext('t8454', { status: 200, rsp_cd: 'IGW40011', rsp_msg: '입력값 오류' }, 10);
    await assert.rejects(fetchAll(q, timeSalesSource('US3'), WHOLE_DAY), (e: unknown) => e instanceof TrCallError && e.kind === 'failed' && /IGW40011/.test(e.message));
  });
});

test('the code on screen goes first in the shared queue', async () => {
  await withEmulator({ timeSales: fast }, async (emu, queue) => {
    const q = queue({ limits: { t8454: 20 } });
    const call = (code: string): Promise<unknown> =>
      q.call(code, { path: '/stock/market-data', trCd: 't8454', body: { t8454InBlock: { shcode: code, cvolume: 0, starttime: '', endtime: '', cts_time: '', exchgubun: 'U' } } });
    const waits = ['000660', '000660', '000660', '000660'].map(call);
    q.focus(['035720']);
    waits.push(call('035720'));
    await Promise.all(waits);
    const order = emu.restRequests.filter((r) => r.headers.tr_cd === 't8454').map((r) => (JSON.parse(r.body) as { t8454InBlock: { shcode: string } }).t8454InBlock.shcode);
    // The first call had already started; the focused code's call comes right after it.
    assert.deepEqual(order.slice(0, 2), ['000660', '035720']);
  });
});

test('closing the queue ends a hung call and a call failing meanwhile at once: shutdown never waits on LS', async () => {
  await withEmulator({ timeSales: fast }, async (emu, queue) => {
    emu.hold(true);
    happen(emu, 5);
    // A timeout far beyond the test's own: only the close can end these calls.
    const q = queue({ ...fast, timeoutMs: 600_000 });
    const body = { t8454InBlock: { shcode: CODE, cvolume: 0, starttime: '', endtime: '', cts_time: '', exchgubun: 'U' } };
    emu.timeSales.hangNext('t8454', 1);
    emu.timeSales.failNext('t1301', { status: 200, rsp_cd: 'IGW40011', rsp_msg: '입력값 오류' }, 1);
    const hung = q.call(CODE, { path: '/stock/market-data', trCd: 't8454', body });
    const failing = q.call('000660', { path: '/stock/market-data', trCd: 't1301', body: { t1301InBlock: { shcode: '000660', cvolume: 0, starttime: '', endtime: '', cts_time: '' } } });
    await until(() => emu.restRequests.filter((r) => r.headers.tr_cd === 't8454' || r.headers.tr_cd === 't1301').length === 2, 'both calls sent');
    q.close();
    const closed = (e: unknown): boolean => e instanceof TrCallError && /닫혔습니다/.test(e.message);
    await assert.rejects(hung, closed);
    await assert.rejects(failing, closed);
  });
});
