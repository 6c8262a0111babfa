import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FootprintBuilder, nakedPocs, valueArea, type FootprintBar, type FootprintRow } from '../../electron/shared/footprint/index.ts';
import { rowPrice } from '../../electron/shared/tick-size.ts';
import { buildBarView } from '../../renderer/src/chart/bar-view.ts';
import { LiveLevels, RangeProfile, type PocRay, type Profile, type ZoneRay } from '../../renderer/src/chart/levels.ts';
import { rowBounds } from '../../renderer/src/chart/rows.ts';
import type { BarView } from '../../renderer/src/chart/bar-view.ts';
import { seededRandom } from '../../electron/shared/random.ts';
import { DEFAULT_CHART_SETTINGS } from '../../renderer/src/chart/settings.ts';

// Whole-day reference definitions, written the obvious way, that the incremental live code must equal.

/** Every stacked zone, held until a later bar's low (buy zone) or high (sell zone) row passes it. */
function zoneRays(views: readonly BarView[], rowTicks: number): ZoneRay[] {
  const out: ZoneRay[] = [];
  for (let i = 0; i < views.length; i++) {
    for (const z of views[i]!.stacked) {
      let to: number | null = null;
      for (let j = i + 1; j < views.length && to === null; j++) {
        const b = views[j]!.bar;
        if (z.side === 'buy' ? rowPrice(b.low, rowTicks) < z.low : rowPrice(b.high, rowTicks) > z.high) to = j;
      }
      out.push({ side: z.side, from: i, to, low: rowBounds(z.low, rowTicks).low, high: rowBounds(z.high, rowTicks).high });
    }
  }
  return out;
}

/** POCs of finished bars that no later bar has traded (shared `nakedPocs`; the open last bar left out). */
function nakedPocRays(bars: readonly FootprintBar[], rowTicks: number): PocRay[] {
  return nakedPocs(bars, rowTicks)
    .filter((p) => p.revisitedAt === null && p.index < bars.length - 1 && bars[p.index]!.rows.length > 0)
    .map((p) => ({ from: p.index, price: p.price }));
}

/** Volume profile of bars[from..to] (inclusive, clamped), summed from scratch. */
function profileOf(bars: readonly FootprintBar[], from: number, to: number): Profile {
  const sum = new Map<number, FootprintRow>();
  for (let i = Math.max(0, from); i <= Math.min(bars.length - 1, to); i++) {
    for (const r of bars[i]!.rows) {
      const s = sum.get(r.price) ?? { price: r.price, buy: 0, sell: 0, auction: 0, trades: 0 };
      sum.set(r.price, { price: r.price, buy: s.buy + r.buy, sell: s.sell + r.sell, auction: s.auction + r.auction, trades: s.trades + r.trades });
    }
  }
  const rows = [...sum.values()].sort((a, b) => b.price - a.price);
  const va = valueArea(rows);
  return { rows, maxVolume: Math.max(0, ...rows.map((r) => r.buy + r.sell + r.auction)), poc: va.poc, vah: va.vah, val: va.val };
}

type T = [minute: number, price: number, qty: number, side: 1 | -1];

function bars(trades: T[]): readonly FootprintBar[] {
  const b = new FootprintBuilder({ bar: { kind: 'time', size: 60 }, rowTicks: 1, venue: 'all', date: '20251126' });
  for (const [m, price, qty, side] of trades) b.add({ time: 9 * 3600 + m * 60, price, qty, side, venue: '', auction: false });
  return b.bars();
}

// Bar 0: buyers sweep 10,000 → 10,040 (10-won ticks) with nothing sold: a stacked buy zone 10,010–10,040.
const SWEEP: T[] = [10_000, 10_010, 10_020, 10_030, 10_040].map((p) => [0, p, 100, 1] as T);

test('a stacked buy zone holds while later bars stay above it', () => {
  const b = bars([...SWEEP, [1, 10_040, 5, 1], [2, 10_030, 5, -1]]);
  const rays = zoneRays(b.map((x) => buildBarView(x, DEFAULT_CHART_SETTINGS)), 1);
  assert.equal(rays.length, 1);
  assert.equal(rays[0]!.side, 'buy');
  assert.equal(rays[0]!.from, 0);
  assert.equal(rays[0]!.to, null);
  // Visual bounds: half a tick beyond the zone's outer rows.
  assert.equal(rays[0]!.low, 10_005);
  assert.equal(rays[0]!.high, 10_045);
});

test('the zone ends at the first bar that trades below its bottom row', () => {
  const b = bars([...SWEEP, [1, 10_030, 5, -1], [2, 10_000, 5, -1], [3, 9_990, 5, -1]]);
  const rays = zoneRays(b.map((x) => buildBarView(x, DEFAULT_CHART_SETTINGS)), 1);
  assert.equal(rays[0]!.to, 2);
});

test('naked POCs: finished bars whose POC no later bar traded; the open bar is left out', () => {
  const b = bars([
    [0, 10_000, 50, 1],
    [1, 10_100, 50, 1],
    [2, 10_000, 5, -1],
    [3, 10_300, 9, 1],
  ]);
  // Bar 0's POC 10,000 is revisited by bar 2; bar 1's 10,100 and bar 2's 10,000 are naked; bar 3 is open.
  assert.deepEqual(nakedPocRays(b, 1), [
    { from: 1, price: 10_100 },
    { from: 2, price: 10_000 },
  ]);
});

test('profile of a range sums every row and finds its POC; volume is conserved', () => {
  const b = bars([
    [0, 10_000, 50, 1],
    [0, 10_010, 20, -1],
    [1, 10_000, 30, -1],
    [2, 10_020, 500, 1],
  ]);
  const p = profileOf(b, 0, 1);
  assert.deepEqual(p.rows.map((r) => [r.price, r.buy, r.sell]), [
    [10_010, 0, 20],
    [10_000, 50, 30],
  ]);
  assert.equal(p.poc, 10_000);
  assert.equal(p.maxVolume, 80);
  const all = profileOf(b, -5, 99);
  const total = all.rows.reduce((a, r) => a + r.buy + r.sell + r.auction, 0);
  assert.equal(total, b.reduce((a, x) => a + x.volume, 0));
  assert.equal(all.poc, 10_020);
});

test('a live range profile equals profileOf at every step: trades into the open bar, new bars, pans, a reload', () => {
  const rnd = seededRandom(7);
  const builder = (): FootprintBuilder =>
    new FootprintBuilder({ bar: { kind: 'time', size: 60 }, rowTicks: 1, venue: 'all', date: '20251126' });
  let b = builder();
  const trades: T[] = [];
  const live = new RangeProfile();
  let price = 10_000;
  let minute = 0;
  for (let step = 0; step < 3_000; step++) {
    if (rnd() < 0.02) minute++;
    price += rnd() < 0.3 ? (rnd() < 0.5 ? 10 : -10) : 0;
    const t: T = [minute, price, 1 + Math.floor(rnd() * 50), rnd() < 0.5 ? 1 : -1];
    trades.push(t);
    b.add({ time: 9 * 3600 + t[0] * 60, price: t[1], qty: t[2], side: t[3], venue: '', auction: false });
    if (step === 2_000) {
      // A reload that brings a print the live feed missed, into a closed bar of the range in view.
      const m = minute - 5;
      trades.splice(trades.findIndex((x) => x[0] > m), 0, [m, 10_000, 777, 1]);
      b = builder();
      for (const [m, p, qty, side] of trades) b.add({ time: 9 * 3600 + m * 60, price: p, qty, side, venue: '', auction: false });
    }
    const bars = b.bars();
    const n = bars.length;
    // Mostly the last 20 bars (follows the feed), sometimes a pan back, sometimes the session.
    const r = step === 1_999 || step === 2_000 ? 0 : rnd();
    const [from, to] = r < 0.8 ? [n - 20, n - 1] : r < 0.9 ? [n - 30, n - 10] : [0, n - 1];
    assert.deepEqual(live.get(bars, from, to), profileOf(bars, from, to), `step ${step}`);
  }
  assert.ok(minute > 30, 'the walk spans many bars');
});

test('live levels equal zoneRays and nakedPocRays at every step: the open bar, new bars, a rewritten tail, a reload, new rows', () => {
  const rnd = seededRandom(11);
  let rowTicks = 1;
  const settings = (): typeof DEFAULT_CHART_SETTINGS => ({ ...DEFAULT_CHART_SETTINGS, rowTicks });
  const build = (trades: readonly T[]): FootprintBuilder => {
    const b = new FootprintBuilder({ bar: { kind: 'time', size: 60 }, rowTicks, venue: 'all', date: '20251126' });
    for (const [m, p, qty, side] of trades) b.add({ time: 9 * 3600 + m * 60, price: p, qty, side, venue: '', auction: false });
    return b;
  };
  const trades: T[] = [];
  let b = build(trades);
  let views: BarView[] = [];
  const live = new LiveLevels();
  let price = 10_000;
  let minute = 0;
  let drift = 0;
  let closedZones = 0;
  let openZones = 0;
  let revisited = 0;
  for (let step = 0; step < 4_000; step++) {
    if (rnd() < 0.03) {
      minute++;
      drift = rnd() < 0.5 ? 10 : -10;
    }
    // Trending sweeps (one-sided runs) make stacked zones; reversals trade through them.
    const sweep = rnd() < 0.6;
    price += sweep ? drift : rnd() < 0.5 ? 10 : -10;
    const t: T = [minute, price, 1 + Math.floor(rnd() * 40), sweep ? (drift > 0 ? 1 : -1) : rnd() < 0.5 ? 1 : -1];
    trades.push(t);
    b.add({ time: 9 * 3600 + t[0] * 60, price: t[1], qty: t[2], side: t[3], venue: '', auction: false });
    let bars = b.bars();
    // As the chart does: the last known bar and any new ones get new views; earlier views stay.
    let fromIndex = Math.max(0, views.length - 1);
    if (step === 1_500) {
      // A tail rewritten from a closed bar on: the later bars now trade at one price, so levels
      // the old tail had traded through hold again.
      const m = minute - 8;
      trades.splice(trades.findIndex((x) => x[0] >= m));
      price = trades[trades.length - 1]![1];
      for (let k = 0; k < 40; k++) trades.push([m + Math.floor(k / 10), price, 5, k % 2 === 0 ? 1 : -1]);
      minute = m + 4;
      b = build(trades);
      bars = b.bars();
      fromIndex = new Set(trades.filter((x) => x[0] < m).map((x) => x[0])).size;
    } else if (step === 2_500) {
      b = build(trades);
      bars = b.bars();
      fromIndex = 0;
    } else if (step === 3_200) {
      rowTicks = 2;
      b = build(trades);
      bars = b.bars();
      fromIndex = 0;
    }
    views = [...views.slice(0, fromIndex), ...bars.slice(fromIndex).map((x) => buildBarView(x, settings()))];
    const got = live.update(views, rowTicks);
    const zones = zoneRays(views, rowTicks);
    assert.deepEqual(got.zones, zones, `zones, step ${step}`);
    assert.deepEqual(got.pocs, nakedPocRays(bars, rowTicks), `pocs, step ${step}`);
    closedZones = Math.max(closedZones, zones.filter((z) => z.to !== null).length);
    openZones = Math.max(openZones, zones.filter((z) => z.to === null).length);
    revisited = Math.max(revisited, bars.length - 1 - got.pocs.length);
  }
  assert.ok(minute > 60, 'the walk spans many bars');
  assert.ok(closedZones > 5 && openZones > 2, `zones traded through (${closedZones}) and holding (${openZones})`);
  assert.ok(revisited > 5, 'some POCs were revisited');
});
