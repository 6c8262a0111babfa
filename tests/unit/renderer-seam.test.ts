import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveTrade } from '../../electron/shared/trade.ts';
import { Seam, type LiveBars } from '../../renderer/src/data/seam.ts';

const CODE = '005930';
const DATE = '20251125';

function trade(seq: number, code = CODE, date = DATE, epoch = 0): LiveTrade {
  return { chetime: '090000', price: String(100_000 + seq), cvolume: '1', cgubun: '+', exchname: 'KRX', code, date, seq, epoch };
}

/** Bars that record the seqs they were given, in order. */
function recorder(): LiveBars<number> & { folded: number[] } {
  const folded: number[] = [];
  return { folded, add: (t) => folded.push(t.seq), bars: () => folded };
}

test('before the load, trades of this chart are buffered and others are foreign', () => {
  const seam = new Seam<number>(CODE, DATE);
  assert.equal(seam.loaded, false);
  assert.equal(seam.offer(trade(5)), 'buffered');
  assert.equal(seam.offer(trade(6, '000660')), 'foreign');
  assert.equal(seam.offer(trade(7, CODE, '20251126')), 'foreign');
  assert.deepEqual(seam.bars(), []);
});

test('load drops buffered trades at or below X-Last-Seq and folds the rest in order', () => {
  const seam = new Seam<number>(CODE, DATE);
  for (const s of [8, 9, 10, 11, 12]) assert.equal(seam.offer(trade(s)), 'buffered');
  const bars = recorder();
  assert.equal(seam.load(bars, 10, 0), 'applied');
  assert.deepEqual(bars.folded, [11, 12]);
  assert.equal(seam.loaded, true);
  assert.equal(seam.lastSeq, 12);
  assert.deepEqual(seam.bars(), [11, 12]);
});

test('after the load, live trades apply once each; doubles are ignored, foreign ones too', () => {
  const seam = new Seam<number>(CODE, DATE);
  const bars = recorder();
  assert.equal(seam.load(bars, 3, 0), 'applied');
  assert.equal(seam.offer(trade(2)), 'duplicate');
  assert.equal(seam.offer(trade(3)), 'duplicate');
  assert.equal(seam.offer(trade(4)), 'applied');
  assert.equal(seam.offer(trade(4)), 'duplicate');
  assert.equal(seam.offer(trade(5, '000660')), 'foreign');
  assert.equal(seam.offer(trade(5, CODE, '20251126')), 'foreign');
  assert.equal(seam.offer(trade(5)), 'applied');
  assert.deepEqual(bars.folded, [4, 5]);
  assert.equal(seam.lastSeq, 5);
});

test('a skipped seq in the buffer asks for a reload and folds nothing past it', () => {
  const seam = new Seam<number>(CODE, DATE);
  for (const s of [6, 7, 9]) seam.offer(trade(s));
  const bars = recorder();
  assert.equal(seam.load(bars, 5, 0), 'gap');
  assert.deepEqual(bars.folded, [6, 7]);
});

test('a buffer that starts after X-Last-Seq + 1 is a gap (trades between were missed)', () => {
  const seam = new Seam<number>(CODE, DATE);
  seam.offer(trade(12));
  const bars = recorder();
  assert.equal(seam.load(bars, 10, 0), 'gap');
  assert.deepEqual(bars.folded, []);
});

test('a skipped seq after the load is a gap and is not folded', () => {
  const seam = new Seam<number>(CODE, DATE);
  const bars = recorder();
  seam.load(bars, 0, 0);
  assert.equal(seam.offer(trade(1)), 'applied');
  assert.equal(seam.offer(trade(3)), 'gap');
  assert.deepEqual(bars.folded, [1]);
  assert.equal(seam.lastSeq, 1);
});

test('an empty buffer loads cleanly and live trades continue from X-Last-Seq', () => {
  const seam = new Seam<number>(CODE, DATE);
  const bars = recorder();
  assert.equal(seam.load(bars, 300_000, 0), 'applied');
  assert.equal(seam.lastSeq, 300_000);
  assert.equal(seam.offer(trade(300_001)), 'applied');
  assert.deepEqual(bars.folded, [300_001]);
});

test('a buffer that overflows while the bars load is a gap (the load restarts)', () => {
  const seam = new Seam<number>(CODE, DATE);
  let seq = 1;
  while (seam.offer(trade(seq)) === 'buffered') seq++;
  assert.equal(seq, 200_001);
  assert.equal(seam.offer(trade(seq + 1)), 'gap');
});

test('a live trade of a later epoch than the bars asks for a reload and is not folded', () => {
  const seam = new Seam<number>(CODE, DATE);
  const bars = recorder();
  assert.equal(seam.load(bars, 10, 1), 'applied');
  assert.equal(seam.loadedEpoch, 1);
  assert.equal(seam.offer(trade(11, CODE, DATE, 1)), 'applied');
  // The merge inserted lines: the next trade's seq is far ahead, but the epoch, not the seq, says why.
  assert.equal(seam.offer(trade(12, CODE, DATE, 2)), 'renumbered');
  assert.deepEqual(bars.folded, [11]);
  assert.equal(seam.lastSeq, 11);
});

test('a live trade of an earlier epoch than the bars is stale and ignored, whatever its seq', () => {
  const seam = new Seam<number>(CODE, DATE);
  const bars = recorder();
  assert.equal(seam.load(bars, 50, 2), 'applied');
  assert.equal(seam.offer(trade(51, CODE, DATE, 1)), 'stale');
  assert.equal(seam.offer(trade(60, CODE, DATE, 1)), 'stale');
  assert.equal(seam.offer(trade(51, CODE, DATE, 2)), 'applied');
  assert.deepEqual(bars.folded, [51]);
});

test('buffered trades: older epochs are dropped at the load, a later one makes the load ask for a reload', () => {
  const seam = new Seam<number>(CODE, DATE);
  // Written before the merge the bars were loaded after (their lines are in the loaded file).
  for (const s of [40, 41]) assert.equal(seam.offer(trade(s, CODE, DATE, 0)), 'buffered');
  for (const s of [61, 62]) assert.equal(seam.offer(trade(s, CODE, DATE, 1)), 'buffered');
  const bars = recorder();
  assert.equal(seam.load(bars, 60, 1), 'applied');
  assert.deepEqual(bars.folded, [61, 62]);

  const next = new Seam<number>(CODE, DATE);
  for (const s of [61, 62]) next.offer(trade(s, CODE, DATE, 1));
  // A merge after the bars were read: the fill frame may not have arrived yet.
  next.offer(trade(80, CODE, DATE, 2));
  const later = recorder();
  assert.equal(next.load(later, 60, 1), 'renumbered');
  assert.deepEqual(later.folded, [61, 62]);
});

test('a trade of another code or day is foreign whatever its epoch', () => {
  const seam = new Seam<number>(CODE, DATE);
  seam.load(recorder(), 5, 0);
  assert.equal(seam.offer(trade(6, '000660', DATE, 3)), 'foreign');
});
