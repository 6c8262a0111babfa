// The numeric sanity rule (shared/trade-sanity.ts, docs/trade-sanity.md): what no real print carries is
// refused with a reason; every real recorded print, every demo print and every price a tick (or half a
// tick) of any band can take passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DemoMarket } from '../../electron/collector/demo/market.ts';
import { tickSize } from '../../electron/shared/tick-size.ts';
import { parseRecordLine } from '../../electron/shared/trade.ts';
import { formatQuarantineLine, quarantineValues, toQuarantineEntry, tradeProblem, type RawTrade } from '../../electron/shared/trade-sanity.ts';
import { REAL_005930, REAL_035720 } from '../support/paths.ts';

const OK: RawTrade = { chetime: '092619', price: '99300', cvolume: '100', cgubun: '-', exchname: 'KRX', volume: '1234567', mschecnt: '5012', mdchecnt: '4877' };

test('a complete, plausible print passes; so does a legacy four-field one', () => {
  assert.equal(tradeProblem(OK), null);
  assert.equal(tradeProblem({ chetime: '092619', price: '99300', cvolume: '100', cgubun: '-' }), null);
  assert.equal(tradeProblem({ ...OK, volume: '0', mschecnt: '0', mdchecnt: '0' }), null, 'cumulative counts may start at zero');
  assert.equal(tradeProblem({ ...OK, chetime: '000000' }), null);
  assert.equal(tradeProblem({ ...OK, chetime: '235959' }), null);
});

test('values no real print carries are refused, each with a reason naming its field', () => {
  const cases: Array<[RawTrade, RegExp]> = [
    [{ ...OK, chetime: '999999' }, /^chetime "999999"/],
    [{ ...OK, chetime: '240000' }, /^chetime/],
    [{ ...OK, chetime: '096000' }, /^chetime/],
    [{ ...OK, chetime: '09261' }, /^chetime/],
    [{ ...OK, chetime: undefined }, /^chetime/],
    [{ ...OK, price: '0050000' }, /^price not a plain positive number of won: "0050000"/],
    [{ ...OK, price: '0.0001' }, /^price/],
    [{ ...OK, price: '0' }, /^price/],
    [{ ...OK, price: '-100' }, /^price/],
    [{ ...OK, price: '1e5' }, /^price/],
    [{ ...OK, price: '99300.0' }, /^price/],
    [{ ...OK, price: '1234.25' }, /^price/],
    [{ ...OK, price: '12345678901234567890' }, /^price/],
    [{ ...OK, price: '10000000' }, /^price/],
    [{ ...OK, price: 99300 }, /^price 99300 is not a number/],
    [{ ...OK, price: '50000.5' }, /^price off the half-tick grid: "50000.5"/],
    [{ ...OK, price: '2000.5' }, /half-tick/],
    [{ ...OK, cvolume: '0' }, /^cvolume/],
    [{ ...OK, cvolume: '-5' }, /^cvolume/],
    [{ ...OK, cvolume: '007' }, /^cvolume/],
    [{ ...OK, cvolume: '1.5' }, /^cvolume/],
    [{ ...OK, cvolume: '12345678901234567890' }, /^cvolume "12345678901234567890" is not a positive size/],
    [{ ...OK, cgubun: '*' }, /^cgubun/],
    [{ ...OK, cgubun: ' ' }, /^cgubun/],
    [{ ...OK, volume: '12345678901234567890' }, /^volume/],
    [{ ...OK, volume: '-1' }, /^volume/],
    [{ ...OK, volume: '12.5' }, /^volume/],
    [{ ...OK, mschecnt: '0012' }, /^mschecnt/],
    [{ ...OK, mdchecnt: 'x' }, /^mdchecnt/],
    [{ ...OK, mdchecnt: null }, /^mdchecnt null/],
  ];
  for (const [raw, reason] of cases) assert.match(tradeProblem(raw) ?? 'passed', reason, JSON.stringify(raw));
});

test('every price on a tick or half a tick of every band passes, across the band edges', () => {
  const edges = [1, 2_000, 5_000, 20_000, 50_000, 200_000, 500_000, 9_000_000];
  for (const edge of edges) {
    for (let k = -20; k <= 20; k++) {
      const base = edge + k * tickSize(edge + k);
      if (base < 1) continue;
      const tick = tickSize(base);
      for (const p of [base, base + tick / 2]) {
        // Half a tick of the 5-won band is 2.5 won: a mid-point there prints as x.5, or cut to a whole won.
        for (const price of Number.isInteger(p) ? [String(p)] : [String(p), String(Math.floor(p))]) {
          assert.equal(tradeProblem({ ...OK, price }), null, price);
        }
      }
    }
  }
  assert.equal(tradeProblem({ ...OK, price: '1999.5' }), null, 'half of the 1-won tick');
  assert.equal(tradeProblem({ ...OK, price: '9999999' }), null);
  // ETFs and ETNs tick 5 won at every price, so a whole won off the stock ladder is still a print.
  assert.equal(tradeProblem({ ...OK, price: '35015' }), null);
  assert.equal(tradeProblem({ ...OK, price: '35007' }), null);
});

test('every recorded real print (KRX and NXT, with mid-points) passes', () => {
  let n = 0;
  for (const file of [REAL_005930, REAL_035720]) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const r = parseRecordLine(line);
      assert.ok(r, line);
      assert.equal(tradeProblem(r), null, line);
      n++;
    }
  }
  assert.ok(n > 20_000, `${n} real prints checked`);
});

test('every demo print passes (the demo feed goes through the same check)', () => {
  const m = new DemoMarket(5);
  const t0 = Date.UTC(2025, 10, 26, 0, 30, 0);
  m.setCodes(['005930', '035720', '000660', '123450', '015760'], t0);
  let n = 0;
  for (let t = t0; t <= t0 + 600_000; t += 50) {
    for (const { record } of m.advance(t)) {
      assert.equal(tradeProblem(record), null, JSON.stringify(record));
      n++;
    }
  }
  assert.ok(n > 1_000);
});

test('a quarantine line keeps the raw fields (long values cut) and reads back', () => {
  const raw: RawTrade = { ...OK, price: 'x'.repeat(500), volume: { nested: true }, cvolume: 12 };
  const kept = quarantineValues(raw);
  assert.equal(kept.price, `${'x'.repeat(64)}…`);
  assert.equal(kept.volume, '(object)');
  assert.equal(kept.cvolume, 12);
  const line = formatQuarantineLine({ at: '2025-11-26T00:30:00.000Z', reason: 'price not a plain positive number of won', raw: kept });
  assert.ok(line.endsWith('}\n') && !line.slice(0, -1).includes('\n'));
  assert.deepEqual(toQuarantineEntry(JSON.parse(line)), { at: '2025-11-26T00:30:00.000Z', reason: 'price not a plain positive number of won', raw: kept });
  assert.equal(toQuarantineEntry({ at: 1, reason: 'r', raw: {} }), null);
  assert.equal(toQuarantineEntry('x'), null);
});

test('a value that cannot even be turned into text (an object whose toString is not a function) gets a reason, never a throw', () => {
  const hostile = { toString: '0059300', valueOf: 1 };
  const reason = tradeProblem({ chetime: hostile, price: '55000', cvolume: '1', cgubun: '+' });
  assert.equal(reason, 'chetime object is not a time of day');
  assert.match(String(tradeProblem({ chetime: '090000', price: ['55000'], cvolume: '1', cgubun: '+' })), /^price object/);
});
