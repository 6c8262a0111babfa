// GET /api/bigprints on the real HTTP application and a real socket: the day file read through the one
// reader up to the snapshot (X-Last-Seq), the default threshold from the day's sizes, `min` and `venue`,
// the cap, 400 for bad parameters and the same guards as every /api/ read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../electron/log.ts';
import { createHttpApp } from '../../electron/server/http-app.ts';
import { createReadLimiter } from '../../electron/server/read-limit.ts';
import { bigPrintThreshold } from '../../electron/shared/big-prints.ts';
import { BIG_PRINTS_MAX, type BigPrintsAnswer } from '../../electron/shared/big-prints.ts';
import { countLines } from '../../electron/store/day-reader.ts';
import { dayFilePath } from '../../electron/store/day-file.ts';
import { scanBigPrints, ScanAborted } from '../../electron/store/big-print-scan.ts';

const CODE = '005930';
const DATE = '20251125';
const MANY = '000660';

interface Line {
  chetime: string;
  price: number;
  qty: number;
  side: '+' | '-';
  venue?: 'KRX' | 'NXT';
}

const record = (l: Line): string =>
  `{"chetime": "${l.chetime}", "price": "${l.price}", "cvolume": "${l.qty}", "cgubun": "${l.side}"${l.venue ? `, "exchname": "${l.venue}"` : ''}}\n`;

/** 300 prints of 1–30 shares at ₩100,000 (every venue and a legacy stretch), and four big ones. */
function day(): Line[] {
  const lines: Line[] = [];
  for (let i = 0; i < 300; i++) {
    const venue = i < 20 ? undefined : i % 3 === 0 ? 'NXT' : 'KRX';
    lines.push({ chetime: `09${String(10 + Math.floor(i / 60)).padStart(2, '0')}${String(i % 60).padStart(2, '0')}`, price: 100_000 + (i % 7) * 100, qty: 1 + (i % 30), side: i % 2 ? '+' : '-', venue });
  }
  const big = (at: number, qty: number, side: '+' | '-', venue: 'KRX' | 'NXT'): void => {
    lines[at] = { ...lines[at]!, qty, side, venue };
  };
  big(50, 900, '+', 'KRX');
  big(120, 2_500, '-', 'NXT');
  big(200, 1_000, '+', 'KRX');
  big(260, 40_000, '-', 'KRX');
  return lines;
}

let server: http.Server;
let base: string;
let dir: string;
const hosts = new Set<string>();

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bigprints-'));
  // A torn last line (a crash mid-write) is not a trade.
  await fs.writeFile(dayFilePath(dir, CODE, DATE), `${day().map(record).join('')}{"chetime": "153000", "price": "1`);
  const many = Array.from({ length: BIG_PRINTS_MAX + 50 }, (_, i) => record({ chetime: '100000', price: 5_000, qty: i === 7 ? 999_999 : 2_000 + (i % 100), side: '+', venue: 'KRX' }));
  await fs.writeFile(dayFilePath(dir, MANY, DATE), many.join(''));
  const snapshot = async (code: string, date: string): Promise<{ seq: number; bytes: number }> => {
    const file = dayFilePath(dir, code, date);
    const size = (await fs.stat(file).catch(() => null))?.size ?? 0;
    const c = await countLines(file, size);
    return { seq: c.lines, bytes: c.bytes };
  };
  const unused = (): never => {
    throw new Error('not used here');
  };
  const app = createHttpApp({
    log: silentLogger,
    hosts,
    page: { health: () => ({}), rendererDir: undefined },
    history: () => ({ dataDir: dir, snapshot, today: () => DATE, epoch: () => 0 }),
    footprint: { query: unused },
    today: () => DATE,
    stock: () => ({ stockInfo: unused, failureOf: () => null }),
    stockSearch: unused,
    watchlist: { codes: () => [], add: unused, remove: unused, setCodes: unused },
    readLimit: createReadLimiter({ running: 1, waiting: 1, retryAfterS: 1 }),
    routes: [],
  });
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  hosts.add(`127.0.0.1:${port}`);
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

async function get(query: string, headers: Record<string, string> = {}): Promise<{ status: number; lastSeq: string | null; body: unknown }> {
  const res = await fetch(`${base}/api/bigprints?${query}`, { headers });
  return { status: res.status, lastSeq: res.headers.get('x-last-seq'), body: await res.json() };
}

test('without min: the threshold comes from the day, and every print at or above it is listed in file order', async () => {
  const lines = day();
  const { status, lastSeq, body } = await get(`code=${CODE}&date=${DATE}`);
  assert.equal(status, 200);
  const a = body as BigPrintsAnswer;
  assert.equal(lastSeq, '300', 'the torn line is not counted');
  const expected = bigPrintThreshold(lines.map((l) => ({ qty: l.qty, price: l.price })));
  assert.equal(a.min, expected);
  assert.equal(a.min, 1_000);
  assert.deepEqual([a.auto, a.trades, a.venue, a.truncated], [true, 300, 'all', false]);
  assert.deepEqual(a.prints, [
    { seq: 121, nth: 121, chetime: lines[120]!.chetime, price: lines[120]!.price, qty: 2_500, side: '-', venue: 'NXT' },
    { seq: 201, nth: 201, chetime: lines[200]!.chetime, price: lines[200]!.price, qty: 1_000, side: '+', venue: 'KRX' },
    { seq: 261, nth: 261, chetime: lines[260]!.chetime, price: lines[260]!.price, qty: 40_000, side: '-', venue: 'KRX' },
  ]);
});

test('min and venue: nth counts the venue\'s trades only, as its footprint bars do', async () => {
  const lines = day();
  const a = (await get(`code=${CODE}&date=${DATE}&min=900&venue=KRX`)).body as BigPrintsAnswer;
  assert.deepEqual([a.min, a.auto, a.venue], [900, false, 'KRX']);
  const krx = lines.map((l, i) => ({ ...l, seq: i + 1 })).filter((l) => l.venue === 'KRX');
  assert.deepEqual(
    a.prints.map((p) => [p.seq, p.nth, p.qty]),
    krx.flatMap((l, k) => (l.qty >= 900 ? [[l.seq, k + 1, l.qty]] : [])),
  );
  assert.deepEqual(a.prints.map((p) => p.seq), [51, 201, 261]);
  const nxt = (await get(`code=${CODE}&date=${DATE}&min=1&venue=NXT`)).body as BigPrintsAnswer;
  assert.equal(nxt.prints.length, lines.filter((l) => l.venue === 'NXT').length, 'legacy lines belong to no venue');
  const all = (await get(`code=${CODE}&date=${DATE}&min=1`)).body as BigPrintsAnswer;
  assert.equal(all.prints.length, 300);
});

test('a day without a file has no prints, and no threshold to derive', async () => {
  const auto = await get(`code=${CODE}&date=20240102`);
  assert.equal(auto.lastSeq, '0');
  assert.deepEqual(auto.body, { code: CODE, date: '20240102', venue: 'all', min: null, auto: true, trades: 0, prints: [], truncated: false });
  assert.equal(((await get(`code=${CODE}&date=20240102&min=10`)).body as BigPrintsAnswer).min, 10);
});

test('beyond the cap the largest prints are kept, still in file order', async () => {
  const a = (await get(`code=${MANY}&date=${DATE}&min=2000`)).body as BigPrintsAnswer;
  assert.equal(a.truncated, true);
  assert.equal(a.prints.length, BIG_PRINTS_MAX);
  assert.equal(a.prints.some((p) => p.qty === 999_999), true);
  assert.ok(a.prints.every((p, i) => i === 0 || p.seq > a.prints[i - 1]!.seq));
  // 101 prints of exactly 2,000 shares, the smallest: the 50 too many are the latest of them.
  const smallest = a.prints.filter((p) => p.qty === 2_000).map((p) => p.seq);
  assert.deepEqual(smallest, Array.from({ length: 51 }, (_, k) => 1 + k * 100));
});

test('bad parameters are 400 with a reason; foreign pages are refused like every /api/ read', async () => {
  for (const q of ['', 'code=5930', `code=${CODE}&date=2025-11-25`, `code=${CODE}&min=0`, `code=${CODE}&min=abc`, `code=${CODE}&min=1&min=2`, `code=${CODE}&venue=KOSPI`, `code=${CODE}&min=2000000000`]) {
    const r = await get(q);
    assert.equal(r.status, 400, q);
    assert.equal(typeof (r.body as { error: unknown }).error, 'string', q);
  }
  assert.equal((await get(`code=${CODE}&date=${DATE}`, { origin: 'http://evil.example' })).status, 403);
});

test('a scan whose client went away stops reading', async () => {
  const gone = new AbortController();
  gone.abort();
  const file = dayFilePath(dir, CODE, DATE);
  await assert.rejects(scanBigPrints(file, (await fs.stat(file)).size, 'all', null, gone.signal), ScanAborted);
  // The file was closed: the same scan without the signal reads it whole.
  assert.equal((await scanBigPrints(file, (await fs.stat(file)).size, 'all', null)).trades, 300);
});
