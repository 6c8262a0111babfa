import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDemoFeed } from '../../electron/collector/demo/demo-feed.ts';
import { DEMO_STOCKS } from '../../electron/collector/demo/names.ts';
import { DemoMarket } from '../../electron/collector/demo/market.ts';
import type { FeedStatus } from '../../electron/collector/feed.ts';
import { isOnTick, tickSize } from '../../electron/shared/tick-size.ts';
import { hmsToSeconds, isValidHms, kstTime } from '../../electron/shared/kst.ts';
import { toTradeRecord, type TradeRecord } from '../../electron/shared/trade.ts';
import { silentLogger } from '../../electron/log.ts';

const T0 = Date.UTC(2025, 10, 26, 0, 30, 0); // 09:30 KST
const CODES = ['005930', '035720', '000660', '123450'];
/** A trade recorded earlier today. */
const RECORDED: TradeRecord = { chetime: '092900', price: '51200', cvolume: '30', cgubun: '+', exchname: 'KRX', volume: '1234567', mschecnt: '4321', mdchecnt: '3210' };

function run(seed: number, codes: string[], ms: number, stepMs = 50): Array<{ code: string; record: TradeRecord }> {
  const m = new DemoMarket(seed);
  m.setCodes(codes, T0);
  const out: Array<{ code: string; record: TradeRecord }> = [];
  for (let t = T0; t <= T0 + ms; t += stepMs) out.push(...m.advance(t));
  return out;
}

test('the same seed and clock give the same trades; another seed does not', () => {
  const a = run(7, CODES, 600_000);
  assert.deepEqual(a, run(7, CODES, 600_000));
  assert.notDeepEqual(a.slice(0, 50), run(8, CODES, 600_000).slice(0, 50));
  // A code's stream does not depend on the other codes listed.
  const only = run(7, ['035720'], 600_000);
  assert.deepEqual(only, a.filter((t) => t.code === '035720'));
});

test('prints are valid records on the KRX tick ladder (or its mid-points) with both sides, both venues and exact cumulative counts', () => {
  const trades = run(3, CODES, 1_800_000);
  const perCode = new Map<string, { n: number; vol: number; buys: number; sells: number; mids: number; nxt: number; min: number; max: number; secs: Map<string, number> }>();
  for (const { code, record } of trades) {
    assert.deepEqual(toTradeRecord(record), record, 'a valid, complete trade record');
    assert.ok(isValidHms(record.chetime));
    const s = perCode.get(code) ?? { n: 0, vol: 0, buys: 0, sells: 0, mids: 0, nxt: 0, min: Infinity, max: 0, secs: new Map() };
    perCode.set(code, s);
    const price = Number(record.price);
    s.n++;
    s.vol += Number(record.cvolume);
    if (record.cgubun === '+') s.buys++;
    else s.sells++;
    if (record.exchname === 'NXT') s.nxt++;
    if (!isOnTick(price)) {
      s.mids++;
      assert.ok(isOnTick(price - tickSize(price) / 2), `${price} is a half-tick mid-point`);
    }
    s.min = Math.min(s.min, price);
    s.max = Math.max(s.max, price);
    s.secs.set(record.chetime, (s.secs.get(record.chetime) ?? 0) + 1);
    assert.equal(record.volume, String(s.vol));
    assert.equal(record.mschecnt, String(s.buys));
    assert.equal(record.mdchecnt, String(s.sells));
  }
  assert.deepEqual([...perCode.keys()].sort(), [...CODES].sort());
  for (const [code, s] of perCode) {
    assert.ok(s.buys > s.n * 0.2 && s.sells > s.n * 0.2, `${code}: both sides`);
    assert.ok(s.mids > 0 || tickSize(s.min) < 10, `${code}: some mid-point prints`);
    assert.ok(s.nxt > 0 && s.nxt < s.n / 2, `${code}: both venues`);
    assert.ok(s.max > s.min, `${code}: the price moves`);
    const perSecond = [...s.secs.values()];
    assert.ok(Math.max(...perSecond) >= 20, `${code}: bursts of tens per second`);
    assert.ok(perSecond.filter((n) => n <= 2).length > perSecond.length / 4, `${code}: quiet seconds`);
  }
  assert.ok(Math.abs(Number(trades.find((t) => t.code === '005930')?.record.price) - 99_300) < 2_000, 'known start price');
});

test('a long pause resumes at the present instead of replaying the gap', () => {
  const m = new DemoMarket(1);
  m.setCodes(['005930'], T0);
  m.advance(T0 + 1_000);
  assert.ok(m.advance(T0 + 3_600_000).length < 2_000);
});

/** A demo feed on a hand-driven clock, counting how often its timer has read the clock. */
function drivenFeed(seed: number, clock: { now: number }) {
  const reads = { n: 0 };
  const statuses: FeedStatus[] = [];
  const got: Array<{ code: string; record: TradeRecord }> = [];
  const feed = createDemoFeed(
    { seed, clock: () => (reads.n++, clock.now) },
    { trade: (code, record) => got.push({ code, record }), status: (s) => statuses.push(s) },
    silentLogger,
  );
  return { feed, reads, statuses, got };
}

/** Moves the clock one second and waits until every feed's timer has seen the new time. */
async function step(clock: { now: number }, feeds: Array<{ reads: { n: number } }>): Promise<void> {
  clock.now += 1_000;
  const before = feeds.map((f) => f.reads.n);
  while (feeds.some((f, i) => f.reads.n <= (before[i] as number))) await new Promise((r) => setTimeout(r, 5));
}

test('the feed reports demo/open, delivers trades on its timer deterministically, follows setCodes and stops on close', async () => {
  const clock = { now: T0 };
  const a = drivenFeed(5, clock);
  const b = drivenFeed(5, clock);
  assert.equal(a.feed.kind, 'demo');
  a.feed.start(['005930']);
  b.feed.start(['005930']);
  assert.equal(a.feed.status().kind, 'demo');
  assert.equal(a.feed.status().state, 'open');
  assert.equal(a.feed.status().date, '20251126');
  assert.equal(a.statuses.at(-1)?.state, 'open');
  for (let i = 0; i < 20; i++) await step(clock, [a, b]);
  assert.ok(a.got.length > 0);
  assert.deepEqual(a.got, b.got);
  // The same trades as the pure market asked at the same instants.
  const m = new DemoMarket(5);
  m.setCodes(['005930'], T0);
  const expected = [];
  for (let t = T0 + 1_000; t <= clock.now; t += 1_000) expected.push(...m.advance(t));
  assert.deepEqual(a.got, expected);
  assert.equal(a.got.at(-1)?.record.chetime, '093020');

  a.feed.setCodes(['035720']);
  a.got.length = 0;
  for (let i = 0; i < 20; i++) await step(clock, [a]);
  assert.ok(a.got.length > 0 && a.got.every((t) => t.code === '035720'));
  await a.feed.close();
  await b.feed.close();
  assert.equal(a.feed.status().state, 'stopped');
  assert.equal(a.statuses.at(-1)?.state, 'stopped');
  const readsAtClose = a.reads.n;
  a.got.length = 0;
  clock.now += 10_000;
  await new Promise((r) => setTimeout(r, 120));
  assert.equal(a.got.length, 0, 'no trade after close');
  assert.equal(a.reads.n, readsAtClose, 'timer stopped');
});

test('the demo stock table has Korean names for well-known codes', () => {
  assert.equal(DEMO_STOCKS['005930']?.name, '삼성전자');
  assert.equal(DEMO_STOCKS['035720']?.name, '카카오');
  assert.equal(DEMO_STOCKS['000660']?.name, 'SK하이닉스');
});

test('trade times and the feed date are KST whatever the host time zone', () => {
  const script = fileURLToPath(new URL('../../electron/collector/demo/demo-feed.js', import.meta.url));
  const at = Date.UTC(2025, 10, 25, 15, 30); // 00:30 KST on the 26th
  const code = `import(${JSON.stringify(script)}).then(async (d) => {
    let now = ${at}; const trades = [];
    const feed = d.createDemoFeed({ seed: 1, clock: () => now }, { trade: (c, r) => trades.push(r.chetime), status() {} }, { info() {}, warn() {}, error() {}, debug() {}, limited() {} });
    feed.start(['005930']);
    while (trades.length === 0) { now += 1000; await new Promise((r) => setTimeout(r, 60)); }
    await feed.close();
    console.log(feed.status().date, trades[0]);
  })`;
  for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
    const r = spawnSync(process.execPath, ['-e', code], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), /^20251126 0030\d\d$/, tz);
  }
});

test('a code with an empty day file starts with half an hour of simulated past, in time order, recorded quietly', async () => {
  const clock = { now: T0 };
  const got: Array<{ code: string; record: TradeRecord }> = [];
  const loud: string[] = [];
  const feed = createDemoFeed(
    { seed: 3, clock: () => clock.now, recorded: (code) => (code === '005930' ? null : RECORDED) },
    {
      trade: (code, record, quiet) => {
        got.push({ code, record });
        if (quiet !== true) loud.push(record.chetime);
      },
      status() {},
    },
    silentLogger,
  );
  feed.start(['005930', '035720']);
  // Delivered synchronously by start(), before the first timer tick.
  assert.ok(got.length > 100, `history trades: ${got.length}`);
  assert.deepEqual(loud, [], 'the simulated past is no live flood on /ws');
  assert.ok(got.every((t) => t.code === '005930'), 'only the code that asked for history');
  const times = got.map((t) => hmsToSeconds(t.record.chetime));
  const nowSec = hmsToSeconds(kstTime(T0));
  assert.ok(times[0]! >= nowSec - 30 * 60 && times.at(-1)! <= nowSec, 'within the last 30 minutes');
  assert.ok(times[0]! < nowSec - 25 * 60, 'reaching back about 30 minutes');
  assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!), 'non-decreasing times');
  got.length = 0;
  feed.setCodes(['005930', '035720', '000660']);
  assert.equal(got.length, 0, 'a code that needs no history starts at the present');
  await feed.close();
});

test('simulated history never reaches back across KST midnight', async () => {
  const at = Date.UTC(2025, 10, 25, 15, 10); // 00:10 KST on the 26th
  const times: string[] = [];
  const feed = createDemoFeed(
    { seed: 1, clock: () => at, recorded: () => null },
    { trade: (_code, record) => times.push(record.chetime), status() {} },
    silentLogger,
  );
  feed.start(['005930']);
  await feed.close();
  assert.ok(times.length > 0);
  assert.ok(times.every((t) => t <= '001000'), `no trade of the day before: ${times.find((t) => t > '001000')}`);
});

test('outside KRX continuous hours every demo print is on NXT, so none is a single-price fill', () => {
  const m = new DemoMarket(5);
  const night = Date.UTC(2025, 10, 26, 14, 44, 0); // 23:44 KST
  m.setCodes(CODES, night);
  const trades: Array<{ code: string; record: TradeRecord }> = [];
  for (let t = night; t <= night + 300_000; t += 50) trades.push(...m.advance(t));
  assert.ok(trades.length > 100);
  assert.deepEqual([...new Set(trades.map((t) => t.record.exchname))], ['NXT']);
  const day = run(5, CODES, 300_000);
  assert.deepEqual([...new Set(day.map((t) => t.record.exchname))].sort(), ['KRX', 'NXT'], 'during continuous trading both venues print');
});

test('a code with trades recorded today continues from the last one: its price level and exact cumulative counts', async () => {
  const clock = { now: T0 };
  const got: Array<{ code: string; record: TradeRecord }> = [];
  const asked: string[] = [];
  const feed = createDemoFeed(
    {
      seed: 3,
      clock: () => clock.now,
      recorded: (code, date) => {
        asked.push(`${code} ${date}`);
        return code === '005930' ? RECORDED : null;
      },
    },
    { trade: (code, record) => got.push({ code, record }), status() {} },
    silentLogger,
  );
  feed.start(['005930']);
  assert.equal(got.length, 0, 'no simulated past for a code already recorded');
  assert.deepEqual(asked, ['005930 20251126'], 'asked for the KST day of the clock');
  while (got.length < 40) {
    clock.now += 1_000;
    await new Promise((r) => setTimeout(r, 60));
  }
  await feed.close();
  const first = got[0]!.record;
  // Cumulative fields go on from the recorded trade exactly: volume = previous volume + cvolume.
  assert.equal(Number(first.volume), Number(RECORDED.volume) + Number(first.cvolume));
  assert.equal(Number(first.mschecnt) + Number(first.mdchecnt), Number(RECORDED.mschecnt) + Number(RECORDED.mdchecnt) + 1);
  assert.ok(Math.abs(Number(first.price) - Number(RECORDED.price)) <= 2 * tickSize(Number(RECORDED.price)), `first price ${first.price} within two ticks of ${RECORDED.price}`);
  let prev = RECORDED;
  for (const { record } of got) {
    assert.equal(Number(record.volume), Number(prev.volume) + Number(record.cvolume));
    prev = record;
  }
});

test('the pure market resumes with the book where the last trade printed: a sell at the bid, a buy at the ask', () => {
  for (const cgubun of ['+', '-'] as const) {
    const m = new DemoMarket(5);
    m.setCodes(['005930'], T0, () => ({ kind: 'resume', last: { ...RECORDED, cgubun } }));
    const trades: Array<{ code: string; record: TradeRecord }> = [];
    for (let t = T0; trades.length === 0; t += 1_000) trades.push(...m.advance(t));
    const first = trades[0]!.record;
    // 51,200 is on the 100-won ladder: a buy took the ask over a 51,100 bid; a sell hit a 51,200 bid.
    const bid = cgubun === '+' ? 51_100 : 51_200;
    assert.ok([bid, bid + 50, bid + 100].includes(Number(first.price)), `${cgubun}: ${first.price} is the bid, mid-point or ask`);
    assert.equal(Number(first.volume), Number(RECORDED.volume) + Number(first.cvolume));
  }
});
