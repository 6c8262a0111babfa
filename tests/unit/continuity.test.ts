// The missed-trade detector without sockets: when a stream earns trust, what it reports for each
// cause, and what never reports (a learning or unusable stream, a step back, old-format lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContinuityTracker, TRUST_AFTER, UNUSABLE_AFTER } from '../../electron/collector/continuity.ts';
import type { TradeRecord } from '../../electron/shared/trade.ts';

const CODE = '005930';
const DAY = '20251126';

/** A market for one code: its cumulative counters move with every print, received or not. */
class Market {
  volume = 0;
  ms = 0;
  md = 0;
  private sec = 9 * 3600;

  print(size: number, side: '+' | '-' = '+'): TradeRecord {
    this.volume += size;
    if (side === '+') this.ms++;
    else this.md++;
    this.sec++;
    const hms = [Math.floor(this.sec / 3600), Math.floor(this.sec / 60) % 60, this.sec % 60].map((n) => String(n).padStart(2, '0')).join('');
    return { chetime: hms, price: '99300', cvolume: String(size), cgubun: side, exchname: 'KRX', volume: String(this.volume), mschecnt: String(this.ms), mdchecnt: String(this.md) };
  }

  /** A print with no aggressor (an auction fill): volume moves, the counts do not. */
  auction(size: number): TradeRecord {
    const r = this.print(size);
    this.ms--;
    return { ...r, mschecnt: String(this.ms) };
  }
}

/** Feeds `n` prints; asserts none reports. Returns the last. */
function run(t: ContinuityTracker, m: Market, n: number): TradeRecord {
  let last: TradeRecord | null = null;
  for (let i = 0; i < n; i++) {
    last = m.print(10 + (i % 7));
    assert.equal(t.observe(CODE, DAY, last), null);
  }
  return last!;
}

function trusted(): { t: ContinuityTracker; m: Market } {
  const t = new ContinuityTracker();
  const m = new Market();
  run(t, m, TRUST_AFTER + 1);
  assert.equal(t.state(CODE, DAY), 'trusted');
  return { t, m };
}

test('a stream is learning until the identity held on TRUST_AFTER consecutive trades', () => {
  const t = new ContinuityTracker();
  const m = new Market();
  assert.equal(t.state(CODE, DAY), 'learning');
  // The first trade has nothing to compare with; then TRUST_AFTER - 1 matches are not enough.
  run(t, m, TRUST_AFTER);
  assert.equal(t.state(CODE, DAY), 'learning');
  run(t, m, 1);
  assert.equal(t.state(CODE, DAY), 'trusted');
  assert.equal(t.state(CODE, '20251127'), 'learning', 'another day is another stream');
});

test('a learning stream reports no jump, whatever its cause', () => {
  const t = new ContinuityTracker();
  const m = new Market();
  run(t, m, 5);
  m.print(500);
  assert.equal(t.observe(CODE, DAY, m.print(3)), null, 'feed');
  t.boundary('reconnect');
  m.print(500);
  assert.equal(t.observe(CODE, DAY, m.print(3)), null, 'reconnect');
});

test('reconnect: the jump across it is reported with the exact missed volume and trust stands', () => {
  const { t, m } = trusted();
  const before = run(t, m, 1);
  t.boundary('reconnect');
  m.print(1_000, '+');
  m.print(2_000, '-');
  m.print(300, '-');
  const after = m.print(7);
  assert.deepEqual(t.observe(CODE, DAY, after), {
    after: before.chetime,
    before: after.chetime,
    missed_volume: 3_300,
    missed_trades: 3,
    cause: 'reconnect',
  });
  assert.equal(t.state(CODE, DAY), 'trusted');
  // The boundary is crossed: a later live jump is the feed's.
  m.print(40);
  assert.equal(t.observe(CODE, DAY, m.print(1))?.cause, 'feed');
});

test('reconnect with nothing missed reports nothing; a boundary already pending keeps its cause', () => {
  const { t, m } = trusted();
  t.boundary('reconnect');
  assert.equal(t.observe(CODE, DAY, m.print(5)), null);
  assert.equal(t.state(CODE, DAY), 'trusted');

  const primed = new ContinuityTracker();
  const m2 = new Market();
  primed.prime(CODE, DAY, Array.from({ length: TRUST_AFTER + 1 }, () => m2.print(9)));
  primed.boundary('reconnect');
  m2.print(100);
  assert.equal(primed.observe(CODE, DAY, m2.print(1))?.cause, 'restart', 'a failed first connection after a restart is still the restart');
});

test('restart: trust earned from the recorded tail; the first trade is compared with the file\'s last line', () => {
  const t = new ContinuityTracker();
  const m = new Market();
  const tail = Array.from({ length: TRUST_AFTER + 1 }, (_, i) => m.print(20 + i));
  t.prime(CODE, DAY, tail);
  assert.equal(t.state(CODE, DAY), 'trusted');
  m.print(250);
  const first = m.print(4);
  assert.deepEqual(t.observe(CODE, DAY, first), {
    after: tail.at(-1)!.chetime,
    before: first.chetime,
    missed_volume: 250,
    missed_trades: 1,
    cause: 'restart',
  });
});

test('restart: a tail too short or with a step back cannot vouch for the stream; an earlier gap in it can', () => {
  const m = new Market();
  const short = new ContinuityTracker();
  short.prime(CODE, DAY, Array.from({ length: TRUST_AFTER }, () => m.print(5)));
  assert.equal(short.state(CODE, DAY), 'learning');
  m.print(99);
  assert.equal(short.observe(CODE, DAY, m.print(5)), null);

  const tail = Array.from({ length: TRUST_AFTER + 1 }, () => m.print(5));
  m.print(99);
  tail.push(m.print(5));
  const holed = new ContinuityTracker();
  holed.prime(CODE, DAY, tail);
  assert.equal(holed.state(CODE, DAY), 'trusted', 'a jump in the file is an earlier run\'s gap');

  const stepped = new ContinuityTracker();
  stepped.prime(CODE, DAY, [...tail, new Market().print(5)]);
  assert.equal(stepped.state(CODE, DAY), 'learning');
});

test('feed: a jump on a live connection is reported once, then trust must be earned again', () => {
  const { t, m } = trusted();
  m.print(70);
  const gap = t.observe(CODE, DAY, m.print(2));
  assert.equal(gap?.cause, 'feed');
  assert.equal(gap?.missed_volume, 70);
  assert.equal(t.state(CODE, DAY), 'learning');
  m.print(70);
  assert.equal(t.observe(CODE, DAY, m.print(2)), null, 'not trusted any more');
  run(t, m, TRUST_AFTER);
  assert.equal(t.state(CODE, DAY), 'trusted');
});

test('a stream whose identity keeps failing becomes unusable for the day and never reports', () => {
  // Separate KRX and NXT cumulatives on one stream: every venue switch breaks the identity.
  const t = new ContinuityTracker();
  const krx = new Market();
  const nxt = new Market();
  run(t, krx, TRUST_AFTER + 1);
  assert.equal(t.state(CODE, DAY), 'trusted');
  const reports = [];
  for (let i = 0; i < UNUSABLE_AFTER * 2; i++) {
    reports.push(t.observe(CODE, DAY, nxt.print(3)));
    reports.push(t.observe(CODE, DAY, krx.print(3)));
  }
  assert.equal(t.state(CODE, DAY), 'unusable');
  // KRX → NXT steps back (never reported); NXT → KRX jumps, but the stream was no longer trusted.
  assert.deepEqual(reports, Array(reports.length).fill(null));
  // Even a long run of matches and a reconnect jump afterwards stay quiet.
  for (let i = 0; i < TRUST_AFTER * 2; i++) t.observe(CODE, DAY, krx.print(3));
  t.boundary('reconnect');
  krx.print(500);
  assert.equal(t.observe(CODE, DAY, krx.print(3)), null);
  assert.equal(t.state(CODE, DAY), 'unusable');
  // A new day starts over.
  assert.equal(t.state(CODE, '20251127'), 'learning');
});

test('volume going backwards resets without reporting; only on a live connection is it a failure', () => {
  const { t } = trusted();
  const restarted = new Market();
  t.boundary('restart');
  assert.equal(t.observe(CODE, DAY, restarted.print(5)), null);
  assert.equal(t.state(CODE, DAY), 'learning');
  run(t, restarted, TRUST_AFTER);
  assert.equal(t.state(CODE, DAY), 'trusted');
  const behind = new Market();
  assert.equal(t.observe(CODE, DAY, behind.print(1)), null, 'a live step back');
  assert.equal(t.state(CODE, DAY), 'learning');
  assert.equal(t.observe(CODE, DAY, restarted.print(1)), null);
  assert.equal(t.state(CODE, DAY), 'learning', `${UNUSABLE_AFTER - 1} live failures: the step back across the restart did not count`);
  assert.equal(t.observe(CODE, DAY, behind.print(1)), null);
  assert.equal(t.state(CODE, DAY), 'unusable');
});

test('old-format lines (no volume) break the chain and never report', () => {
  const { t, m } = trusted();
  const { volume: _v, mschecnt: _ms, mdchecnt: _md, exchname: _x, ...old } = m.print(5);
  assert.equal(t.observe(CODE, DAY, old), null);
  assert.equal(t.state(CODE, DAY), 'learning');
  m.print(400);
  assert.equal(t.observe(CODE, DAY, m.print(5)), null, 'nothing to compare across an old-format line');
  const files = new ContinuityTracker();
  const plain = new Market();
  files.prime(CODE, DAY, Array.from({ length: 30 }, () => ({ chetime: '092619', price: '99300', cvolume: '100', cgubun: '-' as const })));
  assert.equal(files.state(CODE, DAY), 'learning');
  assert.equal(files.observe(CODE, DAY, plain.print(3)), null);
});

test('auction-style jumps: missed volume with no counted print is still one missed trade', () => {
  const { t, m } = trusted();
  t.boundary('reconnect');
  m.auction(40_000);
  const after = m.print(12);
  const gap = t.observe(CODE, DAY, after);
  assert.equal(gap?.missed_volume, 40_000);
  assert.equal(gap?.missed_trades, 1);
  // The trade after the gap is itself an auction fill: counts unchanged, yet something was missed.
  t.boundary('reconnect');
  m.print(8);
  const fill = m.auction(5_000);
  assert.deepEqual([t.observe(CODE, DAY, fill)?.missed_volume, t.state(CODE, DAY)], [8, 'trusted']);
  // Auction fills received in order keep the identity.
  assert.equal(t.observe(CODE, DAY, m.auction(700)), null);
  assert.equal(t.state(CODE, DAY), 'trusted');
});

test('trades without counts still report volume; missed_trades is then unknown', () => {
  const { t, m } = trusted();
  t.boundary('reconnect');
  m.print(60);
  const { mschecnt: _ms, mdchecnt: _md, ...noCounts } = m.print(1);
  assert.deepEqual(t.observe(CODE, DAY, noCounts)?.missed_trades, null);
});

test('a forgotten code starts over: trades skipped while it was off the watchlist are no gap', () => {
  const { t, m } = trusted();
  t.forget(CODE);
  m.print(900);
  assert.equal(t.observe(CODE, DAY, m.print(1)), null);
  assert.equal(t.state(CODE, DAY), 'learning');
});

test('a quarantined print: the next step holds it, reports nothing and costs no trust; later jumps still report', () => {
  const { t, m } = trusted();
  m.print(700); // received but quarantined: never observed
  t.quarantined(CODE);
  assert.equal(t.observe(CODE, DAY, m.print(5)), null);
  assert.equal(t.state(CODE, DAY), 'trusted');
  // A quarantined frame whose volume was not real: the next step matches exactly.
  t.quarantined(CODE);
  assert.equal(t.observe(CODE, DAY, m.print(5)), null);
  assert.equal(t.state(CODE, DAY), 'trusted');
  m.print(40);
  assert.equal(t.observe(CODE, DAY, m.print(1))?.missed_volume, 40, 'the chain resumed at the print after it');
  // A reconnect pending before the quarantined print keeps its cause.
  const fresh = trusted();
  fresh.t.boundary('reconnect');
  fresh.m.print(300);
  fresh.t.quarantined(CODE);
  assert.equal(fresh.t.observe(CODE, DAY, fresh.m.print(2))?.cause, 'reconnect');
});
