import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrice, isOnTick, nextRowDown, nextRowUp, rowPrice, tickSize } from '../../electron/shared/tick-size.ts';

test('KRX tick ladder bands (since 2023-01-25)', () => {
  const cases: Array<[number, number]> = [
    [1, 1], [1_999, 1], [2_000, 5], [4_995, 5], [5_000, 10], [19_990, 10], [20_000, 50], [49_950, 50],
    [50_000, 100], [199_900, 100], [200_000, 500], [499_500, 500], [500_000, 1_000], [1_234_000, 1_000],
  ];
  for (const [price, tick] of cases) assert.equal(tickSize(price), tick, String(price));
});

test('half-tick mid-point prints fall into the row below and stay off the grid', () => {
  assert.equal(rowPrice(99_350, 1), 99_300);
  assert.equal(rowPrice(59_950, 1), 59_900);
  assert.ok(!isOnTick(99_350));
  assert.ok(isOnTick(99_300));
  assert.equal(rowPrice(2_002, 1), 2_000); // off the half-tick grid in the 5-won band
});

test('row sizes in ticks follow the band of the price', () => {
  assert.equal(rowPrice(99_350, 5), 99_000);
  assert.equal(rowPrice(49_950, 5), 49_750);
  assert.equal(rowPrice(50_100, 5), 50_000);
  assert.equal(nextRowUp(49_750, 5), 50_000);
  assert.equal(nextRowDown(50_000, 5), 49_750);
  assert.equal(nextRowUp(49_950, 1), 50_000);
  assert.equal(nextRowUp(50_000, 1), 50_100);
  assert.equal(nextRowDown(50_000, 1), 49_950);
});

test('every row bound is on the grid and rows never straddle a band edge', () => {
  for (const k of [1, 2, 5, 10]) {
    for (let p = 1_000; p < 600_000; p += 37) {
      const row = rowPrice(p, k);
      assert.ok(row <= p && p < nextRowUp(row, k), `${p} k=${k}`);
      assert.ok(isOnTick(row), `${row}`);
    }
  }
});

test('prices print with thousands separators', () => {
  assert.equal(formatPrice(99_300), '99,300');
  assert.equal(formatPrice(1_234.5), '1,234.5', 'a mid-point print keeps its half');
  assert.equal(formatPrice(950), '950');
  assert.equal(formatPrice(1_234_000), '1,234,000');
});
