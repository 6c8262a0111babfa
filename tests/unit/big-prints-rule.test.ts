// The default big-print threshold (electron/shared/big-prints.ts, docs/big-prints.md): the day's 99th
// percentile size, above the median and the won floor, rounded up to 1, 2 or 5 × 10^n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIG_PRINT_FLOOR_WON, bigPrintThreshold, roundUpNice, SizeDistribution } from '../../electron/shared/big-prints.ts';

/** Prints of the given sizes at one price (cheap enough that the floor stays out of the way unless asked). */
const at = (price: number, sizes: readonly number[]): Array<{ qty: number; price: number }> => sizes.map((qty) => ({ qty, price }));
const HIGH = 10_000_000; // ₩10M a share: the floor is one share

test('round numbers: 1, 2, 5 × 10^n at or above the value', () => {
  assert.deepEqual([0, 1, 2, 3, 7, 10, 11, 180, 501, 1000, 1001].map(roundUpNice), [1, 1, 2, 5, 10, 10, 20, 200, 1000, 1000, 2000]);
});

test('the default threshold is the 99th percentile of the day, rounded up', () => {
  // 990 prints of 1..99 shares and 10 of 3,000: the top 1% are the big ones.
  const sizes = [...Array.from({ length: 990 }, (_, i) => 1 + (i % 99)), ...Array.from({ length: 10 }, () => 3_000)];
  assert.equal(bigPrintThreshold(at(HIGH, sizes)), 5_000);
  const t = bigPrintThreshold(at(HIGH, sizes), 0.95)!;
  assert.ok(t >= 95 && t <= 100, String(t));
});

test('at most about 1% of a day are big prints, whatever its distribution (property)', () => {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let run = 0; run < 50; run++) {
    const sizes = Array.from({ length: 500 + run * 37 }, () => Math.ceil(Math.exp(rnd() * 9)));
    const price = Math.round(1_000 * Math.exp(rnd() * 7));
    const t = bigPrintThreshold(at(price, sizes))!;
    const big = sizes.filter((s) => s >= t).length;
    assert.ok(big <= Math.ceil(sizes.length * 0.01) + 1, `run ${run}: ${big} of ${sizes.length} at ≥ ${t}`);
    assert.ok(t * price >= BIG_PRINT_FLOOR_WON, `run ${run}: ${t} shares at ${price} is under the floor`);
  }
});

test('no prints, no threshold; equal prints are not all big', () => {
  assert.equal(bigPrintThreshold([]), null);
  assert.equal(bigPrintThreshold(at(HIGH, [0, -5, Number.NaN])), null);
  const t = bigPrintThreshold(at(HIGH, Array.from({ length: 100 }, () => 10)))!;
  assert.ok(t > 10);
});

test('a quiet day of small prints is held up by the won floor at its average price', () => {
  // 200 prints of 1–20 shares at ₩5,000: the percentile says 20 shares (₩100,000), the floor 2,000 shares.
  const sizes = Array.from({ length: 200 }, (_, i) => 1 + (i % 20));
  assert.equal(bigPrintThreshold(at(5_000, sizes)), 2_000);
  // The average is weighted by shares: a few expensive prints do not lower the floor much.
  const d = new SizeDistribution();
  for (const s of sizes) d.add(s, 5_000);
  d.add(1, 1_000_000);
  assert.equal(d.size, 201);
  assert.equal(d.threshold(), 2_000);
});

test('the distribution gathered one print at a time gives the same threshold as the whole list', () => {
  const prints = at(70_000, Array.from({ length: 5_000 }, (_, i) => 1 + ((i * 7919) % 1_500)));
  const d = new SizeDistribution();
  for (const p of prints) d.add(p.qty, p.price);
  assert.equal(d.threshold(), bigPrintThreshold(prints));
  assert.equal(d.threshold(), 2_000);
});
