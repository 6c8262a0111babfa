import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  diagonalImbalances,
  nakedPocs,
  stackedImbalances,
  unfinishedAuction,
  valueArea,
  type FootprintBar,
  type FootprintRow,
} from '../../electron/shared/footprint/index.ts';

/** A bar from rows given top-down as [price, sell, buy] (the `sell x buy` reading of a footprint). */
function bar(rows: [price: number, sell: number, buy: number][], extra: Partial<FootprintBar> = {}): FootprintBar {
  const r: FootprintRow[] = rows.map(([price, sell, buy]) => ({ price, buy, sell, auction: 0, trades: 1 }));
  const prices = rows.map((x) => x[0]);
  const va = valueArea(r);
  const buy = r.reduce((s, x) => s + x.buy, 0);
  const sell = r.reduce((s, x) => s + x.sell, 0);
  return {
    time: 0,
    start: '090000',
    end: '090059',
    open: prices[0]!,
    high: Math.max(...prices),
    low: Math.min(...prices),
    close: prices[0]!,
    volume: buy + sell,
    buy,
    sell,
    auction: 0,
    delta: buy - sell,
    deltaPct: 0,
    maxDelta: 0,
    minDelta: 0,
    cvd: 0,
    trades: r.length,
    ...va,
    rows: r,
    ...extra,
  };
}

test('diagonal imbalance compares buy at a row with sell one row below, and sell with buy one row above', () => {
  const b = bar([
    [60_300, 5, 40], // buy 40 vs sell 10 below: 4x → buy imbalance
    [60_200, 10, 20], // buy 20 vs sell 30 below: no; sell 10 vs buy 40 above: no
    [60_100, 30, 3], // sell 30 vs buy 20 above: 1.5x no; buy 3 vs sell 90 below: no
    [60_000, 90, 2], // sell 90 vs buy 3 above: 30x → sell imbalance; bottom row: buy not compared
  ]);
  assert.deepEqual(diagonalImbalances(b, 1), [
    { price: 60_300, side: 'buy', ratio: 4 },
    { price: 60_000, side: 'sell', ratio: 30 },
  ]);
  // A higher ratio or minimum volume filters them.
  assert.deepEqual(diagonalImbalances(b, 1, { ratio: 5 }).map((i) => i.price), [60_000]);
  assert.deepEqual(diagonalImbalances(b, 1, { minVolume: 50 }).map((i) => i.price), [60_000]);
});

test('an empty row inside the bar counts as 0; the edges have no outer partner', () => {
  const b = bar([
    [60_200, 0, 5],
    [60_000, 7, 0],
  ]);
  // 60,100 traded nothing: buy 5 at 60,200 faces 0 below; sell 7 at 60,000 faces 0 above.
  assert.deepEqual(diagonalImbalances(b, 1), [
    { price: 60_200, side: 'buy', ratio: Infinity },
    { price: 60_000, side: 'sell', ratio: Infinity },
  ]);
  assert.deepEqual(diagonalImbalances(bar([[60_000, 9, 9]]), 1), []);
});

test('diagonal neighbours are ladder neighbours across a band edge and for wider rows', () => {
  // Rows of 1 tick: 50,000 sits above 49,950 (50-won band below the edge).
  const b = bar([
    [50_000, 0, 30],
    [49_950, 10, 0],
  ]);
  assert.deepEqual(diagonalImbalances(b, 1), [{ price: 50_000, side: 'buy', ratio: 3 }]);
  // Rows of 5 ticks: 50,000 (5×100) sits above 49,750 (5×50).
  const w = bar([
    [50_000, 0, 30],
    [49_750, 5, 0],
  ]);
  assert.deepEqual(diagonalImbalances(w, 5), [{ price: 50_000, side: 'buy', ratio: 6 }]);
});

test('three or more adjacent same-side imbalances form a stacked zone', () => {
  const b = bar([
    [60_600, 0, 50],
    [60_500, 1, 50],
    [60_400, 1, 50],
    [60_300, 1, 50],
    [60_200, 1, 2],
    [60_100, 1, 40],
    [60_000, 1, 40],
    [59_900, 1, 0],
  ]);
  const imb = diagonalImbalances(b, 1);
  assert.deepEqual(imb.filter((i) => i.side === 'buy').map((i) => i.price), [60_600, 60_500, 60_400, 60_300, 60_100, 60_000]);
  assert.deepEqual(stackedImbalances(imb, 1), [{ side: 'buy', high: 60_600, low: 60_300, rows: 4 }]);
  assert.deepEqual(stackedImbalances(imb, 1, 2), [
    { side: 'buy', high: 60_600, low: 60_300, rows: 4 },
    { side: 'buy', high: 60_100, low: 60_000, rows: 2 },
  ]);
  // A gap on the ladder breaks a run even when the rows are adjacent in the list.
  const gap = stackedImbalances(
    [
      { price: 60_300, side: 'sell', ratio: 5 },
      { price: 60_200, side: 'sell', ratio: 5 },
      { price: 60_000, side: 'sell', ratio: 5 },
    ],
    1,
  );
  assert.deepEqual(gap, []);
});

test('unfinished auction: the high or low row traded on both sides', () => {
  assert.deepEqual(unfinishedAuction(bar([[60_200, 3, 4], [60_100, 1, 1], [60_000, 5, 0]])), { high: true, low: false });
  assert.deepEqual(unfinishedAuction(bar([[60_200, 0, 4], [60_000, 5, 1]])), { high: false, low: true });
});

test('value area grows from the POC to 70% of the volume', () => {
  const rows = (vols: number[]): FootprintRow[] => vols.map((v, i) => ({ price: 60_000 - i * 100, buy: v, sell: 0, auction: 0, trades: 1 }));
  // total 100, POC 40 at 59,800; then 20 above (59,900), then 15 below (59,700) → 75 ≥ 70.
  assert.deepEqual(valueArea(rows([5, 20, 40, 15, 10, 10])), { poc: 59_800, vah: 59_900, val: 59_700 });
  // Ties for POC go to the higher row; ties while growing go upwards.
  assert.deepEqual(valueArea(rows([10, 30, 30, 10])), { poc: 59_900, vah: 59_900, val: 59_800 });
  assert.deepEqual(valueArea(rows([100])), { poc: 60_000, vah: 60_000, val: 60_000 });
  assert.deepEqual(valueArea([]), { poc: 0, vah: 0, val: 0 });
});

test('naked POCs stay open until a later bar trades through their row', () => {
  const bars = [
    bar([[60_500, 0, 50], [60_400, 1, 1]]), // POC 60,500
    bar([[60_100, 0, 50], [60_000, 1, 1]]), // POC 60,100
    bar([[60_300, 0, 50], [60_200, 1, 1], [60_100, 1, 1]]), // POC 60,300; trades through 60,100
    bar([[60_300, 0, 50]], { high: 60_350, low: 60_350 }), // one mid-point print in row 60,300 → revisits bar 2's POC
  ];
  assert.deepEqual(nakedPocs(bars, 1), [
    { index: 0, price: 60_500, revisitedAt: null },
    { index: 1, price: 60_100, revisitedAt: 2 },
    { index: 2, price: 60_300, revisitedAt: 3 },
    { index: 3, price: 60_300, revisitedAt: null },
  ]);
});
