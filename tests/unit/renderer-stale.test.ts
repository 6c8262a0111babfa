// When the chart stops being live (app/stale.ts): the page's own connection first, then the feed,
// and a recorded day only when the server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kstStamp, staleReason } from '../../renderer/src/app/stale.ts';

test('the server lost outranks everything', () => {
  assert.equal(staleReason({ serverUp: false, feedKind: 'ls', feedState: 'open', liveDay: false }), 'server');
});

test('a feed reconnecting or stopped makes the live day stale, not a recorded day', () => {
  for (const feedState of ['reconnecting', 'connecting', 'stopped'] as const) {
    assert.equal(staleReason({ serverUp: true, feedKind: 'ls', feedState, liveDay: true }), 'feed');
    assert.equal(staleReason({ serverUp: true, feedKind: 'ls', feedState, liveDay: false }), null);
  }
  assert.equal(staleReason({ serverUp: true, feedKind: 'ls', feedState: 'open', liveDay: true }), null);
});

test('a replay at its end is not stale', () => {
  assert.equal(staleReason({ serverUp: true, feedKind: 'replay', feedState: 'stopped', liveDay: true }), null);
});

test('the last update is shown as KST wall time', () => {
  // 2025-11-26 00:31:05 UTC is 09:31:05 KST.
  assert.equal(kstStamp(Date.UTC(2025, 10, 26, 0, 31, 5)), '09:31:05 KST');
});
