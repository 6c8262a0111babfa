// The control bar's number boxes and the stored prefs share one rule per box (prefs.ts reads storage
// with these), so a value the box takes is never dropped at the next load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLargeTrade, validImbalanceRatio, validLargeTrade } from '../../renderer/src/app/pref-limits.ts';

test('imbalance ratio: more than 1, at most 100', () => {
  assert.equal(validImbalanceRatio(1), false);
  assert.equal(validImbalanceRatio(1.2), true);
  assert.equal(validImbalanceRatio(100), true);
  assert.equal(validImbalanceRatio(500), false);
  assert.equal(validImbalanceRatio(Number.NaN), false);
});

test('large-print threshold: whole shares from 1', () => {
  assert.equal(validLargeTrade(0), false);
  assert.equal(validLargeTrade(1), true);
  assert.equal(validLargeTrade(50), true);
  assert.equal(validLargeTrade(1.5), false);
  assert.equal(validLargeTrade(2e9), false);
});

test('the threshold box: a number of shares, empty for the default, or why it is refused', () => {
  assert.deepEqual(readLargeTrade(' 6000 '), { value: 6000 });
  assert.deepEqual(readLargeTrade('1.4'), { value: 1 });
  assert.deepEqual(readLargeTrade(''), { value: null });
  assert.deepEqual(readLargeTrade('0'), { problem: 'tooSmall' });
  assert.deepEqual(readLargeTrade('0.4'), { problem: 'tooSmall' });
  assert.deepEqual(readLargeTrade('-5'), { problem: 'tooSmall' });
  assert.deepEqual(readLargeTrade('2e9'), { problem: 'tooLarge' });
  assert.deepEqual(readLargeTrade('abc'), { problem: 'notNumber' });
  assert.deepEqual(readLargeTrade('Infinity'), { problem: 'notNumber' });
  // A number box reports letters as an empty value with validity.badInput set: not the default.
  assert.deepEqual(readLargeTrade('', true), { problem: 'notNumber' });
});
