// The page's big prints (renderer/src/data/big-prints.ts): the day's list and live trades merged
// without doubles, each placed in its bar (loaded ones by counting the bars' trades), and the
// bubble size rule (renderer/src/chart/bubble-size.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import type { LiveTrade } from '../../electron/shared/trade.ts';
import type { BigPrint, BigPrintsAnswer } from '../../electron/shared/big-prints.ts';
import { bubbleRadius } from '../../renderer/src/chart/bubble-size.ts';
import { BigPrintBook } from '../../renderer/src/data/big-prints.ts';

const bar = (time: number, trades: number): FootprintBar => ({ time, trades }) as FootprintBar;
const print = (seq: number, nth: number, qty: number, side: '+' | '-' = '+'): BigPrint => ({ seq, nth, chetime: '090000', price: 100, qty, side, venue: 'KRX' });
const answer = (min: number | null, prints: BigPrint[], auto = true): BigPrintsAnswer => ({ code: '005930', date: '20251125', venue: 'all', min, auto, trades: 0, prints, truncated: false });
const trade = (seq: number, qty: number, side: '+' | '-' = '-'): LiveTrade => ({ chetime: '091000', price: '101', cvolume: String(qty), cgubun: side, exchname: 'KRX', code: '005930', date: '20251125', seq, epoch: 0 });

test('loaded prints are placed in the bar holding their nth trade', () => {
  const book = new BigPrintBook();
  book.load(answer(500, [print(3, 3, 600), print(10, 10, 900, '-'), print(11, 11, 2_000)]), 11, [bar(60, 3), bar(120, 7), bar(180, 1)]);
  assert.deepEqual(book.list().map((p) => [p.seq, p.time, p.side]), [[3, 60, 1], [10, 120, -1], [11, 180, 1]]);
  assert.deepEqual([book.min, book.auto, book.loading], [500, true, false]);
});

test('a print beyond the bars shown waits for them, or for the live trade that places it', () => {
  const book = new BigPrintBook();
  book.load(answer(500, [print(2, 2, 600), print(5, 5, 700), print(6, 6, 800)]), 6, [bar(60, 3)]);
  assert.deepEqual(book.list().map((p) => p.seq), [2]);
  // Seq 5 arrives live (the bars were loaded before it): placed where the builder put it, not added twice.
  assert.equal(book.live(trade(5, 700), 120), null);
  assert.equal(book.place([bar(60, 3), bar(120, 3)]), true);
  assert.deepEqual(book.list().map((p) => [p.seq, p.time]), [[2, 60], [5, 120], [6, 120]]);
});

test('live trades: only new ones at or above the threshold are big prints', () => {
  const book = new BigPrintBook();
  book.load(answer(500, [print(4, 4, 600)]), 4, [bar(60, 4)]);
  assert.equal(book.live(trade(4, 600), 60), null, 'already listed');
  assert.equal(book.live(trade(5, 499), 60), null, 'too small');
  const p = book.live(trade(6, 500, '-'), 120);
  assert.deepEqual(p && [p.seq, p.time, p.qty, p.side, p.price], [6, 120, 500, -1, 101]);
  assert.equal(book.live(trade(6, 500), 120), null, 'a double');
  assert.deepEqual(book.list().map((x) => x.seq), [4, 6]);
});

test('while the list loads, live trades wait and are judged by its threshold', () => {
  const book = new BigPrintBook();
  assert.equal(book.loading, true);
  assert.equal(book.live(trade(7, 300), 120), null);
  assert.equal(book.live(trade(8, 5_000), 120), null);
  assert.equal(book.live(trade(9, 2_000), 180), null);
  // The list covers seq 8 (placed where the builder put it); 9 came after it and is big too; 7 is small.
  book.load(answer(1_000, [print(8, 8, 5_000)]), 8, [bar(60, 6)]);
  assert.deepEqual(book.list().map((p) => [p.seq, p.time]), [[8, 120], [9, 180]]);
  book.reset();
  assert.deepEqual([book.list().length, book.min, book.loading], [0, null, true]);
});

test('a day without trades has no threshold: nothing live is big', () => {
  const book = new BigPrintBook();
  book.load(answer(null, []), 0, []);
  assert.equal(book.live(trade(1, 1_000_000), 60), null);
});

test('bubble area follows size; the radius is bounded by the bar spacing', () => {
  const r1 = bubbleRadius(1_000, 1_000, 100);
  const r4 = bubbleRadius(4_000, 1_000, 100);
  assert.ok(Math.abs(r4 / r1 - 2) < 1e-9, 'four times the size, twice the radius');
  assert.ok(bubbleRadius(1_000_000, 1_000, 100) <= 40);
  assert.ok(bubbleRadius(1_000_000, 1_000, 10) <= 6, 'thin bars keep bubbles small');
  assert.ok(bubbleRadius(1_000, 1_000, 2) >= 2.5, 'still visible when zoomed far out');
  assert.equal(bubbleRadius(500, 1_000, 100), r1, 'never smaller than at the threshold');
});
