// Where a missed-trade mark goes and what it says, without a canvas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FootprintBar } from '../../electron/shared/footprint/index.ts';
import type { Gap } from '../../electron/shared/gap.ts';
import { gapBarIndex } from '../../renderer/src/chart/gaps.ts';
import { chartLabels } from '../../renderer/src/chart/labels.ts';

const bar = (start: string, end: string): FootprintBar => ({ start, end }) as FootprintBar;

test('the mark goes before the bar holding the first trade after the gap', () => {
  const bars = [bar('090000', '090059'), bar('090100', '090130'), bar('090300', '090359')];
  assert.equal(gapBarIndex(bars, '090000'), 0);
  assert.equal(gapBarIndex(bars, '090130'), 1);
  // Between bars (time bars skip quiet minutes): the next bar.
  assert.equal(gapBarIndex(bars, '090200'), 2);
  assert.equal(gapBarIndex(bars, '090400'), -1, 'not folded into the bars yet');
  assert.equal(gapBarIndex([], '090000'), -1);
});

test('the label in Korean and English; without counts the number of trades is left out', () => {
  const g: Gap = { after: '100000', before: '100200', missed_volume: 12_300, missed_trades: 41, cause: 'reconnect', at: '' };
  assert.equal(chartLabels('ko').gap(g), '수신 누락 추정 약 12,300주 · 41건 (재연결)');
  assert.equal(chartLabels('en').gap({ ...g, cause: 'feed' }), 'Missed (est.) ~12,300 sh · 41 trades (live connection)');
  assert.equal(chartLabels('ko').gap({ ...g, missed_trades: null, cause: 'restart' }), '수신 누락 추정 약 12,300주 (앱 재시작)');
});

test('the label says how the fill ended for the gap', () => {
  const g: Gap = { after: '100000', before: '100200', missed_volume: 12_300, missed_trades: 41, cause: 'reconnect', at: '' };
  assert.equal(chartLabels('ko').gap({ ...g, state: 'filled', fetched: 41, missing_volume: 0 }), '누락 구간 채움 · 41건 (재연결)');
  assert.equal(chartLabels('en').gap({ ...g, state: 'partial', fetched: 30, missing_volume: 1_200 }), 'Partly filled · ~1,200 sh still missing (reconnect)');
  assert.equal(chartLabels('ko').gap({ ...g, state: 'unfillable', fetched: 0, missing_volume: 12_300, reason: 'x' }), '수신 누락 추정 약 12,300주 · 41건 (재연결) · 채울 수 없음');
});
