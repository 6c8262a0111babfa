// The control bar's number boxes and the stored prefs share one rule per box (prefs.ts reads storage
// with these), so a value the box takes is never dropped at the next load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validImbalanceRatio, validLargeTrade } from '../../renderer/src/app/pref-limits.ts';

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
