import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../electron/log.ts';
import { secondsToHms } from '../../electron/shared/kst.ts';
import { formatRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import {
  FootprintBuilder,
  decodeAuctionState,
  parseBarSpec,
  tickFromRecord,
  type FootprintBar,
  type VenueFilter,
} from '../../electron/shared/footprint/index.ts';
import { createFootprintService, MAX_BARS, type FootprintService } from '../../electron/server/footprint-service.ts';
import { ParamError } from '../../electron/shared/param-error.ts';

const TODAY = '20251127';
const CODE = '035720';
const REAL = path.resolve(import.meta.dirname, '../../../../shared/data/real');

const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A day file written the way the store writes it, with the store's view of seq and bytes. */
class FakeStore {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-svc-'));
  constructor() {
    tmpDirs.push(this.dir);
  }
  seq = 0;
  bytes = 0;
  /** The day file's epoch (a fill's merge bumps it). */
  epoch = 0;
  readonly records: TradeRecord[] = [];
  file(code = CODE, date = TODAY): string {
    return path.join(this.dir, `raw_data_${code}_${date}.txt`);
  }
  append(r: TradeRecord, service?: FootprintService): void {
    const line = formatRecordLine(r);
    fs.appendFileSync(this.file(), line);
    this.bytes += Buffer.byteLength(line);
    this.records.push(r);
    this.seq++;
    service?.onTrade(CODE, TODAY, this.seq, r);
  }
}

/** A session's worth of US3-like records: both venues, moving counts, auction fills and KRX single-price windows. */
function* session(seed: number): Generator<TradeRecord> {
  let a = seed;
  const rnd = () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
  let ms = 0;
  let md = 0;
  let price = 60_000;
  let time = 8 * 3600 + 30 * 60;
  let volume = 0;
  for (;;) {
    time += rnd() < 0.4 ? Math.floor(rnd() * 40) : 0;
    if (time > 16 * 3600 + 20 * 60) return;
    price = Math.max(59_000, Math.min(61_000, price + (Math.floor(rnd() * 3) - 1) * 100));
    const nxt = rnd() < 0.3;
    const auction = !nxt && rnd() < 0.03;
    const buy = rnd() < 0.5;
    if (!auction) {
      if (buy) ms++;
      else md++;
    }
    const qty = 1 + Math.floor(rnd() * 300);
    volume += qty;
    yield {
      chetime: secondsToHms(time),
      price: String(rnd() < 0.05 ? price + 50 : price),
      cvolume: String(qty),
      cgubun: buy ? '+' : '-',
      exchname: nxt ? 'NXT' : 'KRX',
      volume: String(volume),
      mschecnt: String(ms),
      mdchecnt: String(md),
    };
  }
}

function recordingLogger(): { log: ReturnType<typeof createLogger>; builds: () => number } {
  const lines: string[] = [];
  return { log: createLogger('debug', (l) => lines.push(l)), builds: () => lines.filter((l) => l.includes('"footprint built"')).length };
}

function serviceFor(store: FakeStore, log = recordingLogger().log, extra: { maxEntries?: number } = {}): FootprintService {
  return createFootprintService({ dataDir: () => store.dir, snapshot: () => ({ seq: store.seq, bytes: store.bytes }), epoch: () => store.epoch, log, ...extra });
}

test('bad parameters are refused with ParamError naming the parameter', async () => {
  const store = new FakeStore();
  const svc = serviceFor(store);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{}, /code is required/],
    [{ code: '../etc' }, /invalid code/],
    [{ code: ['005930', '000660'] }, /^code is repeated$/],
    [{ code: CODE, bar: ['time:60', 'tick:5'] }, /^bar is repeated$/],
    [{ code: CODE, date: '20251332' }, /invalid date/],
    [{ code: CODE, date: '2025-11-26' }, /invalid date/],
    [{ code: CODE, bar: 'time:7' }, /bar time:7 must divide a day/],
    [{ code: CODE, bar: 'minute:1' }, /^bar must be/],
    [{ code: CODE, bar: { kind: 'time' } }, /bar must be a plain value/],
    [{ code: CODE, row: '3' }, /row must be one of 1, 2, 5, 10/],
    [{ code: CODE, venue: 'krx' }, /venue must be all, KRX or NXT/],
  ];
  for (const [q, re] of cases) {
    await assert.rejects(svc.query(q, TODAY), (e: unknown) => e instanceof ParamError && re.test(e.message), JSON.stringify(q));
  }
});

test('a past day: totals of the real file, served from the cache until the file changes', async () => {
  const store = new FakeStore();
  fs.copyFileSync(path.join(REAL, 'raw_data_035720_20251126.txt'), store.file(CODE, '20251126'));
  const rec = recordingLogger();
  const svc = serviceFor(store, rec.log);
  const q = { code: CODE, date: '20251126', bar: 'time:60', row: '2' };
  const a = await svc.query(q, TODAY);
  const bars = JSON.parse(a.body) as FootprintBar[];
  assert.equal(a.lastSeq, 23_434);
  const sum = (f: (b: FootprintBar) => number) => bars.reduce((s, b) => s + f(b), 0);
  assert.equal(sum((b) => b.trades), 23_434);
  assert.equal(sum((b) => b.buy), 931_598);
  assert.equal(sum((b) => b.sell), 641_448);
  assert.equal(sum((b) => b.volume), 931_598 + 641_448);
  assert.equal(bars[bars.length - 1]!.cvd, 931_598 - 641_448);
  assert.equal(bars[0]!.start, '101125');
  assert.equal(bars[0]!.time, Date.UTC(2025, 10, 26, 1, 11, 0) / 1000);
  assert.equal((await svc.query(q, TODAY)).body, a.body);
  assert.equal(rec.builds(), 1, 'the second query came from the cache');
  // Other settings are other entries; venue views of an old file hold nothing.
  const krx = await svc.query({ ...q, venue: 'KRX' }, TODAY);
  assert.equal(krx.body, '[]');
  assert.equal(rec.builds(), 2);
  // ...and say why: the file has trades, recorded without venue.
  assert.equal(a.empty, null);
  const lastPrice = bars[bars.length - 1]!.close;
  assert.deepEqual(krx.empty, { reason: 'no_venue_data', trades: 23_434, last_price: lastPrice });
  fs.appendFileSync(store.file(CODE, '20251126'), '{"chetime": "135702", "price": "60000", "cvolume": "5", "cgubun": "+"}\n');
  const b = await svc.query(q, TODAY);
  assert.equal(b.lastSeq, 23_435);
  assert.equal(rec.builds(), 3, 'a changed file is read again');
  // No file: no bars.
  assert.deepEqual(await svc.query({ code: '000660', date: '20251126' }, TODAY), {
    body: '[]',
    lastSeq: 0,
    state: '0,0,0',
    empty: { reason: 'no_trades', trades: 0, last_price: null },
    epoch: 0,
  });
});

test('real files: every bar kind and row size conserves the recorded trades and volumes', async () => {
  const store = new FakeStore();
  const svc = serviceFor(store);
  for (const [code, date, lines, buy, sell] of [
    ['005930', '20251125', 309, 24_557, 10_394],
    ['035720', '20251126', 23_434, 931_598, 641_448],
  ] as const) {
    fs.copyFileSync(path.join(REAL, `raw_data_${code}_${date}.txt`), store.file(code, date));
    for (const bar of ['time:60', 'time:1', 'tick:500', 'volume:10000', 'range:10']) {
      for (const row of ['1', '2', '5', '10']) {
        const a = await svc.query({ code, date, bar, row }, TODAY);
        const bars = JSON.parse(a.body) as FootprintBar[];
        const cells = bars.flatMap((b) => b.rows);
        const at = `${code} ${bar} row ${row}`;
        assert.equal(a.lastSeq, lines, at);
        assert.equal(bars.reduce((s, b) => s + b.trades, 0), lines, at);
        assert.equal(cells.reduce((s, r) => s + r.trades, 0), lines, at);
        assert.equal(cells.reduce((s, r) => s + r.buy, 0), buy, at);
        assert.equal(cells.reduce((s, r) => s + r.sell, 0), sell, at);
        assert.equal(cells.reduce((s, r) => s + r.auction, 0), 0, `${at}: old files carry no auction evidence`);
        assert.equal(bars.reduce((s, b) => s + b.volume, 0), buy + sell, at);
        for (let i = 1; i < bars.length; i++) assert.ok(bars[i]!.time > bars[i - 1]!.time, at);
      }
    }
  }
});

const SETTINGS: { bar: string; row: string; venue: VenueFilter }[] = [
  { bar: 'time:60', row: '1', venue: 'all' },
  { bar: 'tick:50', row: '2', venue: 'KRX' },
  { bar: 'volume:3000', row: '1', venue: 'NXT' },
  { bar: 'range:5', row: '5', venue: 'all' },
];

test("today's cached entries fold stored trades and equal a fresh computation at every point", async () => {
  const store = new FakeStore();
  const rec = recordingLogger();
  const svc = serviceFor(store, rec.log);
  const gen = session(7);
  let n = 0;
  for (; n < 300; n++) store.append(gen.next().value as TradeRecord, svc);
  for (const s of SETTINGS) await svc.query({ code: CODE, ...s }, TODAY);
  const builtBefore = rec.builds();
  let checks = 0;
  for (const r of gen) {
    store.append(r, svc);
    n++;
    if (n % 97 !== 0) continue;
    for (const s of SETTINGS) {
      const cached = await svc.query({ code: CODE, ...s }, TODAY);
      const fresh = await serviceFor(store).query({ code: CODE, ...s }, TODAY);
      assert.deepEqual(cached, fresh, `${JSON.stringify(s)} after ${n}`);
      assert.equal(cached.lastSeq, n);
      checks++;
    }
  }
  assert.ok(checks > 20 && n > 2000, `${checks} checks over ${n} trades`);
  assert.equal(rec.builds(), builtBefore, 'no query read the file again');
  const bars = JSON.parse((await svc.query({ code: CODE }, TODAY)).body) as FootprintBar[];
  assert.ok(bars.some((b) => b.auction > 0), 'the session has auction prints');
});

test("today's answer that live trades fold past MAX_BARS is refused like a fresh one, not grown", async () => {
  const store = new FakeStore();
  const svc = serviceFor(store);
  const trade = (i: number): TradeRecord => ({ chetime: secondsToHms(9 * 3600 + Math.floor(i / 4)), price: String(60_000 + (i % 5) * 100), cvolume: '1', cgubun: i % 2 ? '+' : '-', exchname: 'KRX', volume: String(i + 1) });
  for (let i = 0; i < MAX_BARS; i++) store.append(trade(i), svc);
  const at = await svc.query({ code: CODE, bar: 'tick:1' }, TODAY);
  assert.equal((JSON.parse(at.body) as unknown[]).length, MAX_BARS, 'exactly MAX_BARS bars are answered');
  store.append(trade(MAX_BARS), svc);
  await assert.rejects(svc.query({ code: CODE, bar: 'tick:1' }, TODAY), (e: unknown) => e instanceof ParamError && /more than 20,000 bars/.test(e.message));
  await assert.rejects(serviceFor(store).query({ code: CODE, bar: 'tick:1' }, TODAY), ParamError);
  assert.equal((await svc.query({ code: CODE, bar: 'tick:2' }, TODAY)).lastSeq, MAX_BARS + 1, 'a coarser bar is answered');
});

test('trades stored while the file is being read are folded in, none twice', async () => {
  const store = new FakeStore();
  const svc = serviceFor(store);
  const gen = session(11);
  for (let i = 0; i < 500; i++) store.append(gen.next().value as TradeRecord, svc);
  const pending = svc.query({ code: CODE, bar: 'tick:20' }, TODAY);
  for (let i = 0; i < 40; i++) store.append(gen.next().value as TradeRecord, svc);
  const a = await pending;
  assert.equal(a.lastSeq, 540);
  assert.deepEqual(a, await serviceFor(store).query({ code: CODE, bar: 'tick:20' }, TODAY));
  for (let i = 0; i < 40; i++) store.append(gen.next().value as TradeRecord, svc);
  assert.deepEqual(await svc.query({ code: CODE, bar: 'tick:20' }, TODAY), await serviceFor(store).query({ code: CODE, bar: 'tick:20' }, TODAY));
});

test('a page resuming the answer with live trades equals a fresh answer (the history/live seam)', async () => {
  const store = new FakeStore();
  const svc = serviceFor(store);
  const gen = session(3);
  for (let i = 0; i < 700; i++) store.append(gen.next().value as TradeRecord, svc);
  for (const s of SETTINGS) {
    const answer = await svc.query({ code: CODE, ...s }, TODAY);
    const opts = { bar: parseBarSpec(s.bar), rowTicks: Number(s.row), venue: s.venue, date: TODAY };
    const page = FootprintBuilder.resume(opts, JSON.parse(answer.body) as FootprintBar[]);
    const state = decodeAuctionState(answer.state);
    assert.ok(state !== null);
    const startAt = store.seq;
    // The first live print is an auction fill: only the carried state can tell (its counts equal the last history print's).
    const last = store.records[store.records.length - 1]!;
    store.append({ ...last, cvolume: '777', exchname: 'KRX' }, svc);
    for (let i = 0; i < 600; i++) store.append(gen.next().value as TradeRecord, svc);
    for (const [i, r] of store.records.entries()) if (i + 1 > answer.lastSeq) page.add(tickFromRecord(r, state));
    assert.ok(store.seq > startAt);
    const fresh = await serviceFor(store).query({ code: CODE, ...s }, TODAY);
    assert.equal(JSON.stringify(page.bars()), fresh.body, JSON.stringify(s));
  }
});

test('a missed trade makes the next query read the file again, still exact', async () => {
  const store = new FakeStore();
  const rec = recordingLogger();
  const svc = serviceFor(store, rec.log);
  const gen = session(5);
  for (let i = 0; i < 100; i++) store.append(gen.next().value as TradeRecord, svc);
  await svc.query({ code: CODE }, TODAY);
  store.append(gen.next().value as TradeRecord); // stored, but the service never hears of it
  store.append(gen.next().value as TradeRecord, svc);
  const a = await svc.query({ code: CODE }, TODAY);
  assert.equal(a.lastSeq, 102);
  assert.equal(rec.builds(), 2);
  assert.deepEqual(a, await serviceFor(store).query({ code: CODE }, TODAY));
});

test('a merge (new epoch) makes the cached bars stale even when the line count matches; the answer carries the epoch read', async () => {
  const store = new FakeStore();
  const rec = recordingLogger();
  const svc = serviceFor(store, rec.log);
  const gen = session(9);
  for (let i = 0; i < 100; i++) store.append(gen.next().value as TradeRecord, svc);
  const a = await svc.query({ code: CODE }, TODAY);
  assert.equal(a.epoch, 0);
  // The file replaced by a merge behind the service's back: same count, other content.
  const merged = store.records.map((r) => ({ ...r, price: String(Number(r.price) + 1000) }));
  fs.writeFileSync(store.file(), merged.map(formatRecordLine).join(''));
  store.bytes = fs.statSync(store.file()).size;
  store.epoch = 1;
  const b = await svc.query({ code: CODE }, TODAY);
  assert.equal(b.epoch, 1);
  assert.equal(rec.builds(), 2, 'read again');
  assert.deepEqual(b, await serviceFor(store).query({ code: CODE }, TODAY));
  assert.notEqual(b.body, a.body);
});

test('the cache is bounded: the least recently used entry is dropped', async () => {
  const store = new FakeStore();
  const gen = session(9);
  for (let i = 0; i < 200; i++) store.append(gen.next().value as TradeRecord);
  const rec = recordingLogger();
  const svc = serviceFor(store, rec.log, { maxEntries: 2 });
  const q = (bar: string) => svc.query({ code: CODE, bar }, TODAY);
  await q('time:60');
  await q('time:300');
  await q('time:60'); // cached, now most recent
  assert.equal(rec.builds(), 2);
  await q('tick:10'); // evicts time:300
  await q('time:60');
  assert.equal(rec.builds(), 3);
  await q('time:300');
  assert.equal(rec.builds(), 4);
});
