// The words and numbers of the fill's progress bar and incomplete-day label (renderer/src/app/backfill-state.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etaText, fillFraction, incompleteText, isFilling, isIncomplete, progressText, readBackfill, readFillView } from '../../renderer/src/app/backfill-state.ts';

test('the time left reads as a trader reads it, rounded up', () => {
  assert.equal(etaText(0, 'ko'), '0초');
  assert.equal(etaText(44.2, 'ko'), '45초');
  assert.equal(etaText(61, 'ko'), '2분');
  assert.equal(etaText(3600, 'ko'), '1시간 0분');
  assert.equal(etaText(3_900, 'en'), '1 h 5 min');
  assert.equal(etaText(59, 'en'), '59 s');
  assert.equal(etaText(600, 'en'), '10 min');
});

test('the progress line: fetched, what is left and the time it takes, thousands grouped', () => {
  const v = { state: 'running' as const, fetched: 12_340, remaining: 3_400, etaSeconds: 170, lastError: null };
  assert.equal(progressText(v, 'ko'), '12,340건 받음 · 남은 약 3,400건 · 약 3분 남음');
  assert.equal(progressText(v, 'en'), '12,340 fetched · about 3,400 left · about 3 min to go');
  assert.equal(progressText({ ...v, remaining: null, etaSeconds: null }, 'ko'), '12,340건 받음 · 남은 양 계산 중', 'an empty day file gives no estimate');
  assert.equal(progressText({ ...v, remaining: 0, etaSeconds: 0 }, 'en'), '12,340 fetched · about 0 left');
  assert.equal(fillFraction(v), 12_340 / 15_740);
  assert.equal(fillFraction({ ...v, remaining: null }), null);
  assert.equal(fillFraction({ ...v, fetched: 0, remaining: 0 }), 0);
});

test('which states show the bar and the incomplete label', () => {
  assert.deepEqual(['idle', 'queued', 'running', 'paused', 'done', 'failed'].filter((s) => isFilling(s as never)), ['queued', 'running', 'paused']);
  assert.deepEqual(['idle', 'queued', 'running', 'paused', 'done', 'failed'].filter((s) => isIncomplete(s as never)), ['queued', 'running', 'paused', 'failed']);
  assert.equal(incompleteText('running', 'ko'), '채우는 중 · 불완전한 날');
  assert.equal(incompleteText('queued', 'en'), 'Filling · incomplete day');
  assert.equal(incompleteText('paused', 'en'), 'Fill paused · incomplete day');
  assert.equal(incompleteText('failed', 'ko'), '채우지 못함 · 불완전한 날');
});

test('the backfill object of GET / and the status frame is read field by field', () => {
  const wire = { state: 'paused', fetched: 40, pages: 4, inserted: 0, unknown_sides: 0, remaining_estimate: 110, eta_seconds: 12, last_error: null };
  assert.deepEqual(readFillView(wire), { state: 'paused', fetched: 40, remaining: 110, etaSeconds: 12, lastError: null });
  assert.equal(readFillView({ ...wire, state: 'stopped' }), null, 'an unknown state is not guessed at');
  assert.deepEqual(readFillView({ state: 'failed', fetched: -1, remaining_estimate: 'x', last_error: 'IGW00201' }), { state: 'failed', fetched: 0, remaining: null, etaSeconds: null, lastError: 'IGW00201' });
  const all = readBackfill({ '005930': wire, '000660': { state: 'nonsense' } });
  assert.deepEqual([...(all ?? new Map()).keys()], ['005930']);
  assert.equal(readBackfill(undefined), null, 'a frame without the field (an older server) says nothing');
  assert.deepEqual(readBackfill({}), new Map(), 'no fill (demo, replay) is an empty map: the bar hides');
});
