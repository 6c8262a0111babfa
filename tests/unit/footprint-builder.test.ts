import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kstMidnightMs, secondsToHms } from '../../electron/shared/kst.ts';
import { rowPrice, tickSize } from '../../electron/shared/tick-size.ts';
import {
  FootprintBuilder,
  parseBarSpec,
  type BarSpec,
  type FootprintBar,
  type FootprintTrade,
  type VenueFilter,
} from '../../electron/shared/footprint/index.ts';
import { seededRandom } from '../../electron/shared/random.ts';

const DATE = '20251126';
const MIDNIGHT = kstMidnightMs(DATE) / 1000;


/** Grid prices from `from` up to `to`, walking the KRX ladder one tick at a time. */
function ladder(from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from; p <= to; p += tickSize(p)) out.push(p);
  return out;
}

/** Random trades: a walk on the ladder across a band edge, with mid-point prints, bursts within a second and late prints. */
function randomTrades(seed: number, n: number, grid: number[]): FootprintTrade[] {
  const r = seededRandom(seed);
  const trades: FootprintTrade[] = [];
  let k = Math.floor(grid.length / 2);
  let time = 9 * 3600 + Math.floor(r() * 30);
  for (let i = 0; i < n; i++) {
    const u = r();
    if (u < 0.3) time += 1 + Math.floor(r() * (r() < 0.05 ? 400 : 5));
    k = Math.min(grid.length - 2, Math.max(0, k + Math.floor(r() * 5) - 2));
    const mid = r() < 0.1;
    const price = mid ? (grid[k]! + grid[k + 1]!) / 2 : grid[k]!;
    trades.push({
      time: r() < 0.02 ? time - 1 : time,
      price,
      qty: 1 + Math.floor(r() * (r() < 0.05 ? 5000 : 200)),
      side: r() < 0.5 ? 1 : -1,
      venue: (['KRX', 'NXT', ''] as const)[Math.floor(r() * 3)]!,
      auction: r() < 0.05,
    });
  }
  return trades;
}

/** Ticks between two prices by position on an explicit ladder (mid-points interpolate). */
function ladderPos(grid: number[], p: number): number {
  for (let i = 0; i < grid.length - 1; i++) {
    if (p >= grid[i]! && p < grid[i + 1]!) return i + (p - grid[i]!) / (grid[i + 1]! - grid[i]!);
  }
  return grid.length - 1;
}

interface RefRow {
  buy: number;
  sell: number;
  auction: number;
  trades: number;
}

/** Brute force: group trades into bars by the documented rules, then total each group from scratch. */
function reference(trades: FootprintTrade[], spec: BarSpec, rowTicks: number, venue: VenueFilter, grid: number[]) {
  const groups: FootprintTrade[][] = [];
  for (const t of trades.filter((x) => venue === 'all' || x.venue === venue)) {
    const g = groups[groups.length - 1];
    let fresh = g === undefined;
    if (g !== undefined) {
      if (spec.kind === 'time') {
        // The open bar's bucket is its first trade's; a late print never reopens an earlier one.
        const bucket = (x: number) => Math.floor(x / spec.size) * spec.size;
        fresh = bucket(t.time) > bucket(g[0]!.time);
      } else if (spec.kind === 'tick') fresh = g.length >= spec.size;
      else if (spec.kind === 'volume') fresh = g.reduce((s, x) => s + x.qty, 0) >= spec.size;
      else {
        const prices = [...g.map((x) => x.price), t.price];
        fresh = ladderPos(grid, Math.max(...prices)) - ladderPos(grid, Math.min(...prices)) > spec.size;
      }
    }
    if (fresh) groups.push([t]);
    else g!.push(t);
  }
  let cvd = 0;
  return groups.map((g) => {
    const rows = new Map<number, RefRow>();
    let delta = 0;
    let maxDelta = 0;
    let minDelta = 0;
    for (const t of g) {
      const key = rowPrice(t.price, rowTicks);
      const row = rows.get(key) ?? { buy: 0, sell: 0, auction: 0, trades: 0 };
      rows.set(key, row);
      row.trades++;
      if (t.auction) row.auction += t.qty;
      else if (t.side > 0) row.buy += t.qty;
      else row.sell += t.qty;
      if (!t.auction) {
        delta += t.side * t.qty;
        maxDelta = Math.max(maxDelta, delta);
        minDelta = Math.min(minDelta, delta);
      }
    }
    cvd += delta;
    const sum = (f: (t: FootprintTrade) => number) => g.reduce((s, t) => s + f(t), 0);
    return {
      first: g[0]!,
      last: g[g.length - 1]!,
      volume: sum((t) => t.qty),
      buy: sum((t) => (!t.auction && t.side > 0 ? t.qty : 0)),
      sell: sum((t) => (!t.auction && t.side < 0 ? t.qty : 0)),
      auction: sum((t) => (t.auction ? t.qty : 0)),
      trades: g.length,
      high: Math.max(...g.map((t) => t.price)),
      low: Math.min(...g.map((t) => t.price)),
      delta,
      maxDelta,
      minDelta,
      cvd,
      rows,
    };
  });
}

function build(trades: FootprintTrade[], spec: BarSpec, rowTicks: number, venue: VenueFilter): readonly FootprintBar[] {
  const b = new FootprintBuilder({ bar: spec, rowTicks, venue, date: DATE });
  for (const t of trades) b.add(t);
  return b.bars();
}

const SPECS = ['time:60', 'time:1', 'time:300', 'tick:1', 'tick:7', 'tick:100', 'volume:1', 'volume:500', 'volume:20000', 'range:1', 'range:4', 'range:10'];
const GRID = ladder(48_000, 52_500);

test('every bar kind, row size and venue agrees with a brute-force reference on random trades', () => {
  for (const seed of [1, 2, 3]) {
    const trades = randomTrades(seed, 1500, GRID);
    for (const s of SPECS) {
      const spec = parseBarSpec(s);
      for (const rowTicks of [1, 2, 5, 10]) {
        for (const venue of ['all', 'KRX', 'NXT'] as const) {
          const ctx = `seed ${seed} ${s} row ${rowTicks} ${venue}`;
          const bars = build(trades, spec, rowTicks, venue);
          const ref = reference(trades, spec, rowTicks, venue, GRID);
          assert.equal(bars.length, ref.length, ctx);
          const filtered = trades.filter((x) => venue === 'all' || x.venue === venue);
          let total = 0;
          for (let i = 0; i < bars.length; i++) {
            const b = bars[i]!;
            const r = ref[i]!;
            const at = `${ctx} bar ${i}`;
            assert.equal(b.volume, r.volume, at);
            assert.equal(b.buy, r.buy, at);
            assert.equal(b.sell, r.sell, at);
            assert.equal(b.auction, r.auction, at);
            assert.equal(b.trades, r.trades, at);
            assert.equal(b.delta, r.delta, at);
            assert.equal(b.maxDelta, r.maxDelta, at);
            assert.equal(b.minDelta, r.minDelta, at);
            assert.equal(b.cvd, r.cvd, at);
            assert.equal(b.open, r.first.price, at);
            assert.equal(b.close, r.last.price, at);
            assert.equal(b.high, r.high, at);
            assert.equal(b.low, r.low, at);
            assert.equal(b.start, secondsToHms(r.first.time), at);
            assert.equal(b.end, secondsToHms(r.last.time), at);
            assert.equal(b.deltaPct, Math.round((r.delta / r.volume) * 10000) / 100, at);
            // Rows: same cells, sorted descending, and every share of the bar in exactly one cell.
            assert.deepEqual(
              b.rows.map((x) => [x.price, x.buy, x.sell, x.auction, x.trades]),
              [...r.rows.entries()].sort((x, y) => y[0] - x[0]).map(([p, x]) => [p, x.buy, x.sell, x.auction, x.trades]),
              at,
            );
            assert.equal(b.rows.reduce((sum, x) => sum + x.buy + x.sell + x.auction, 0), b.volume, at);
            const best = Math.max(...b.rows.map((x) => x.buy + x.sell + x.auction));
            assert.equal(b.poc, b.rows.find((x) => x.buy + x.sell + x.auction === best)!.price, at);
            assert.ok(b.val <= b.poc && b.poc <= b.vah, at);
            const inVa = b.rows.filter((x) => x.price >= b.val && x.price <= b.vah).reduce((sum, x) => sum + x.buy + x.sell + x.auction, 0);
            assert.ok(inVa >= 0.7 * b.volume, at);
            if (spec.kind === 'time') {
              assert.equal((b.time - MIDNIGHT) % spec.size, 0, `${at}: time on a clock boundary`);
              assert.equal(b.time, MIDNIGHT + Math.floor(r.first.time / spec.size) * spec.size, at);
            } else {
              assert.ok(b.time >= MIDNIGHT + r.first.time, at);
            }
            if (i > 0) assert.ok(b.time > bars[i - 1]!.time, `${at}: time increases`);
            total += b.volume;
          }
          assert.equal(total, filtered.reduce((s2, t) => s2 + t.qty, 0), `${ctx}: volume conserved`);
        }
      }
    }
  }
});

test('venue views partition the merged view; venue-less prints count only in all', () => {
  const trades = randomTrades(9, 2000, GRID);
  const spec = parseBarSpec('time:60');
  const sum = (bars: readonly FootprintBar[]) => bars.reduce((s, b) => s + b.volume, 0);
  const all = sum(build(trades, spec, 1, 'all'));
  const krx = sum(build(trades, spec, 1, 'KRX'));
  const nxt = sum(build(trades, spec, 1, 'NXT'));
  const unknown = trades.filter((t) => t.venue === '').reduce((s, t) => s + t.qty, 0);
  assert.ok(unknown > 0);
  assert.equal(krx + nxt + unknown, all);
});

test('mid-point prints floor into the row below and are never dropped', () => {
  const b = new FootprintBuilder({ bar: parseBarSpec('time:60'), rowTicks: 1, venue: 'all', date: DATE });
  const t = (price: number, qty: number, side: 1 | -1): FootprintTrade => ({ time: 33_000, price, qty, side, venue: 'NXT', auction: false });
  b.add(t(99_350, 7, 1));
  b.add(t(99_300, 3, -1));
  b.add(t(99_400, 5, 1));
  b.add(t(2_002.5, 1, 1));
  const [bar] = b.bars();
  assert.deepEqual(
    bar!.rows.map((r) => [r.price, r.buy, r.sell]),
    [
      [99_400, 5, 0],
      [99_300, 7, 3],
      [2_000, 1, 0],
    ],
  );
  assert.equal(bar!.volume, 16);
  assert.equal(bar!.high, 99_400);
  assert.equal(bar!.low, 2_002.5);
});

test('rows follow the tick ladder across the 50,000 band edge', () => {
  const prices = [49_950, 50_000, 50_100, 49_900, 49_975];
  for (const [rowTicks, expected] of [
    [1, [50_100, 50_000, 49_950, 49_900]],
    [2, [50_000, 49_900]],
    [5, [50_000, 49_750]],
    [10, [50_000, 49_500]],
  ] as const) {
    const b = new FootprintBuilder({ bar: parseBarSpec('tick:100'), rowTicks, venue: 'all', date: DATE });
    for (const price of prices) b.add({ time: 33_000, price, qty: 1, side: 1, venue: 'KRX', auction: false });
    const [bar] = b.bars();
    assert.deepEqual(bar!.rows.map((r) => r.price), [...expected], `row ${rowTicks}`);
    assert.equal(bar!.rows.reduce((s, r) => s + r.buy, 0), prices.length);
  }
});

test('a range bar counts real ticks across a band edge', () => {
  // 49,950 → 50,000 → 50,100 is 2 ticks (a 50-won tick, then a 100-won tick), not 150/50 = 3.
  const trades = [49_950, 50_000, 50_100].map((price, i) => ({ time: 33_000 + i, price, qty: 1, side: 1 as const, venue: 'KRX' as const, auction: false }));
  assert.equal(build(trades, parseBarSpec('range:2'), 1, 'all').length, 1);
  const split = build(trades, parseBarSpec('range:1'), 1, 'all');
  assert.deepEqual(split.map((b) => [b.open, b.close]), [[49_950, 50_000], [50_100, 50_100]]);
});

test('bars starting within one second get increasing times; labels keep the real second', () => {
  const trades = Array.from({ length: 5 }, () => ({ time: 33_000, price: 60_000, qty: 1, side: 1 as const, venue: 'KRX' as const, auction: false }));
  const bars = build(trades, parseBarSpec('tick:1'), 1, 'all');
  assert.deepEqual(bars.map((b) => b.time - MIDNIGHT), [33_000, 33_001, 33_002, 33_003, 33_004]);
  assert.deepEqual(new Set(bars.map((b) => b.start)), new Set(['091000']));
});

test('a late print joins the open time bar; closed bars never change', () => {
  const mk = (time: number, qty: number) => ({ time, price: 60_000, qty, side: 1 as const, venue: 'KRX' as const, auction: false });
  const bars = build([mk(32_459, 1), mk(32_460, 2), mk(32_459, 4)], parseBarSpec('time:60'), 1, 'all');
  assert.deepEqual(bars.map((b) => [b.time - MIDNIGHT, b.volume, b.start, b.end]), [
    [32_400, 1, '090059', '090059'],
    [32_460, 6, '090100', '090059'],
  ]);
});

test('auction prints sit apart from buy/sell and delta but inside volume, rows and OHLC', () => {
  const b = new FootprintBuilder({ bar: parseBarSpec('time:60'), rowTicks: 1, venue: 'all', date: DATE });
  b.add({ time: 32_400, price: 60_000, qty: 1000, side: 1, venue: 'KRX', auction: true });
  b.add({ time: 32_401, price: 60_100, qty: 10, side: 1, venue: 'KRX', auction: false });
  b.add({ time: 32_402, price: 60_000, qty: 4, side: -1, venue: 'KRX', auction: false });
  const [bar] = b.bars();
  assert.equal(bar!.volume, 1014);
  assert.equal(bar!.auction, 1000);
  assert.equal(bar!.delta, 6);
  assert.equal(bar!.cvd, 6);
  assert.equal(bar!.poc, 60_000);
  assert.deepEqual(bar!.rows, [
    { price: 60_100, buy: 10, sell: 0, auction: 0, trades: 1 },
    { price: 60_000, buy: 0, sell: 4, auction: 1000, trades: 2 },
  ]);
});

test('resume(bars) + more trades equals one pass, at every split, for every bar kind', () => {
  const trades = randomTrades(42, 600, GRID);
  for (const s of SPECS) {
    const spec = parseBarSpec(s);
    for (const venue of ['all', 'NXT'] as const) {
      const opts = { bar: spec, rowTicks: 2, venue, date: DATE };
      const whole = JSON.stringify(build(trades, spec, 2, venue));
      for (const split of [0, 1, 17, 250, 599, 600]) {
        const first = new FootprintBuilder(opts);
        for (const t of trades.slice(0, split)) first.add(t);
        // Through JSON, as the page receives them.
        const resumed = FootprintBuilder.resume(opts, JSON.parse(JSON.stringify(first.bars())) as FootprintBar[]);
        for (const t of trades.slice(split)) {
          resumed.add(t);
          if (t.qty % 13 === 0) resumed.bars(); // reading mid-way changes nothing
        }
        assert.equal(JSON.stringify(resumed.bars()), whole, `${s} ${venue} split ${split}`);
      }
    }
  }
});

test('resume leaves the bars it was given untouched, and takes a session of single-trade bars', () => {
  const opts = { bar: parseBarSpec('time:60'), rowTicks: 1, venue: 'all' as const, date: DATE };
  const first = new FootprintBuilder(opts);
  first.add({ time: 33_000, price: 60_000, qty: 5, side: 1, venue: 'KRX', auction: false });
  const given = JSON.parse(JSON.stringify(first.bars())) as FootprintBar[];
  const copy = JSON.stringify(given);
  const resumed = FootprintBuilder.resume(opts, given);
  resumed.add({ time: 33_001, price: 60_000, qty: 5, side: -1, venue: 'KRX', auction: false });
  assert.equal(JSON.stringify(given), copy);
  assert.equal(resumed.bars()[0]!.volume, 10);
  // tick:1 over a heavy day: hundreds of thousands of bars (no argument-spreading limits).
  const many = Array.from({ length: 300_000 }, () => given[0]!);
  assert.equal(FootprintBuilder.resume(opts, many).bars().length, 300_000);
});
