// The Recorder alone (no server, no feed): its lifecycle, the straight path of a trade (written before
// it is sent, then folded, then counted), a gap written before its frame, the count of an earlier run,
// and the folder's lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRUST_AFTER } from '../../electron/collector/continuity.ts';
import { CLOSED, RUNNING, STARTING } from '../../electron/shared/lifecycle.ts';
import { Recorder, type RecorderDeps } from '../../electron/core/recorder.ts';
import { silentLogger } from '../../electron/log.ts';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { dayFilePath } from '../../electron/store/day-file.ts';
import { DirLockError } from '../../electron/store/dir-lock.ts';

const CODE = '005930';
const DAY = '20251126';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fp-recorder-'));
}

/** Prints of one code whose cumulative volume moves with each, received or not. */
function market(): { print(size: number): TradeRecord } {
  let volume = 0;
  let ms = 0;
  let sec = 9 * 3600;
  return {
    print(size) {
      volume += size;
      ms++;
      sec++;
      const hms = [Math.floor(sec / 3600), Math.floor(sec / 60) % 60, sec % 60].map((n) => String(n).padStart(2, '0')).join('');
      return { chetime: hms, price: '99300', cvolume: String(size), cgubun: '+', exchname: 'KRX', volume: String(volume), mschecnt: String(ms), mdchecnt: '0' };
    },
  };
}

interface Seen {
  events: string[];
  frames: Array<Record<string, unknown>>;
}

function deps(dir: () => string, seen: Seen, codes: string[] = [CODE]): RecorderDeps {
  const lines = (): number => {
    try {
      return fs.readFileSync(dayFilePath(dir(), CODE, DAY), 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  return {
    log: silentLogger,
    broadcast: (data) => {
      const o = JSON.parse(data) as Record<string, unknown>;
      seen.frames.push(o);
      seen.events.push(o.type === 'gap' ? 'gap' : `send ${String(o.seq)} (lines on disk: ${lines()})`);
    },
    onTrade: (_code, _date, seq) => seen.events.push(`fold ${seq}`),
    today: () => DAY,
    codes: () => codes,
  };
}

test('a trade is written, then sent, then folded, then counted; only watched codes, only while running', async () => {
  const dir = tmpDir();
  const seen: Seen = { events: [], frames: [] };
  const codes = [CODE];
  const r = new Recorder(deps(() => dir, seen, codes), dir);
  const m = market();
  try {
    assert.equal(r.state, STARTING);
    r.trade(CODE, m.print(10));
    assert.deepEqual(seen.events, [], 'nothing is recorded before start');
    await r.start();
    assert.equal(r.state, RUNNING);
    r.trade(CODE, m.print(10));
    r.trade('000660', m.print(5));
    const second = m.print(7);
    r.trade(CODE, second);
    assert.deepEqual(seen.events, ['send 1 (lines on disk: 1)', 'fold 1', 'send 2 (lines on disk: 2)', 'fold 2']);
    assert.deepEqual(seen.frames[1], { ...second, code: CODE, date: DAY, seq: 2, epoch: 0 });
    const stats = r.codeStats([CODE, '000660'], DAY);
    assert.deepEqual(stats[CODE], { last_trade_time: '090004', last_price: '99300', trades_today: 2, gaps_today: 0, quarantined_today: 0, continuity: 'learning' });
    assert.equal(stats['000660']!.trades_today, 0);
    r.setCodes([]);
    r.trade(CODE, m.print(3));
    assert.equal(seen.events.length, 4, 'a code removed from the watchlist is no longer recorded');
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(r.state, CLOSED);
  r.trade(CODE, market().print(1));
  assert.equal(seen.events.length, 4, 'nothing after close');
});

/** A started Recorder in a fresh folder whose stream of CODE is trusted already (one print past TRUST_AFTER). */
async function trustedRecorder(): Promise<{ dir: string; seen: Seen; r: Recorder; m: ReturnType<typeof market> }> {
  const dir = tmpDir();
  const seen: Seen = { events: [], frames: [] };
  const r = new Recorder(deps(() => dir, seen), dir);
  await r.start();
  const m = market();
  for (let i = 0; i <= TRUST_AFTER; i++) r.trade(CODE, m.print(10));
  return { dir, seen, r, m };
}

test('a gap of a trusted stream is written beside the day file before its frame goes out', async () => {
  const { dir, seen, r, m } = await trustedRecorder();
  try {
    m.print(500); // never received
    r.trade(CODE, m.print(10));
    assert.equal(r.codeStats([CODE], DAY)[CODE]!.gaps_today, 1);
    await r.close(); // waits for the gap queue
    const gapFile = dayFilePath(dir, CODE, DAY).replace(/\.txt$/, '.gaps.txt');
    const written = fs.readFileSync(gapFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(written.length, 1);
    assert.equal(written[0]!.missed_volume, 500);
    const frame = seen.frames.find((f) => f.type === 'gap');
    assert.deepEqual(frame, { type: 'gap', code: CODE, date: DAY, ...written[0] });
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a trade no real print carries is quarantined: kept with its reason beside the day file, counted (across a restart), never written, sent or folded', async () => {
  const { dir, seen, r, m } = await trustedRecorder();
  try {
    const bad = { ...m.print(10), price: '0050000' };
    r.trade(CODE, bad);
    r.quarantine(CODE, { chetime: '999999', price: 1, cvolume: '-5', cgubun: '+' }, 'chetime "999999" is not a time of day');
    r.quarantine('000660', { chetime: '999999' }, 'not watched');
    r.trade(CODE, m.print(10));
    const stats = r.codeStats([CODE], DAY)[CODE]!;
    assert.deepEqual([stats.trades_today, stats.quarantined_today, stats.gaps_today, stats.continuity], [TRUST_AFTER + 2, 2, 0, 'trusted'], 'the quarantined volume is no gap');
    assert.ok(!seen.frames.some((f) => f.price === '0050000'), 'never sent');
    assert.deepEqual(seen.events.filter((e) => e.startsWith('fold')).length, TRUST_AFTER + 2, 'never folded');
    await r.close(); // waits for the quarantine file
    assert.ok(!fs.readFileSync(dayFilePath(dir, CODE, DAY), 'utf8').includes('0050000'), 'never in the day file');
    const side = fs.readFileSync(dayFilePath(dir, CODE, DAY).replace(/\.txt$/, '.quarantine.txt'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(side.map((e) => [e.reason, e.raw]), [
      ['price not a plain positive number of won: "0050000"', { ...bad }],
      ['chetime "999999" is not a time of day', { chetime: '999999', price: 1, cvolume: '-5', cgubun: '+' }],
    ]);
    assert.ok(!fs.existsSync(dayFilePath(dir, '000660', DAY).replace(/\.txt$/, '.quarantine.txt')), 'codes not watched are dropped');
    const again = new Recorder(deps(() => dir, seen), dir);
    await again.start();
    assert.equal(again.codeStats([CODE], DAY)[CODE]!.quarantined_today, 2, 'an earlier run counts');
    await again.close();
  } finally {
    await r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a new recorder counts what an earlier run recorded today; a second one on the folder is refused until the first closes', async () => {
  const dir = tmpDir();
  const m = market();
  try {
    const first = new Recorder(deps(() => dir, { events: [], frames: [] }), dir);
    await first.start();
    for (let i = 0; i < 3; i++) first.trade(CODE, m.print(10));
    assert.throws(() => new Recorder(deps(() => dir, { events: [], frames: [] }), dir), DirLockError);
    await first.close();

    const seen: Seen = { events: [], frames: [] };
    const second = new Recorder(deps(() => dir, seen), dir);
    await second.start();
    assert.deepEqual(second.codeStats([CODE], DAY)[CODE], { last_trade_time: '090003', last_price: '99300', trades_today: 3, gaps_today: 0, quarantined_today: 0, continuity: 'learning' });
    second.trade(CODE, m.print(10));
    assert.equal(seen.frames[0]!.seq, 4, 'seq continues the day file');
    await second.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a trade frame repeated (same cumulative volume) is recorded once, also across a restart; identical prints and old lines without volume are all kept', async () => {
  const dir = tmpDir();
  const m = market();
  try {
    const seen: Seen = { events: [], frames: [] };
    const first = new Recorder(deps(() => dir, seen), dir);
    await first.start();
    const a = m.print(10);
    const b = m.print(10); // the same second, price, size and side as a: a second print
    first.trade(CODE, a);
    first.trade(CODE, { ...a });
    first.trade(CODE, b);
    first.trade(CODE, { ...b });
    const legacy = { chetime: '090500', price: '99300', cvolume: '5', cgubun: '+' } as const;
    first.trade(CODE, { ...legacy });
    first.trade(CODE, { ...legacy });
    const c = m.print(3);
    first.trade(CODE, c);
    assert.equal(first.repeats(), 2);
    await first.close();

    const second = new Recorder(deps(() => dir, seen), dir);
    await second.start();
    second.trade(CODE, { ...c }); // the broker repeats the last trade after the new subscribe
    second.trade(CODE, m.print(4));
    assert.equal(second.repeats(), 1);
    await second.close();
    const lines = fs.readFileSync(dayFilePath(dir, CODE, DAY), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TradeRecord);
    assert.deepEqual(lines.map((l) => l.volume), ['10', '20', undefined, undefined, '23', '27']);
    assert.deepEqual(seen.frames.filter((f) => f.type === undefined).map((f) => f.seq), [1, 2, 3, 4, 5, 6]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after the fill appended the day\'s tail, a late live print of it is not written again; later prints and other days are', async () => {
  const dir = tmpDir();
  const m = market();
  try {
    const seen: Seen = { events: [], frames: [] };
    const r = new Recorder(deps(() => dir, seen), dir);
    await r.start();
    // Another day's or another code's tail says nothing about this code today.
    r.filledTo(CODE, '20251125', 1_000_000);
    r.filledTo('000660', DAY, 1_000_000);
    const first = m.print(1);
    r.trade(CODE, first);
    // The fill appended the next two prints after the close; the feed delivers them late.
    const late = [m.print(10), m.print(4)];
    r.filledTo(CODE, DAY, Number(late[1].volume));
    for (const t of late) r.trade(CODE, t);
    const next = m.print(2);
    r.trade(CODE, next);
    assert.equal(r.repeats(), 2);
    await r.close();
    const lines = fs.readFileSync(dayFilePath(dir, CODE, DAY), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TradeRecord);
    assert.deepEqual(lines.map((l) => l.volume), [first.volume, next.volume]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a day file ending in the tail the fill appended keeps its fence across a restart: LS resending that print is not written again', async () => {
  const dir = tmpDir();
  const m = market();
  try {
    const live = m.print(5);
    // The fill appended the day's last print after the close: an auction fill, written with the stand-in side.
    const auction = { ...m.print(250), cgubun: '-' as const };
    fs.writeFileSync(dayFilePath(dir, CODE, DAY), formatRecordLine(live) + formatRecordLine({ ...auction, cgubun: '+', src: 'fill' }));
    const seen: Seen = { events: [], frames: [] };
    const r = new Recorder(deps(() => dir, seen), dir);
    await r.start();
    r.trade(CODE, auction); // LS resends its last frame on the new subscription, with the side it sent live
    const next = m.print(1);
    r.trade(CODE, next);
    assert.equal(r.repeats(), 1);
    await r.close();
    const lines = fs.readFileSync(dayFilePath(dir, CODE, DAY), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TradeRecord);
    assert.deepEqual(lines.map((l) => l.volume), [live.volume, auction.volume, next.volume]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('moveTo records into a reserved folder and releases the old one', async () => {
  const a = tmpDir();
  const b = tmpDir();
  let current = a;
  const seen: Seen = { events: [], frames: [] };
  const r = new Recorder(deps(() => current, seen), a);
  await r.start();
  const m = market();
  try {
    r.trade(CODE, m.print(10));
    const reservation = r.reserve(b);
    assert.throws(() => r.reserve(b), DirLockError, 'the reserved folder is taken');
    await r.moveTo(reservation);
    current = b;
    assert.equal(r.dir(), b);
    assert.equal(r.codeStats([CODE], DAY)[CODE]!.trades_today, 0, 'counters follow the folder');
    r.trade(CODE, m.print(10));
    assert.equal(seen.frames.at(-1)!.seq, 1);
    // The old folder is free again.
    const other = new Recorder(deps(() => a, { events: [], frames: [] }), a);
    await other.close();
  } finally {
    await r.close();
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
});

test('a failing disk: queued trades are sent only once written; an overflowing queue becomes one exact gap with cause store, and trust stands', async () => {
  const dir = tmpDir();
  const seen: Seen = { events: [], frames: [] };
  let failing = false;
  let alarms = 0;
  const io = {
    open: (p: string) => fs.openSync(p, 'a'),
    write(fd: number, buf: Buffer, offset: number, length: number): number {
      if (failing) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      return fs.writeSync(fd, buf, offset, length);
    },
  };
  const r = new Recorder({ ...deps(() => dir, seen), onStoreAlarm: () => alarms++, store: { io, maxPendingTotal: 3, retryIntervalMs: 60_000 } }, dir);
  const m = market();
  try {
    await r.start();
    for (let i = 0; i <= TRUST_AFTER; i++) r.trade(CODE, m.print(1));
    assert.equal(r.codeStats([CODE], DAY)[CODE]?.continuity, 'trusted');
    const sentBefore = seen.frames.length;
    failing = true;
    const queued = [m.print(2), m.print(3), m.print(4)];
    for (const t of queued) r.trade(CODE, t);
    assert.equal(seen.frames.length, sentBefore, 'nothing queued is sent');
    assert.deepEqual(r.storeAlarm()?.state, 'queueing');
    const refused = [m.print(5), m.print(6)];
    for (const t of refused) r.trade(CODE, t);
    assert.deepEqual(r.storeAlarm()?.state, 'overflowing');
    assert.equal(alarms, 2);
    failing = false;
    const next = m.print(7);
    r.trade(CODE, next);
    const sent = seen.frames.slice(sentBefore).filter((f) => f.type === undefined);
    assert.deepEqual(sent.map((f) => f.cvolume), ['2', '3', '4', '7'], 'queued trades in order, then the next');
    assert.deepEqual(sent.map((f) => f.seq), [TRUST_AFTER + 2, TRUST_AFTER + 3, TRUST_AFTER + 4, TRUST_AFTER + 5]);
    await r.close();
    const gaps = seen.frames.filter((f) => f.type === 'gap');
    assert.equal(gaps.length, 1, 'one gap, no second one from the volume jump');
    assert.deepEqual(
      { after: gaps[0]?.after, before: gaps[0]?.before, missed_volume: gaps[0]?.missed_volume, missed_trades: gaps[0]?.missed_trades, cause: gaps[0]?.cause },
      { after: queued[2]?.chetime, before: next.chetime, missed_volume: 11, missed_trades: 2, cause: 'store' },
    );
    assert.equal(r.codeStats([CODE], DAY)[CODE]?.gaps_today, 1);
    assert.match(fs.readFileSync(dayFilePath(dir, CODE, DAY).replace(/\.txt$/, '.gaps.txt'), 'utf8'), /"cause":"store"/);
  } finally {
    await r.close();
  }
});

test('lastRecorded: the last trade taken today, the day file read for a code not yet seen, null for an empty day', async () => {
  const dir = tmpDir();
  const m = market();
  const other = '000660';
  try {
    const first = new Recorder(deps(() => dir, { events: [], frames: [] }, [CODE, other]), dir);
    await first.start();
    const prints = [m.print(10), m.print(20)];
    for (const p of prints) first.trade(CODE, p);
    assert.deepEqual(first.lastRecorded(CODE, DAY), prints[1]);
    assert.equal(first.lastRecorded(other, DAY), null);
    assert.equal(first.lastRecorded(CODE, '20251127'), null, 'another day has none');
    await first.close();

    // A later run that watched only the other code at start: the code's day file answers.
    const codes = [other];
    const second = new Recorder(deps(() => dir, { events: [], frames: [] }, codes), dir);
    await second.start();
    assert.deepEqual(second.lastRecorded(CODE, DAY), prints[1]);
    await second.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
