// A fill stopped at a page boundary leaves its oldest fetched row without the print before it: that row is
// held back (docs/backfill.md, "Storing") and gets its real side from the run that fetches its predecessor.
// Pure merge first, then the runner against an in-process time-and-sales that pauses it at an exact page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DAY_START, type FillRow } from '../../electron/shared/fill/row.ts';
import { holesOf, mergeDay } from '../support/steps.ts';
import { Backfill } from '../../electron/core/backfill.ts';
import { kstEpochSeconds } from '../../electron/shared/kst.ts';
import type { TrAnswer, TrRequest } from '../../electron/collector/ls/tr-post.ts';
import { silentLogger } from '../../electron/log.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { dayFilePath, fillFilePath } from '../../electron/store/day-file.ts';
import { readFillRows } from '../../electron/store/fill-file.ts';
import { TradeStore } from '../../electron/store/trade-store.ts';

const CODE = '005930';
const DATE = '20251126';

/** Print k (1-based) is a sell when k % 4 is 1, else a buy: print 21, the orphan below, is a sell. */
const isSell = (k: number): boolean => k % 4 === 1;

/** The day's prints 1..n as time-and-sales rows, oldest first. */
function day(n: number): FillRow[] {
  const c = { ...DAY_START };
  const rows: FillRow[] = [];
  for (let k = 1; k <= n; k++) {
    const q = 1 + (k % 3);
    c.volume += q;
    if (isSell(k)) {
      c.mdvolume += q;
      c.mdchecnt++;
    } else {
      c.msvolume += q;
      c.mschecnt++;
    }
    rows.push({ chetime: `0900${String(k).padStart(2, '0')}`, price: isSell(k) ? '60000' : '60100', cvolume: q, ...c });
  }
  return rows;
}

/** A print as the live feed recorded it. */
const asLine = (r: FillRow, k: number): TradeRecord => ({
  chetime: r.chetime, price: r.price, cvolume: String(r.cvolume), cgubun: isSell(k) ? '-' : '+', exchname: 'KRX',
  volume: String(r.volume), mschecnt: String(r.mschecnt), mdchecnt: String(r.mdchecnt),
});

test('merging a stopped fetch holds back the row whose predecessor is not fetched; the resumed merge gives it its side', () => {
  const rows = day(30);
  const file = [...rows.slice(0, 3), ...rows.slice(27)].map((r) => asLine(r, Number(r.chetime.slice(4))));
  // Pages of five, newest first: the second page ends at print 21, whose predecessor (20) is not fetched.
  const fetched = rows.slice(20, 27);
  const paused = mergeDay(file, fetched, true);
  assert.deepEqual(paused.held.map((r) => r.volume), [rows[20].volume]);
  const sides = (ks: number[]): string[] => ks.map((k) => (isSell(k) ? '-' : '+'));
  assert.deepEqual(paused.records.map((r) => r.cgubun), sides([1, 2, 3, 22, 23, 24, 25, 26, 27, 28, 29, 30]));
  assert.deepEqual(paused.counts, { buy: 5, sell: 1, auction: 0, unknown: 0 }, 'print 22 took its side from the held print 21');
  // The day now has its hole below print 22; the next fetch brings 4..20 and the held row is merged with them.
  assert.deepEqual(holesOf(paused.records).map((h) => [h.after, h.before]), [[rows[2].volume, rows[21].volume]]);
  const resumed = mergeDay(paused.records, [...paused.held, ...rows.slice(3, 20)], true);
  assert.deepEqual(resumed.held, []);
  assert.deepEqual(resumed.records.map((r) => r.cgubun), sides(rows.map((_, i) => i + 1)));
  assert.equal(resumed.records.filter((r) => r.side === 'unknown').length, 0);
  assert.equal(holesOf(resumed.records).length, 0);
  // A fetch that ended (LS has nothing older) places such a row anyway, marked: it will never get a predecessor.
  const ended = mergeDay(file, fetched);
  assert.deepEqual(ended.held, []);
  assert.deepEqual(ended.records.filter((r) => r.side === 'unknown').map((r) => r.volume), [String(rows[20].volume)]);
});

/** Time-and-sales over `rows` (oldest first) in pages of `size`, newest first; `onCall` sees each request. */
function timeSales(rows: readonly FillRow[], size: number, onCall: (n: number, req: TrRequest) => void) {
  const cursors = new Map<string, number>();
  let calls = 0;
  return {
    requests: [] as TrRequest[],
    async call(_code: string, req: TrRequest): Promise<TrAnswer> {
      this.requests.push(req);
      onCall(++calls, req);
      const top = req.contKey === undefined ? rows.length : (cursors.get(req.contKey) ?? 0);
      const page = rows.slice(Math.max(0, top - size), top).reverse();
      const more = top - size > 0;
      const key = `k${calls}`;
      if (more) cursors.set(key, top - size);
      return {
        status: 200,
        json: { t8454OutBlock: { cts_time: more ? page[page.length - 1].chetime : '' }, t8454OutBlock1: page.map((r) => ({ ...r, price: Number(r.price) })) },
        trCont: more ? 'Y' : 'N',
        trContKey: more ? key : '',
      };
    },
    close(): void {},
    focus(): void {},
    interval: (): number => 0,
  };
}

test('a fill paused at a page boundary that leaves its oldest row an orphan gives that row its side after resume', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-fill-resume-'));
  const store = new TradeStore(dir, silentLogger);
  const rows = day(30);
  for (const k of [1, 2, 3, 28, 29, 30]) store.append(CODE, DATE, asLine(rows[k - 1], k));
  let fill: Backfill | null = null;
  // Paused as the second page is asked for: it is the last page of the first run, and it ends at print 21.
  const ls = timeSales(rows, 5, (n) => {
    if (n === 2) fill?.pause(CODE);
  });
  fill = new Backfill({ queue: ls, source: { tr: 't8454', exchgubun: 'U' }, writer: store, dir, today: () => DATE, now: () => kstEpochSeconds(DATE, '120000') * 1000, codes: () => [CODE], log: silentLogger, onMerged: () => {}, onTailFilled: () => {} });
  const lines = (): TradeRecord[] => fs.readFileSync(dayFilePath(dir, CODE, DATE), 'utf8').split('\n').filter(Boolean).map((l) => {
    const r = parseRecordLine(l);
    assert.ok(r, l);
    return r;
  });
  try {
    fill.request(CODE);
    await fill.idle();
    assert.equal(ls.requests.length, 2);
    assert.equal(fill.statusOf(CODE).state, 'paused');
    // Prints 22..27 are merged (22 with its side from 21); 21 waits in the side file for its predecessor.
    assert.deepEqual(lines().map((r) => Number(r.chetime.slice(4))), [1, 2, 3, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    assert.equal(lines().filter((r) => r.side === 'unknown').length, 0);
    assert.deepEqual((await readFillRows(dir, CODE, DATE)).map((r) => r.volume), [rows[20].volume]);

    fill.resume(CODE);
    await fill.idle();
    const s = fill.statusOf(CODE);
    assert.equal(s.state, 'done');
    assert.equal(s.unknown_sides, 0);
    // The resumed fetch starts below the held row (endtime one past its minute) and keeps only rows below it.
    assert.equal((ls.requests[2].body.t8454InBlock as Record<string, unknown>).endtime, '0901');
    assert.equal(s.fetched, 7 + 17);
    const file = lines();
    assert.deepEqual(file.map((r) => r.volume), rows.map((r) => String(r.volume)));
    assert.deepEqual(file.map((r) => r.cgubun), rows.map((_, i) => (isSell(i + 1) ? '-' : '+')), 'print 21 is a sell');
    assert.equal(file.filter((r) => r.side === 'unknown').length, 0);
    assert.equal(fs.existsSync(fillFilePath(dir, CODE, DATE)), false, 'the side file is gone once every row is merged');
  } finally {
    await fill.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
