import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kstEpochSeconds } from '../../electron/shared/kst.ts';
import { groupThousands } from '../../electron/shared/numbers.ts';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import { tickSize } from '../../electron/shared/tick-size.ts';
import { barStartClock } from '../../renderer/src/chart/time-labels.ts';
import { axisLabel, axisMinMove, compactNumber, kstClock, priceLabel, signedCompact, signedGroup, tickLabel } from '../../renderer/src/chart/format.ts';

test('thousands separators without Intl', () => {
  assert.equal(groupThousands(0), '0');
  assert.equal(groupThousands(999), '999');
  assert.equal(groupThousands(1000), '1,000');
  assert.equal(groupThousands(1234567), '1,234,567');
  assert.equal(groupThousands(-45678), '-45,678');
  for (const n of [1, 12, 123, 1234, 12345, 123456, 99999999]) assert.equal(groupThousands(n), n.toLocaleString('en-US'));
});

test('signed labels', () => {
  assert.equal(signedGroup(1200), '+1,200');
  assert.equal(signedGroup(-300), '-300');
  assert.equal(signedGroup(0), '0');
  assert.equal(signedCompact(25000, 'ko'), '+2.5만');
});

test('compact numbers: exact below 10,000; 만/억 in Korean, K/M in English', () => {
  assert.equal(compactNumber(9999, 'ko'), '9,999');
  assert.equal(compactNumber(-999, 'ko'), '-999');
  assert.equal(compactNumber(12_345, 'ko'), '1.2만');
  assert.equal(compactNumber(20_000, 'ko'), '2만');
  assert.equal(compactNumber(1_234_567, 'ko'), '123만');
  assert.equal(compactNumber(250_000_000, 'ko'), '2.5억');
  assert.equal(compactNumber(-12_345, 'ko'), '-1.2만');
  assert.equal(compactNumber(12_345, 'en'), '12.3K');
  assert.equal(compactNumber(3_400_000, 'en'), '3.4M');
});

test('times are KST whatever the host time zone', () => {
  const t = kstEpochSeconds('20251126', '091530');
  assert.equal(kstClock(t), '09:15:30');
  assert.equal(axisLabel(kstEpochSeconds('20251126', '091500'), 3), '09:15');
  assert.equal(axisLabel(kstEpochSeconds('20251126', '091500'), 4), '09:15');
  assert.equal(axisLabel(t, 4), '09:15:30');
  assert.equal(axisLabel(t, 2), '11/26');
  // 08:00 KST is 23:00 UTC of the previous day: still the KST date.
  assert.equal(axisLabel(kstEpochSeconds('20251126', '080000'), 2), '11/26');
});

test('a time label is the bar start: tick bars opening inside a minute keep their seconds', () => {
  // lightweight-charts asks for a minute label (kind 3) for the first bar of each new minute; a
  // tick bar that opened at 09:15:40 must not read "09:15", nor two bars of one minute both "09:15".
  assert.equal(axisLabel(kstEpochSeconds('20251126', '091540'), 3), '09:15:40');
  assert.equal(axisLabel(kstEpochSeconds('20251126', '091552'), 3), '09:15:52');
});

test('price labels use the shared formatter (memoised)', () => {
  assert.equal(priceLabel(99300), '99,300');
  assert.equal(priceLabel(99300.4), '99,300');
  assert.equal(priceLabel(1_250_000), '1,250,000');
});

test('axis and crosshair prices snap to the KRX tick of their band', () => {
  assert.equal(tickLabel(60_618), '60,600');
  assert.equal(tickLabel(60_651), '60,700');
  assert.equal(tickLabel(49_976), '50,000');
  assert.equal(tickLabel(1_999.4), '1,999');
});

test('tick bars pushed ahead of their first trade are labelled with that trade, time bars keep their boundary', () => {
  const bar = (time: number, start: string) => ({ time, start }) as unknown as FootprintBar;
  const bars = [bar(100, '090001'), bar(101, '090001'), bar(102, '090001'), bar(110, '090010')];
  assert.equal(barStartClock(bars, 102), '09:00:01');
  assert.equal(barStartClock(bars, 110), '09:00:10');
  assert.equal(barStartClock(bars, 105), null);
});

test('price-axis steps stay on the KRX tick ladder: every step the scale can pick is a whole number of ticks', () => {
  // lightweight-charts picks its step among 1, 2, 2.5, 4 and 5 × 10ⁿ, never below its smallest step.
  const steps: number[] = [];
  for (let e = -1; e <= 7; e++) for (const f of [1, 2, 2.5, 4, 5]) steps.push(f * 10 ** e);
  for (const price of [1_500, 3_000, 10_000, 30_000, 103_000, 300_000, 800_000]) {
    const tick = tickSize(price);
    const min = axisMinMove(tick);
    const bad = steps.filter((s) => s >= min && !Number.isInteger(s / tick));
    assert.deepEqual(bad, [], `tick ${tick}`);
    assert.ok(min <= 5 * tick);
  }
});
