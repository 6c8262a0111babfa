import { test } from 'node:test';
import assert from 'node:assert/strict';
import { palette, RAMP_STEPS, shadeIndex, signColor } from '../../renderer/src/chart/palette.ts';
import { statsFit, statValues } from '../../renderer/src/chart/stats-layout.ts';
import { TextWidthCache } from '../../renderer/src/chart/text-width.ts';

test('shade index: nothing for zero, grows with volume, strongest at the maximum', () => {
  assert.equal(shadeIndex(0, 100), -1);
  assert.equal(shadeIndex(5, 0), -1);
  assert.equal(shadeIndex(100, 100), RAMP_STEPS - 1);
  assert.equal(shadeIndex(500, 100), RAMP_STEPS - 1);
  let prev = -1;
  for (let v = 1; v <= 100; v++) {
    const i = shadeIndex(v, 100);
    assert.ok(i >= prev && i >= 0);
    prev = i;
  }
});

test('Korean palette: buy red, sell blue; Western: buy green, sell red', () => {
  const ko = palette('korean');
  assert.ok(ko.buy[0] > ko.buy[2] && ko.sell[2] > ko.sell[0]);
  const we = palette('western');
  assert.ok(we.buy[1] > we.buy[0] && we.sell[0] > we.sell[1]);
  assert.equal(signColor(ko, 5), ko.buyText);
  assert.equal(signColor(ko, -5), ko.sellText);
  assert.equal(ko.buyRamp.length, RAMP_STEPS);
  assert.match(ko.buyRamp[0]!, /^#[0-9a-f]{6}$/);
});

test('text widths are measured once per character', () => {
  const seen: string[] = [];
  const cache = new TextWidthCache((s) => {
    seen.push(s);
    return s === ',' ? 3 : 6;
  });
  assert.equal(cache.width('1,234'), 27);
  assert.equal(cache.width('4,321'), 27);
  assert.deepEqual(seen.sort(), [',', '1', '2', '3', '4']);
});

test('statistic rows: order and fit', () => {
  const v = statValues({ delta: 5, maxDelta: 9, minDelta: -2, volume: 100, trades: 7 } as Parameters<typeof statValues>[0]);
  assert.deepEqual(v, [5, 9, -2, 100, 7]);
  assert.deepEqual(statsFit({ cellWidth: 100, rowHeight: 17, widestFull: 30, widestCompact: 20 }), { fontPx: 11, compact: false });
  assert.equal(statsFit({ cellWidth: 30, rowHeight: 17, widestFull: 30, widestCompact: 20 }).compact, true);
  assert.equal(statsFit({ cellWidth: 10, rowHeight: 17, widestFull: 30, widestCompact: 20 }).fontPx, 0);
  assert.equal(statsFit({ cellWidth: 100, rowHeight: 8, widestFull: 30, widestCompact: 20 }).fontPx, 0);
});
