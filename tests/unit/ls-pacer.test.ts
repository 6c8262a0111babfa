import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubscribePacer, nextIndex } from '../../electron/collector/ls/pacer.ts';
import { DEFAULT_LS_TUNING } from '../../electron/collector/ls/tuning.ts';

test('pacing speeds up to its floor while acknowledgements succeed and backs off on refusals', () => {
  const p = new SubscribePacer(DEFAULT_LS_TUNING);
  assert.equal(p.gap, DEFAULT_LS_TUNING.subscribeStartMs);
  let prev = p.gap;
  for (let i = 0; i < 20; i++) {
    p.accepted();
    assert.ok(p.gap <= prev);
    prev = p.gap;
  }
  assert.equal(p.gap, DEFAULT_LS_TUNING.subscribeMinMs);
  p.refused();
  assert.equal(p.gap, DEFAULT_LS_TUNING.subscribeMinMs * 2);
  // One refusal undoes more than one success.
  p.accepted();
  assert.ok(p.gap > DEFAULT_LS_TUNING.subscribeMinMs);
  for (let i = 0; i < 30; i++) p.refused();
  assert.equal(p.gap, DEFAULT_LS_TUNING.subscribeMaxMs);
});

test('the window bounds unacknowledged requests', () => {
  const p = new SubscribePacer({ ...DEFAULT_LS_TUNING, subscribeWindow: 3 });
  assert.equal(p.maySend(2), true);
  assert.equal(p.maySend(3), false);
});

test('a default start subscribes 200 codes well within 20 s and 2,700 within about a minute when every ack succeeds', () => {
  const total = (n: number): number => {
    const p = new SubscribePacer(DEFAULT_LS_TUNING);
    let ms = 0;
    for (let i = 0; i < n; i++) {
      ms += p.gap;
      p.accepted();
    }
    return ms;
  };
  assert.ok(total(200) < 10_000, `200 codes: ${total(200)} ms of pacing`);
  assert.ok(total(2700) < 60_000, `2,700 codes: ${total(2700)} ms of pacing`);
});

test('codes on screen are sent first, otherwise the oldest request', () => {
  const q = [{ code: 'A' }, { code: 'B' }, { code: 'C' }];
  assert.equal(nextIndex(q, new Set()), 0);
  assert.equal(nextIndex(q, new Set(['C', 'B'])), 1);
  assert.equal(nextIndex(q, new Set(['Z'])), 0);
  assert.equal(nextIndex([], new Set(['A'])), -1);
});
