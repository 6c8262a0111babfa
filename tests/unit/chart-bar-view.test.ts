import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FootprintBuilder, type FootprintBar, type FootprintTrade } from '../../electron/shared/footprint/index.ts';
import { buildBarView, visibleScale } from '../../renderer/src/chart/bar-view.ts';
import { DEFAULT_CHART_SETTINGS, type ChartSettings } from '../../renderer/src/chart/settings.ts';

function bars(trades: Array<[sec: number, price: number, qty: number, side: 1 | -1]>): readonly FootprintBar[] {
  const b = new FootprintBuilder({ bar: { kind: 'time', size: 60 }, rowTicks: 1, venue: 'all', date: '20251126' });
  for (const [time, price, qty, side] of trades) {
    const t: FootprintTrade = { time: 9 * 3600 + time, price, qty, side, venue: '', auction: false };
    b.add(t);
  }
  return b.bars();
}

// One bar on a 100-won tick: buyers lift 99,500 hard against little selling at 99,400.
const BAR = bars([
  [0, 99_400, 10, -1],
  [1, 99_400, 5, 1],
  [2, 99_500, 1_200, 1],
  [3, 99_500, 30, -1],
  [4, 99_600, 40, 1],
  [5, 99_600, 20, -1],
  [6, 99_500, 300, 1],
])[0]!;

function view(s: Partial<ChartSettings>) {
  return buildBarView(BAR, { ...DEFAULT_CHART_SETTINGS, ...s });
}

test('sell x buy labels per row, price-descending, with POC and value area flags', () => {
  const v = view({});
  assert.deepEqual(
    v.cells.map((c) => [c.row.price, c.left, c.right]),
    [
      [99_600, '20', '40'],
      [99_500, '30', '1,500'],
      [99_400, '10', '5'],
    ],
  );
  assert.deepEqual(v.cells.map((c) => c.isPoc), [false, true, false]);
  assert.ok(v.cells[1]!.inValueArea);
  assert.equal(v.maxSide, 1_500);
  assert.equal(v.maxVolume, 1_530);
});

test('diagonal buy imbalance is flagged on the buying row (ratio and minimum volume respected)', () => {
  const v = view({ imbalanceRatio: 3, imbalanceMinVolume: 1 });
  // 1,500 bought at 99,500 vs 10 sold at 99,400.
  assert.equal(v.cells[1]!.buyImbalance, true);
  assert.equal(v.cells[1]!.sellImbalance, false);
  const strict = view({ imbalanceRatio: 3, imbalanceMinVolume: 2_000 });
  assert.equal(strict.cells[1]!.buyImbalance, false);
});

test('cell modes change the labels, not the rows', () => {
  const d = view({ cellMode: 'delta' });
  assert.deepEqual(d.cells.map((c) => c.left), ['+20', '+1,470', '-5']);
  assert.ok(d.cells.every((c) => c.right === ''));
  assert.deepEqual(view({ cellMode: 'volume' }).cells.map((c) => c.left), ['60', '1,530', '15']);
  assert.deepEqual(view({ cellMode: 'trades' }).cells.map((c) => c.left), ['2', '3', '2']);
  assert.deepEqual(view({ cellMode: 'bidask', lang: 'ko' }).cells[1]!.rightCompact, '1,500');
});

test('unfinished auction: both sides traded at the high row and at the low row', () => {
  const v = view({});
  assert.equal(v.unfinishedHigh, true);
  assert.equal(v.unfinishedLow, true);
});

test('visible colour scale takes the largest of every bar', () => {
  const all = bars([
    [0, 10_000, 5, 1],
    [60, 10_010, 50, -1],
    [61, 10_000, 7, 1],
  ]).map((b) => buildBarView(b, DEFAULT_CHART_SETTINGS));
  assert.deepEqual(visibleScale(all), { side: 50, volume: 50, absDelta: 50, trades: 1 });
});
