import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ring } from '../../renderer/src/tape/ring.ts';
import { NO_PRINT, planRows, rotate, STALE, visibleSpan, type RowSpan } from '../../renderer/src/tape/rows.ts';
import { seededRandom } from '../../electron/shared/random.ts';

/** What the tape does with a plan, on a model of its rows: the sequence number each row shows. */
function apply(shown: number[], next: RowSpan): { shown: number[]; writes: number } {
  const rows = shown.slice();
  while (rows.length < next.count) rows.push(NO_PRINT);
  const plan = planRows(rows, next);
  rotate(rows, plan.shift);
  for (const p of plan.writes) rows[p] = next.newest - p;
  for (const p of plan.hides) rows[p] = NO_PRINT;
  return { shown: rows, writes: plan.writes.length };
}

function expected(next: RowSpan, pool: number): number[] {
  return Array.from({ length: pool }, (_, p) => (p < next.count ? next.newest - p : NO_PRINT));
}

test('the ring keeps the newest items, numbered in arrival order since the last clear', () => {
  const r = new Ring<string>(3);
  for (const s of ['a', 'b', 'c', 'd', 'e']) r.push(s);
  assert.equal(r.size, 3);
  assert.equal(r.total, 5);
  assert.deepEqual([r.at(0), r.at(1), r.at(2), r.at(3)], ['e', 'd', 'c', undefined]);
  assert.deepEqual([r.bySeq(4), r.bySeq(2), r.bySeq(1), r.bySeq(5)], ['e', 'c', undefined, undefined]);
  r.clear();
  r.push('x');
  assert.deepEqual([r.total, r.bySeq(0), r.bySeq(4)], [1, 'x', undefined]);
});

test('the viewport span: newest first, cut at the oldest print held', () => {
  assert.deepEqual(visibleSpan(100, 100, 0, 30), { newest: 99, count: 30 });
  assert.deepEqual(visibleSpan(100, 100, 90, 30), { newest: 9, count: 10 });
  // 5,000 held of 12,000 that arrived: the oldest held is 7,000.
  assert.deepEqual(visibleSpan(12_000, 5_000, 4_990, 30), { newest: 7_009, count: 10 });
  assert.deepEqual(visibleSpan(0, 0, 0, 30), { newest: -1, count: 0 });
});

test('a new print moves one row to the top and writes only that row', () => {
  const shown = expected({ newest: 99, count: 30 }, 30);
  const plan = planRows(shown, { newest: 100, count: 30 });
  assert.deepEqual(plan, { shift: 1, writes: [0], hides: [] });
  const eight = apply(shown, { newest: 107, count: 30 });
  assert.equal(eight.writes, 8);
  assert.deepEqual(eight.shown, expected({ newest: 107, count: 30 }, 30));
});

test('a burst longer than the viewport rewrites every row once, with no moves', () => {
  const shown = expected({ newest: 99, count: 30 }, 30);
  assert.deepEqual(planRows(shown, { newest: 500, count: 30 }).shift, 0);
  assert.equal(apply(shown, { newest: 500, count: 30 }).writes, 30);
});

test('a paused tape (scrolled down, the span stays put) writes nothing', () => {
  const shown = expected({ newest: 80, count: 30 }, 32);
  assert.deepEqual(planRows(shown, { newest: 80, count: 30 }), { shift: 0, writes: [], hides: [] });
});

test('stale rows are all rewritten, and hidden below the last print', () => {
  const plan = planRows([STALE, STALE, STALE, NO_PRINT], { newest: 1, count: 2 });
  assert.deepEqual(plan, { shift: 0, writes: [0, 1], hides: [2] });
});

test('any mix of arrivals, scrolls, resizes, resets and relabels leaves each row on its print, writing only new ones', () => {
  const rnd = seededRandom(3);
  const capacity = 500;
  let total = 0;
  let top = 0;
  let rows = 20;
  let shown: number[] = [];
  let moved = 0;
  for (let step = 0; step < 5_000; step++) {
    const r = rnd();
    let stale = false;
    if (r < 0.6) {
      const n = rnd() < 0.9 ? Math.floor(rnd() * 8) : Math.floor(rnd() * 60);
      total += n;
      // Scrolled down, the tape keeps the same prints in view (tape.ts moves the scroll position).
      if (top > 0) top = Math.min(top + n, Math.min(total, capacity) - 1);
    } else if (r < 0.8) top = Math.max(0, Math.min(Math.min(total, capacity) - 1, top + Math.floor(rnd() * 40) - 20));
    else if (r < 0.9) rows = 5 + Math.floor(rnd() * 40);
    else if (r < 0.95) {
      total = Math.floor(rnd() * 50);
      top = 0;
      stale = true;
    } else stale = true;
    if (stale) shown = shown.map((s) => (s === NO_PRINT ? NO_PRINT : STALE));
    const before = shown.slice();
    const next = visibleSpan(total, Math.min(total, capacity), top, rows);
    const after = apply(shown, next);
    shown = after.shown;
    assert.deepEqual(shown, expected(next, shown.length), `step ${step}`);
    // Only rows whose print was not on screen before are written.
    const fresh = shown.filter((s, p) => p < next.count && !before.includes(s)).length;
    assert.equal(after.writes, stale ? next.count : fresh, `writes, step ${step}`);
    if (!stale && after.writes < next.count) moved++;
  }
  assert.ok(moved > 1_000, 'most steps kept rows');
});
