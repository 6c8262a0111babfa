import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_START, formatFillRowLine, parseFillRowLine, type FillRow } from '../../electron/shared/fill/row.ts';
import { recoverSides, sideOf } from '../../electron/shared/fill/sides.ts';
import { cutPage, holesSteps, missingVolume, samePrint, unfillableReason } from '../../electron/shared/fill/seam.ts';
import { mergeDaySteps } from '../../electron/shared/fill/merge.ts';
import { drain, gapOutcomes, holesOf, mergeDay } from '../support/steps.ts';
import { gapOutcomeSteps } from '../../electron/shared/fill/gap-states.ts';
import { STEP } from '../../electron/shared/fill/steps.ts';
import { appendsTail, dayOverAtMs, nextDayOverMs, tailHole } from '../../electron/shared/fill/close.ts';
import { kstEpochSeconds } from '../../electron/shared/kst.ts';
import { parseTimeSalesPage, parseTimeSalesRow, timeSalesSource } from '../../electron/collector/ls/time-sales.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { tickFromRecord, newAuctionState } from '../../electron/shared/footprint/auction.ts';

/** Builds consecutive rows (oldest first) from [chetime, price, cvolume, 'b'|'s'|'a'] prints. */
function rowsOf(prints: [string, number, number, 'b' | 's' | 'a', ('KRX' | 'NXT')?][], from = DAY_START): FillRow[] {
  const c = { ...from };
  return prints.map(([chetime, price, q, k, ex]) => {
    c.volume += q;
    if (k === 'b') {
      c.msvolume += q;
      c.mschecnt++;
    } else if (k === 's') {
      c.mdvolume += q;
      c.mdchecnt++;
    }
    return { chetime, price: String(price), cvolume: q, ...c, ...(ex ? { exchname: ex } : {}) };
  });
}

const asLine = (r: FillRow): TradeRecord => ({
  chetime: r.chetime, price: r.price, cvolume: String(r.cvolume), cgubun: r.mschecnt > 0 ? '+' : '-', exchname: r.exchname ?? 'KRX',
  volume: String(r.volume), mschecnt: String(r.mschecnt), mdchecnt: String(r.mdchecnt),
});

test('the documented t8454 example pairs recover one side each (Δmd / Δms equal to the print)', () => {
  // Newest first in the documentation; here oldest first.
  const older = { volume: 26639, msvolume: 10339, mdvolume: 16300, mschecnt: 600, mdchecnt: 650 };
  const r1: FillRow = { chetime: '140703', price: '60600', cvolume: 10, volume: 26649, msvolume: 10339, mdvolume: 16310, mschecnt: 600, mdchecnt: 651 };
  const r2: FillRow = { chetime: '140756', price: '60700', cvolume: 1, volume: 26650, msvolume: 10340, mdvolume: 16310, mschecnt: 601, mdchecnt: 651 };
  const r3: FillRow = { chetime: '140800', price: '60600', cvolume: 2, volume: 26652, msvolume: 10340, mdvolume: 16312, mschecnt: 601, mdchecnt: 652 };
  assert.equal(sideOf(older, r1), 'sell');
  assert.equal(sideOf(r1, r2), 'buy');
  assert.equal(sideOf(r2, r3), 'sell');
});

test('neither side moving is an auction fill, stored so the live auction rule recognises it', () => {
  const rows = rowsOf([['090000', 55000, 1000, 'a'], ['090001', 55100, 5, 'b'], ['090001', 55000, 3, 's']]);
  const { records, counts } = recoverSides(null, rows);
  assert.deepEqual(counts, { buy: 1, sell: 1, auction: 1, unknown: 0 });
  assert.equal(records[0].src, 'fill');
  const state = newAuctionState();
  assert.deepEqual(records.map((r) => tickFromRecord(r, state).auction), [true, false, false]);
  assert.deepEqual(records.map((r) => r.cgubun), ['+', '+', '-']);
});

test('a row that fits no rule is kept, marked and counted, never silently given a side', () => {
  const rows = rowsOf([['100000', 55000, 5, 'b'], ['100001', 55000, 7, 's']]);
  // Both cumulatives moved: two prints merged, or a typo upstream.
  const odd: FillRow = { ...rows[1], msvolume: rows[1].msvolume + 2, mschecnt: rows[1].mschecnt + 1 };
  const { records, counts } = recoverSides(null, [rows[0], odd]);
  assert.deepEqual(counts, { buy: 1, sell: 0, auction: 0, unknown: 1 });
  assert.equal(records[1].side, 'unknown');
  const line = formatRecordLine(records[1]);
  assert.match(line, /^\{"chetime": "100001", "price": "55000", "cvolume": "7", "cgubun": "[+-]", /);
  assert.match(line, /"src": "fill", "side": "unknown"\}\n$/);
  assert.deepEqual(parseRecordLine(line.trimEnd()), records[1]);
  // A predecessor that does not chain (a row missing in between) says nothing either.
  assert.equal(sideOf({ volume: 1, mschecnt: 1, mdchecnt: 0 }, rows[1]), 'unknown');
  // The day's first print needs no predecessor; a later one without it is unknown.
  assert.equal(sideOf(null, rows[0]), 'buy');
  assert.equal(sideOf(null, rows[1]), 'unknown');
});

test('a day-file line (counts, no ms/md volumes) is a predecessor the counts decide from', () => {
  const rows = rowsOf([['100000', 55000, 5, 'b'], ['100001', 55000, 7, 's'], ['100002', 55000, 2, 'a']]);
  const line = { volume: rows[0].volume, mschecnt: rows[0].mschecnt, mdchecnt: rows[0].mdchecnt };
  assert.equal(sideOf(line, rows[1]), 'sell');
  assert.equal(sideOf({ volume: rows[1].volume, mschecnt: rows[1].mschecnt, mdchecnt: rows[1].mdchecnt }, rows[2]), 'auction');
});

test('side-file rows round-trip; torn lines are rejected', () => {
  const [r] = rowsOf([['090500', 99350, 3, 'b', 'NXT']]);
  const line = formatFillRowLine(r);
  assert.deepEqual(parseFillRowLine(line.trimEnd()), r);
  assert.equal(parseFillRowLine(line.slice(0, 20)), null);
});

test('time-and-sales rows parse from numbers or strings; unusable rows are counted', () => {
  assert.deepEqual(
    parseTimeSalesRow({ chetime: '135820', price: 60600, cvolume: '2', volume: 26652, mdvolume: 16312, mdchecnt: 662, msvolume: 10340, mschecnt: 608, exchname: 'NXT' }),
    { chetime: '135820', price: '60600', cvolume: 2, volume: 26652, msvolume: 10340, mdvolume: 16312, mschecnt: 608, mdchecnt: 662, exchname: 'NXT' },
  );
  const page = parseTimeSalesPage('t8454', {
    status: 200, trCont: 'Y', trContKey: 'k',
    json: { t8454OutBlock: { cts_time: '1358200001' }, t8454OutBlock1: [{ chetime: '135820', price: 1 }, { chetime: 'x' }] },
  });
  assert.equal(page.rows.length, 0);
  assert.equal(page.skipped, 2);
  assert.equal(page.ctsTime, '1358200001');
  assert.equal(page.more, true);
  const last = parseTimeSalesPage('t1301', { status: 200, trCont: 'Y', trContKey: '', json: { t1301OutBlock: { cts_time: '' }, rsp_cd: '00000' } });
  assert.equal(last.more, false);
  assert.deepEqual(timeSalesSource('US3'), { tr: 't8454', exchgubun: 'U' });
  assert.deepEqual(timeSalesSource('NS3'), { tr: 't8454', exchgubun: 'N' });
  assert.deepEqual(timeSalesSource('S3_'), { tr: 't1301', exchgubun: null });
});

test('the seam is matched on cumulative volume: identical consecutive prints at the seam stay separate', () => {
  // Five identical 1-share buys; the file has the first two, then a hole, then the fifth.
  const rows = rowsOf([['100000', 55000, 1, 'b'], ['100000', 55000, 1, 'b'], ['100000', 55000, 1, 'b'], ['100000', 55000, 1, 'b'], ['100000', 55000, 1, 'b']]);
  const file = [asLine(rows[0]), asLine(rows[1]), asLine(rows[4])];
  const holes = holesOf(file);
  assert.deepEqual(holes, [{ after: 2, before: 5, afterLine: file[1], beforeLine: file[2] }]);
  const newestFirst = [...rows].reverse();
  const cut = cutPage(newestFirst, holes[0]);
  assert.deepEqual(cut.inside.map((r) => r.volume), [4, 3]);
  assert.equal(cut.seam?.volume, 2);
  assert.equal(cut.bound?.volume, 5);
  assert.equal(cut.reached, true);
  // LS's rows at the lines around the hole are the lines' prints; a row of another view is not.
  assert.equal(samePrint(holes[0].beforeLine!, cut.bound!), true);
  assert.equal(samePrint(holes[0].afterLine!, cut.seam!), true);
  assert.equal(samePrint(holes[0].afterLine!, { ...cut.seam!, price: '55100' }), false);
  assert.equal(samePrint(holes[0].afterLine!, { ...cut.seam!, cvolume: 2 }), false);
  assert.equal(samePrint(holes[0].afterLine!, cut.bound!), false);
  assert.equal(missingVolume(2, { volume: 5, cvolume: 1 }, [...cut.inside].reverse()), 0);
  assert.equal(missingVolume(2, { volume: 5, cvolume: 1 }, [cut.inside[0]]), 1);
  // Merging the whole fetched day (overlapping the file) adds exactly the two missing prints.
  const merged = mergeDay(file, rows);
  assert.deepEqual(merged.records.map((r) => r.volume), ['1', '2', '3', '4', '5']);
  assert.deepEqual(merged.records.map((r) => r.src ?? 'live'), ['live', 'live', 'fill', 'fill', 'live']);
  assert.deepEqual(merged.counts, { buy: 2, sell: 0, auction: 0, unknown: 0 });
  assert.equal(holesOf(merged.records).length, 0);
  // Merging again changes nothing.
  assert.deepEqual(mergeDay(merged.records, rows).records, merged.records);
});

test('a day started late gets its morning and its tail; NXT and KRX rows interleave by volume', () => {
  const rows = rowsOf([
    ['080001', 55000, 10, 'b', 'NXT'], ['090000', 55100, 500, 'a', 'KRX'], ['090001', 55100, 3, 's', 'NXT'],
    ['090002', 55200, 4, 'b', 'KRX'], ['090003', 55200, 4, 'b', 'KRX'], ['090004', 55100, 1, 's', 'NXT'],
  ]);
  const file = [asLine(rows[3])];
  assert.deepEqual(holesOf(file).map((h) => [h.after, h.before]), [[0, rows[3].volume]]);
  const merged = mergeDay(file, rows);
  assert.deepEqual(merged.records.map((r) => r.exchname), ['NXT', 'KRX', 'NXT', 'KRX', 'KRX', 'NXT']);
  assert.deepEqual(merged.counts, { buy: 2, sell: 2, auction: 1, unknown: 0 });
  assert.deepEqual(merged.records.map((r) => r.src ?? 'live'), ['fill', 'fill', 'fill', 'live', 'fill', 'fill']);
  assert.equal(merged.records[3], file[0]);
});

test('fetched rows in any order, repeated, merge alike; rows at or above upTo are left out', () => {
  const rows = rowsOf(Array.from({ length: 40 }, (_, i): [string, number, number, 'b' | 's'] => ['100000', 55000 + (i % 3) * 100, 1 + (i % 4), i % 2 ? 'b' : 's']));
  const file = [asLine(rows[0]), asLine(rows[39])];
  const expected = mergeDay(file, rows).records;
  assert.equal(expected.length, 40);
  const shuffled = [...rows].sort((a, b) => ((a.volume * 7919) % 41) - ((b.volume * 7919) % 41));
  for (const order of [[...rows].reverse(), shuffled, [...rows, ...rows.slice(5, 9).reverse()]]) {
    assert.deepEqual(mergeDay(file, order).records, expected);
  }
  const { value } = drain(mergeDaySteps(file, [...rows].reverse(), false, rows[20].volume));
  assert.deepEqual(value.records.map((l) => Number(l.volume)), [...rows.slice(0, 20), rows[39]].map((x) => x.volume));
});

test('a day file without cumulative volume, or with volume going back, cannot be filled', () => {
  assert.match(unfillableReason([{ chetime: '100000', price: '1', cvolume: '1', cgubun: '+' }]) ?? '', /without cumulative volume/);
  assert.match(unfillableReason([{ chetime: '100000', price: '1', cvolume: '1', cgubun: '+', volume: '5' }, { chetime: '100000', price: '1', cvolume: '1', cgubun: '+', volume: '5' }]) ?? '', /does not rise/);
  assert.equal(unfillableReason([]), null);
});

test('gap states: filled when no hole is left in the stretch, partial when one is, unfillable when nothing could run; unchanged states are not repeated', () => {
  const line = (chetime: string, cvolume: number, volume: number, src?: 'fill'): TradeRecord => ({
    chetime, price: '100', cvolume: String(cvolume), cgubun: '+', exchname: 'KRX', volume: String(volume), mschecnt: '0', mdchecnt: '0', ...(src ? { src } : {}),
  });
  const g = { after: '090001', before: '090005', missed_volume: 30, missed_trades: null, cause: 'reconnect' as const, at: '' };
  const filled = [line('090001', 10, 10), line('090002', 10, 20, 'fill'), line('090003', 10, 30, 'fill'), line('090005', 10, 40)];
  assert.deepEqual(gapOutcomes([g], filled, null, 'none', 't'), [{ after: '090001', before: '090005', state: 'filled', fetched: 2, missing_volume: 0, at: 't' }]);
  assert.deepEqual(gapOutcomes([{ ...g, state: 'filled', fetched: 2, missing_volume: 0 }], filled, null, 'none', 't'), []);
  const partial = [line('090001', 10, 10), line('090002', 10, 20, 'fill'), line('090005', 10, 40)];
  assert.deepEqual(gapOutcomes([g], partial, null, 'none', 't'), [{ after: '090001', before: '090005', state: 'partial', fetched: 1, missing_volume: 10, reason: 'none', at: 't' }]);
  assert.deepEqual(gapOutcomes([g], null, 'no volume', 'none', 't'), [{ after: '090001', before: '090005', state: 'unfillable', fetched: 0, missing_volume: 30, reason: 'no volume', at: 't' }]);
});

test('the walks over a whole day pause every STEP lines, so the server can let live trades through between slices', () => {
  const n = 20 * STEP + 7;
  const day = Array.from({ length: n }, (_, i): TradeRecord => ({
    chetime: '100000', price: '100', cvolume: '1', cgubun: '+', volume: String(i + 1 + (i >= 10_000 ? 5 : 0)), mschecnt: '0', mdchecnt: '0',
  }));
  const holes = drain(holesSteps(day));
  assert.deepEqual(holes.value.map((h) => [h.after, h.before]), [[10_000, 10_006]]);
  assert.ok(holes.pauses >= 20, `${holes.pauses} pauses`);
  const gap = { after: '100000', before: '100000', missed_volume: 5, missed_trades: null, cause: 'reconnect' as const, at: '' };
  const states = drain(gapOutcomeSteps([gap, gap], day, null, 'none', 't'));
  assert.deepEqual(states.value.map((o) => [o.state, o.missing_volume]), [['unfillable', 5], ['unfillable', 5]]);
  assert.ok(states.pauses >= 40, `${states.pauses} pauses`);
  assert.ok(drain(mergeDaySteps(day, [])).pauses >= 20);
});

test('the day is over at 20:05 KST (the last session ends 20:00, plus time for the last prints to settle); the next end follows from any instant', () => {
  const date = '20251126';
  assert.equal(dayOverAtMs(date), kstEpochSeconds(date, '200500') * 1000);
  assert.equal(nextDayOverMs(kstEpochSeconds(date, '090000') * 1000), dayOverAtMs(date));
  assert.equal(nextDayOverMs(dayOverAtMs(date) - 1), dayOverAtMs(date));
  // At the end itself and later the same evening, or after midnight KST: the next day's end.
  assert.equal(nextDayOverMs(dayOverAtMs(date)), dayOverAtMs('20251127'));
  assert.equal(nextDayOverMs(kstEpochSeconds(date, '235959') * 1000), dayOverAtMs('20251127'));
  assert.equal(nextDayOverMs(kstEpochSeconds('20251127', '003000') * 1000), dayOverAtMs('20251127'));
});

test('the fill appends the tail itself only once the day is over and no live trade came after its end', () => {
  const date = '20251126';
  const at = (hms: string, d = date): number => kstEpochSeconds(d, hms) * 1000;
  assert.equal(appendsTail(date, at('153000'), null), false, 'during the session the next live trade bounds the tail');
  assert.equal(appendsTail(date, at('200459'), null), false, 'still settling');
  assert.equal(appendsTail(date, at('200500'), null), true);
  assert.equal(appendsTail(date, at('090000', '20251127'), null), true, 'a past day');
  assert.equal(appendsTail(date, at('210000'), at('195959')), true, 'the last live trade before the end');
  assert.equal(appendsTail(date, at('210000'), at('200000')), false, 'the feed still delivers: it bounds the tail');
});

test('the tail hole starts at the last line (its time narrows the request) and is open-ended; an empty day is wholly the tail', () => {
  const lines = rowsOf([['090000', 100, 5, 'b'], ['090001', 101, 3, 's']]).map(asLine);
  assert.deepEqual(tailHole(lines), { after: 8, before: null, afterLine: lines.at(-1), beforeLine: null });
  assert.deepEqual(tailHole([]), { after: 0, before: null, afterLine: null, beforeLine: null });
  // Every fetched row past the last line is inside it.
  const more = rowsOf([['200000', 102, 4, 'b']], { ...DAY_START, volume: 8, msvolume: 5, mschecnt: 1, mdvolume: 3, mdchecnt: 1 });
  assert.deepEqual(cutPage(more, tailHole(lines)).inside.map((r) => r.volume), [12]);
});
