import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRowUp, rowPrice } from '../../electron/shared/tick-size.ts';
import { rowBounds, rowCenter } from '../../renderer/src/chart/rows.ts';

test('one-tick rows are centred on their price', () => {
  assert.deepEqual(rowBounds(100, 1), { low: 99.5, high: 100.5 });
  assert.deepEqual(rowBounds(99_300, 1), { low: 99_250, high: 99_350 });
});

test('rows tile without gaps or overlap, also across tick-band edges and for K > 1', () => {
  for (const k of [1, 2, 5, 10]) {
    for (const start of [1_900, 4_800, 19_500, 48_000, 190_000, 480_000]) {
      let row = rowPrice(start, k);
      for (let i = 0; i < 60; i++) {
        const up = nextRowUp(row, k);
        const a = rowBounds(row, k);
        const b = rowBounds(up, k);
        assert.equal(a.high, b.low, `K=${k} rows ${row} / ${up}`);
        assert.ok(a.low < rowCenter(row, k) && rowCenter(row, k) < a.high);
        row = up;
      }
    }
  }
});

test('a K-tick row is centred on the middle of its ticks', () => {
  assert.equal(rowCenter(49_750, 5), 49_850);
  assert.equal(rowCenter(50_000, 5), 50_200);
});
