import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LS_TUNING, reconnectDelay } from '../../electron/collector/ls/tuning.ts';

test('reconnect waits 5 s after a loss, doubling while failures repeat, capped at 60 s', () => {
  const t = DEFAULT_LS_TUNING;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50, 5000].map((n) => reconnectDelay(n, t, 0)), [5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000, 60_000]);
});

test('jitter adds up to the configured fraction, never less than the base', () => {
  const t = DEFAULT_LS_TUNING;
  assert.equal(reconnectDelay(1, t, 0.999999) < 5000 * (1 + t.reconnectJitter), true);
  assert.equal(reconnectDelay(1, t, 0.5), 5000 + 0.5 * 5000 * t.reconnectJitter);
  assert.equal(reconnectDelay(9, t, 0.5), 60_000 + 0.5 * 60_000 * t.reconnectJitter);
});
