import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barGeometry, chooseDetail, ensureSpan, fitBarText, paneDetail, quietRows, REF_FONT_PX, TEXT_PAD } from '../../renderer/src/chart/layout.ts';

// Labels as measured at REF_FONT_PX: about 6 px per digit, like common UI fonts at 10 px.
const digits = (n: number): number => n * 6;

test('wide bars and tall rows show full numbers at a font that fits the row', () => {
  const c = chooseDetail({ barSpacing: 140, rowPx: 18, slots: 2, widestFull: digits(5), widestCompact: digits(4) });
  assert.equal(c.detail, 'text');
  assert.equal(c.compact, false);
  assert.ok(c.fontPx >= 8 && c.fontPx <= 18 - 2);
});

test('labels that do not fit shrink the font a little, then go compact, then disappear', () => {
  const base = { rowPx: 18, slots: 2, widestFull: digits(6), widestCompact: digits(4) };
  const full = chooseDetail({ ...base, barSpacing: 140 });
  assert.deepEqual([full.detail, full.compact], ['text', false]);
  const compact = chooseDetail({ ...base, barSpacing: 80 });
  assert.deepEqual([compact.detail, compact.compact], ['text', true]);
  const none = chooseDetail({ ...base, barSpacing: 40 });
  assert.equal(none.detail, 'cells');
});

test('the chosen text always fits its slot, so labels never overlap (property over a grid)', () => {
  for (let spacing = 4; spacing <= 200; spacing += 3) {
    for (let rowPx = 1; rowPx <= 30; rowPx += 1.5) {
      for (const slots of [1, 2]) {
        const widestFull = digits(7);
        const widestCompact = digits(4);
        const c = chooseDetail({ barSpacing: spacing, rowPx, slots, widestFull, widestCompact });
        if (c.detail !== 'text') continue;
        const geo = barGeometry(0, spacing, 'text');
        const slot = geo.cellsWidth / slots - 2 * TEXT_PAD;
        const w = ((c.compact ? widestCompact : widestFull) * c.fontPx) / REF_FONT_PX;
        assert.ok(w <= slot + 1e-9, `spacing ${spacing} row ${rowPx} slots ${slots}: ${w} > ${slot}`);
        assert.ok(c.fontPx + 2 <= rowPx, `font ${c.fontPx} taller than row ${rowPx}`);
        // Cells stay inside the bar's own slot: no drawing into the neighbour.
        assert.ok(geo.left >= -spacing / 2 && geo.cellsLeft + geo.cellsWidth <= spacing / 2 + 1e-9);
      }
    }
  }
});

test('zoomed far out: plain candles; thin rows: candles too', () => {
  assert.equal(chooseDetail({ barSpacing: 6, rowPx: 20, slots: 2, widestFull: 10, widestCompact: 10 }).detail, 'candles');
  assert.equal(chooseDetail({ barSpacing: 60, rowPx: 1, slots: 2, widestFull: 10, widestCompact: 10 }).detail, 'candles');
  assert.equal(chooseDetail({ barSpacing: 30, rowPx: 6, slots: 2, widestFull: 10, widestCompact: 10 }).detail, 'cells');
});

test('bar geometry: candle column left of the cells, inside the slot', () => {
  const g = barGeometry(100, 80, 'text');
  assert.ok(g.candleX > g.left && g.candleX < g.cellsLeft);
  assert.ok(g.left >= 60 && g.right <= 140);
  assert.ok(Math.abs(g.cellsLeft + g.cellsWidth - g.right) < 1e-9);
  const c = barGeometry(100, 8, 'candles');
  assert.equal(c.candleX, 100);
  assert.equal(c.cellsWidth, 0);
});

test('autoscale span: a quiet range is widened symmetrically, a wide one kept', () => {
  assert.deepEqual(ensureSpan(100, 200, 50), { minValue: 100, maxValue: 200 });
  assert.deepEqual(ensureSpan(100, 120, 60), { minValue: 80, maxValue: 140 });
});

test('per bar: one wide label leaves the other bars their numbers (about 48 px per bar)', () => {
  const pane = paneDetail({ barSpacing: 48, rowPx: 16, slots: 2 });
  assert.equal(pane.detail, 'text');
  const narrow = fitBarText(pane, digits(2), digits(2));
  const wide = fitBarText(pane, digits(9), digits(6));
  assert.notEqual(narrow, null, 'a bar with short numbers keeps its text');
  assert.equal(wide, null, 'only the bar whose numbers do not fit drops its text');
});

test('per bar: a wider label gets a smaller or compact font, never a larger one', () => {
  const pane = paneDetail({ barSpacing: 110, rowPx: 16, slots: 2 });
  let last = { fontPx: Infinity, compact: false };
  for (let n = 1; n <= 10; n++) {
    const fit = fitBarText(pane, digits(n), digits(Math.min(n, 4)));
    if (fit === null) break;
    assert.ok(fit.fontPx <= last.fontPx || (fit.compact && !last.compact), `digits ${n}`);
    assert.ok(!last.compact || fit.compact, 'once compact, wider labels stay compact');
    last = fit;
  }
});

test('per bar: the fitted label stays inside its slot (property over a grid)', () => {
  for (let spacing = 4; spacing <= 200; spacing += 5) {
    for (let rowPx = 1; rowPx <= 30; rowPx += 1.5) {
      for (const slots of [1, 2]) {
        const pane = paneDetail({ barSpacing: spacing, rowPx, slots });
        for (let n = 1; n <= 9; n++) {
          const fit = fitBarText(pane, digits(n), digits(Math.min(n, 4)));
          if (fit === null) continue;
          const geo = barGeometry(0, spacing, 'text');
          const w = (digits(fit.compact ? Math.min(n, 4) : n) * fit.fontPx) / REF_FONT_PX;
          assert.ok(w <= geo.cellsWidth / slots - 2 * TEXT_PAD + 1e-9);
          assert.ok(fit.fontPx + 2 <= rowPx && fit.fontPx >= 8);
        }
      }
    }
  }
});

test('thin rows of long bars (11 px) still get a 9 px font, not 8', () => {
  const pane = paneDetail({ barSpacing: 110, rowPx: 11, slots: 2 });
  assert.equal(pane.detail, 'text');
  assert.ok(pane.fontPx >= 9);
  assert.equal(paneDetail({ barSpacing: 110, rowPx: 9, slots: 2 }).detail, 'cells');
});

test('a quiet stretch is widened to a few rows, not padded so its traded rows sit small in the middle', () => {
  // A 600 px pane: about 15 rows of 36 px, where 22 px rows padded a two-row day to 24.
  assert.ok(quietRows(600) <= 15 && quietRows(600) >= 14, String(quietRows(600)));
  assert.equal(quietRows(200), 8, 'a short pane keeps eight rows of context');
});
