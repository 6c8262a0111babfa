import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickIndex } from '../../electron/shared/tick-size.ts';
import { hmsToSeconds } from '../../electron/shared/kst.ts';
import type { TradeRecord } from '../../electron/shared/trade.ts';
import { ParamError } from '../../electron/shared/param-error.ts';
import {
  classifyAuction,
  decodeAuctionState,
  encodeAuctionState,
  newAuctionState,
  parseBarSpec,
  parseRowTicks,
  parseVenue,
  tickFromRecord,
} from '../../electron/shared/footprint/index.ts';

const rec = (chetime: string, extra: Partial<TradeRecord> = {}): TradeRecord => ({ chetime, price: '60000', cvolume: '10', cgubun: '+', ...extra });

test('bar specs parse or fail with a message naming the parameter', () => {
  assert.deepEqual(parseBarSpec('time:60'), { kind: 'time', size: 60 });
  assert.deepEqual(parseBarSpec('tick:500'), { kind: 'tick', size: 500 });
  assert.deepEqual(parseBarSpec('volume:10000'), { kind: 'volume', size: 10_000 });
  assert.deepEqual(parseBarSpec('range:10'), { kind: 'range', size: 10 });
  for (const bad of ['', 'time', 'time:', 'time:0', 'time:7', 'time:-60', 'time:1.5', 'minute:1', 'tick:1000001', 'range:1001', ' time:60', `tick:${'9'.repeat(40)}`]) {
    assert.throws(() => parseBarSpec(bad), (e: unknown) => e instanceof ParamError && /^bar /.test(e.message), bad);
  }
  assert.equal(parseRowTicks('5'), 5);
  for (const bad of ['3', '05', '', '1.0', 'x']) assert.throws(() => parseRowTicks(bad), ParamError, bad);
  assert.equal(parseVenue('NXT'), 'NXT');
  for (const bad of ['krx', 'ALL', '']) assert.throws(() => parseVenue(bad), ParamError, bad);
});

test('tickIndex measures distance in ladder ticks across band edges', () => {
  assert.equal(tickIndex(50_100) - tickIndex(49_950), 2);
  assert.equal(tickIndex(2_010) - tickIndex(1_995), 5 + 2);
  assert.equal(tickIndex(99_350) - tickIndex(99_300), 0.5);
  assert.equal(tickIndex(500_000) - tickIndex(499_500), 1);
});

test('unchanged aggressor counts mark an auction fill, on any venue', () => {
  const s = newAuctionState();
  const at = (hms: string) => hmsToSeconds(hms);
  assert.equal(classifyAuction(s, at('100000'), 'NXT', 5, 3), false); // counts moved from 0/0
  assert.equal(classifyAuction(s, at('100001'), 'KRX', 6, 3), false); // buy count moved
  assert.equal(classifyAuction(s, at('100002'), 'KRX', 6, 3), true); // neither moved
  assert.equal(classifyAuction(s, at('100003'), 'NXT', 6, 3), true);
  assert.equal(classifyAuction(s, at('100004'), 'NXT', 6, 4), false);
});

test('KRX prints outside 09:00–15:20 are single-price; NXT ones are continuous', () => {
  const s = newAuctionState();
  const at = (hms: string) => hmsToSeconds(hms);
  assert.equal(classifyAuction(s, at('083500'), 'KRX', -1, -1), true); // pre-open after-hours close
  assert.equal(classifyAuction(s, at('083501'), 'NXT', -1, -1), false); // NXT pre-market
  assert.equal(classifyAuction(s, at('152000'), 'KRX', -1, -1), true);
  assert.equal(classifyAuction(s, at('153000'), 'KRX', 10, 10), true); // closing cross, counts moved
  assert.equal(classifyAuction(s, at('153001'), 'NXT', 11, 10), false); // NXT after-market
  assert.equal(classifyAuction(s, at('161000'), 'KRX', 12, 10), true); // 시간외 단일가
  assert.equal(classifyAuction(s, at('151959'), 'KRX', 13, 10), false);
});

test('the opening cross is the first KRX print of 09:00:00–09:00:59 when no counts say otherwise', () => {
  const s = newAuctionState();
  const at = (hms: string) => hmsToSeconds(hms);
  assert.equal(classifyAuction(s, at('085000'), 'NXT', -1, -1), false);
  assert.equal(classifyAuction(s, at('090000'), 'NXT', -1, -1), false);
  assert.equal(classifyAuction(s, at('090012'), 'KRX', -1, -1), true);
  assert.equal(classifyAuction(s, at('090012'), 'KRX', -1, -1), false);
  // A recording that starts mid-morning does not call its first KRX print an auction.
  assert.equal(classifyAuction(newAuctionState(), at('101125'), 'KRX', -1, -1), false);
  // Counts that moved overrule the opening rule.
  assert.equal(classifyAuction(newAuctionState(), at('090000'), 'KRX', 1, 0), false);
});

test('old-collector records (no venue, no counts) are never auctions', () => {
  const s = newAuctionState();
  for (const t of ['083000', '090000', '090001', '153000', '170000']) {
    assert.equal(tickFromRecord(rec(t), s).auction, false, t);
  }
});

test('tickFromRecord converts strings and uses counts only when both are present', () => {
  const s = newAuctionState();
  assert.deepEqual(tickFromRecord(rec('101125', { price: '99350', cvolume: '7', cgubun: '-', exchname: 'NXT', mschecnt: '0' }), s), {
    time: 36_685,
    price: 99_350,
    qty: 7,
    side: -1,
    venue: 'NXT',
    auction: false,
  });
  assert.equal(tickFromRecord(rec('101126', { exchname: 'KRX', mschecnt: '0', mdchecnt: '0' }), s).auction, true);
});

test('auction state survives the X-Footprint-State header', () => {
  const s = { ms: 12_345, md: 678, opened: true };
  assert.deepEqual(decodeAuctionState(encodeAuctionState(s)), s);
  assert.deepEqual(decodeAuctionState(encodeAuctionState(newAuctionState())), newAuctionState());
  for (const bad of ['', '1,2', '1,2,3', 'a,b,1', '-1,0,0']) assert.equal(decodeAuctionState(bad), null, bad);
});
