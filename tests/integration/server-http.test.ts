// The HTTP/WS surface of the real serve process (demo feed): health and page, request guards
// (Host, Origin, CORS), 400 for every malformed parameter, history of a file with a torn tail, and
// the list of recorded days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocket } from 'ws';
import { REAL_005930 } from '../support/paths.ts';
import { startServe, tempSetup, until, wsCollector, type ServeProcess, demoEnv } from '../support/serve-process.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { secondsToHms } from '../../electron/shared/kst.ts';
import { MAX_BARS } from '../../electron/server/footprint-service.ts';
import { DEMO_STOCKS } from '../../electron/collector/demo/names.ts';

let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;
let port: number;
/** Not on the watchlist, so only the files written below exist for it. */
const OTHER_CODE = '0088K0';
const ONE_TRADE = '{"chetime": "090000", "price": "100", "cvolume": "1", "cgubun": "+"}\n';

/** A raw request, so Host and Origin can be forged (fetch will not send a foreign Host). */
function request(method: string, urlPath: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function wsOpens(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => {});
  });
}

async function watchlistCodes(): Promise<string[]> {
  return ((await (await fetch(`${serve.url}/api/watchlist`)).json()) as { watchlist: string[] }).watchlist;
}

before(async () => {
  setup = await tempSetup(['005930', '000660']);
  // A past day recorded earlier, whose last line a crash tore.
  const demoDir = path.join(setup.dataDir, 'demo');
  await fs.mkdir(demoDir);
  await fs.writeFile(path.join(demoDir, 'raw_data_005930_20251125.txt'), `${await fs.readFile(REAL_005930, 'utf8')}{"chetime": "153000", "price": "5`);
  // Two recorded days of a code the demo does not trade, among names that are no recorded day.
  await fs.copyFile(REAL_005930, path.join(demoDir, `raw_data_${OTHER_CODE}_20251121.txt`));
  await fs.writeFile(path.join(demoDir, `raw_data_${OTHER_CODE}_20251124.txt`), ONE_TRADE);
  for (const junk of [`raw_data_${OTHER_CODE}_20251124.txt.torn-1764115200000`, `raw_data_${OTHER_CODE}_20251332.txt`, 'notes.txt']) {
    await fs.writeFile(path.join(demoDir, junk), 'x');
  }
  serve = await startServe(demoEnv(setup));
  port = Number(new URL(serve.url).port);
});

after(async () => {
  const code = await serve?.stop();
  await setup?.cleanup();
  assert.equal(code, 0);
});

test('demo mode is labelled in the banner, GET / and every WS status frame', async () => {
  assert.match(serve.stdout(), /DEMO/);
  const res = await fetch(`${serve.url}/`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const h = (await res.json()) as Record<string, unknown>;
  for (const field of ['status', 'watchlist', 'connected_clients', 'ls_client_running', 'feed', 'connection', 'last_error', 'reconnects', 'codes', 'store', 'uptime_s']) {
    assert.ok(field in h, `GET / has ${field}`);
  }
  assert.equal(h.feed, 'demo');
  assert.equal(h.demo, true);
  // The old field's meaning: the collector runs, whatever the feed.
  assert.equal(h.ls_client_running, true);
  assert.equal(h.status, 'running');
  assert.match(String(h.message), /^데모 시세 실행 중 \(\d+개 종목, 실제 시세 아님\)$/);

  const ws = await wsCollector(serve.url);
  await until(() => ws.messages.length > 0, 'greeting');
  const first = ws.messages[0]!;
  assert.equal(first.type, 'status');
  assert.equal(first.demo, true);
  assert.equal(first.feed, 'demo');
  assert.match(String(first.message), /^데모 시세/, 'a status frame carries a Korean message');
  assert.ok(!('price' in first));
  // The demo market trades at once; its trades carry the old string fields plus date and seq.
  await until(() => ws.messages.some((m) => m.type === undefined), 'a demo trade');
  const trade = ws.messages.find((m) => m.type === undefined)!;
  for (const f of ['price', 'cvolume', 'cgubun', 'chetime', 'code', 'date']) assert.equal(typeof trade[f], 'string', f);
  assert.equal(typeof trade.seq, 'number');
  ws.close();
});

test('browsers asking for HTML get a page with a CSP; programs get JSON', async () => {
  const res = await fetch(`${serve.url}/`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*connect-src 'self' .*ws:\/\/127\.0\.0\.1:\d+/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(await res.text(), /<html/i);
});

test('a request naming a foreign Host is refused (DNS rebinding)', async () => {
  for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`]) {
    const res = await request('GET', '/api/watchlist', { host });
    assert.equal(res.status, 421, host);
    assert.ok(!res.body.includes('005930'));
  }
  assert.equal((await request('GET', '/api/watchlist', { host: `localhost:${port}` })).status, 200);
  assert.equal(await wsOpens({ host: 'evil.example' }), 403);
});

test('state changes and WS upgrades from a foreign Origin are refused; loopback origins on any port work', async () => {
  const before = await watchlistCodes();
  const evil = await request('POST', '/api/subscribe/035720', { origin: 'http://evil.example' });
  assert.equal(evil.status, 403);
  assert.ok((JSON.parse(evil.body) as { error: string }).error);
  assert.equal((await request('DELETE', '/api/subscribe/005930', { 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.equal((await request('PUT', '/api/watchlist', { origin: 'null', 'content-type': 'application/json' }, '{"codes":[]}')).status, 403);
  assert.deepEqual(await watchlistCodes(), before, 'nothing changed');

  const local = await request('POST', '/api/subscribe/035720', { origin: 'http://localhost:5173' });
  assert.equal(local.status, 200);
  assert.deepEqual(await watchlistCodes(), [...before, '035720']);
  assert.equal((await request('DELETE', '/api/subscribe/035720', { origin: `http://127.0.0.1:${port}` })).status, 200);

  assert.equal(await wsOpens({ origin: 'http://evil.example' }), 403);
  assert.equal(await wsOpens({ origin: 'http://localhost:5173' }), 101);
  assert.equal(await wsOpens({}), 101);
});

test('an old client on another loopback site (Sec-Fetch-Site: cross-site) is served and can read every answer, refusals included', async () => {
  const page = { origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'cross-site' };
  const before = await watchlistCodes();
  const added = await request('POST', '/api/subscribe/035720', page);
  assert.equal(added.status, 200);
  assert.equal(added.headers['access-control-allow-origin'], page.origin);
  // The seam headers a client needs to follow the day are readable across origins.
  assert.deepEqual(String(added.headers['access-control-expose-headers']).split(', ').sort(), ['X-Day-Epoch', 'X-Footprint-Empty', 'X-Footprint-State', 'X-Last-Seq']);
  assert.deepEqual(await watchlistCodes(), [...before, '035720']);
  // Already watched: the old backend's answer.
  const again = await request('POST', '/api/subscribe/035720', page);
  assert.equal(again.status, 200);
  const body = JSON.parse(again.body) as { status: string; message: string; watchlist: string[] };
  assert.equal(body.status, 'already_subscribed');
  assert.match(body.message, /035720/);
  assert.deepEqual(body.watchlist, [...before, '035720']);
  assert.equal((await request('DELETE', '/api/subscribe/035720', page)).status, 200);
  assert.deepEqual(await watchlistCodes(), before);
  assert.equal(await wsOpens(page), 101);
  // A refusal from the Host check still carries CORS, so the page reads the reason instead of a network error.
  const wrongHost = await request('GET', '/api/watchlist', { ...page, host: `127.0.0.1:${port + 1}` });
  assert.equal(wrongHost.status, 421);
  assert.equal(wrongHost.headers['access-control-allow-origin'], page.origin);
  // A foreign page stays refused; it may read the refusal and nothing else.
  const evil = await request('POST', '/api/subscribe/035720', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers['access-control-allow-origin'], 'http://evil.example');
  assert.match((JSON.parse(evil.body) as { error: string }).error, /origin not allowed/);
  assert.equal((await request('GET', '/api/watchlist', { origin: 'http://evil.example' })).headers['access-control-allow-origin'], undefined);
  assert.deepEqual(await watchlistCodes(), before);
});

test('a foreign page may trigger no /api/ read (day-file reads are heavy); navigating to / still works', async () => {
  const evil = await request('GET', '/api/history?code=005930&tail=100000', { origin: 'http://evil.example' });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers['access-control-allow-origin'], undefined);
  assert.equal((await request('GET', '/api/history?code=005930', { 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.equal((await request('GET', '/', { 'sec-fetch-site': 'cross-site', accept: 'text/html' })).status, 200);
  assert.equal((await request('GET', '/api/history?code=005930&tail=5', { origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'cross-site' })).status, 200);
});

test('no wildcard CORS: only loopback origins are answered with CORS headers', async () => {
  const evil = await request('GET', '/api/watchlist', { origin: 'http://evil.example' });
  assert.equal(evil.headers['access-control-allow-origin'], undefined);
  const local = await request('GET', '/api/watchlist', { origin: 'http://localhost:5173' });
  assert.equal(local.headers['access-control-allow-origin'], 'http://localhost:5173');
  assert.equal(local.headers['cache-control'], 'no-store');
});

test('every malformed parameter gets 400 with a JSON error; unknown API paths a JSON 404', async () => {
  const bad: [string, string, string?][] = [
    ['GET', '/api/history'],
    ['GET', '/api/history?code=5930'],
    ['GET', '/api/history?code=../../etc'],
    ['GET', '/api/history?code=005930&code=000660'],
    ['GET', '/api/history?code=005930&date=20250230'],
    ['GET', '/api/history?code=005930&date=2025-11-25'],
    ['GET', '/api/history?code=005930&tail=0'],
    ['GET', '/api/history?code=005930&tail=abc'],
    ['GET', '/api/history?code=005930&tail=100001'],
    ['GET', '/api/days'],
    ['GET', '/api/days?code=../../etc'],
    ['GET', '/api/days?code=005930&code=000660'],
    ['GET', '/api/footprint?code=005930&bar=minute'],
    ['GET', '/api/footprint?code=abc'],
    ['GET', '/api/stock/00593'],
    ['GET', '/api/stock/abcdef'],
    ['POST', '/api/subscribe/..%2F..%2Fx'],
    ['DELETE', '/api/subscribe/1234567'],
    ['PUT', '/api/watchlist', '{"codes": ['],
    ['PUT', '/api/watchlist', '{"codes": ["005930", "005930"]}'],
    ['PUT', '/api/watchlist', '{"codes": "005930"}'],
  ];
  for (const [method, url, body] of bad) {
    const res = await request(method, url, body === undefined ? {} : { 'content-type': 'application/json' }, body);
    assert.equal(res.status, 400, `${method} ${url} ${body ?? ''}`);
    assert.equal(typeof (JSON.parse(res.body) as { error: unknown }).error, 'string');
  }
  const missing = await request('GET', '/api/nothing', {});
  assert.equal(missing.status, 404);
  assert.match(missing.headers['content-type'] ?? '', /application\/json/);
});

test('a repeated query parameter is refused with 400 "<name> is repeated" on every route that reads one', async () => {
  const routes: Record<string, Record<string, [string, string]>> = {
    '/api/history': { code: ['005930', '000660'], date: ['20251125', '20251124'], tail: ['5', '6'] },
    '/api/days': { code: ['005930', '000660'] },
    '/api/gaps': { code: ['005930', '000660'], date: ['20251125', '20251124'] },
    '/api/footprint': { code: ['005930', '000660'], date: ['20251125', '20251124'], bar: ['time:60', 'tick:5'], row: ['1', '2'], venue: ['KRX', 'NXT'] },
    '/api/bigprints': { code: ['005930', '000660'], date: ['20251125', '20251124'], min: ['100', '200'], venue: ['KRX', 'NXT'] },
    '/api/stocks/search': { q: ['삼성', '카카오'] },
    '/api/stocks/info': { codes: ['005930', '000660'] },
  };
  for (const [route, params] of Object.entries(routes)) {
    for (const [name, [a, b]] of Object.entries(params)) {
      // The other parameters valid and given once, so the repeat is the only fault.
      const rest = Object.entries(params).filter(([n]) => n !== name).map(([n, [v]]) => `${n}=${encodeURIComponent(v)}`);
      const url = `${route}?${[...rest, `${name}=${encodeURIComponent(a)}`, `${name}=${encodeURIComponent(b)}`].join('&')}`;
      const res = await request('GET', url, {});
      assert.equal(res.status, 400, url);
      assert.equal((JSON.parse(res.body) as { error: string }).error, `${name} is repeated`, url);
      // The same query without the repeat is answered.
      const once = `${route}?${[...rest, `${name}=${encodeURIComponent(a)}`].join('&')}`;
      assert.equal((await request('GET', once, {})).status, 200, once);
    }
  }
});

test('footprint: a bar that would make more than MAX_BARS bars is refused with 400 naming the limit; a coarser one is answered', async () => {
  const code = '000270';
  const lines: string[] = [];
  for (let i = 0; i <= MAX_BARS; i++) {
    const chetime = secondsToHms(9 * 3600 + Math.floor(i / 2));
    lines.push(formatRecordLine({ chetime, price: String(50_000 + (i % 7) * 50), cvolume: '1', cgubun: i % 3 === 0 ? '-' : '+', exchname: 'KRX', volume: String(i + 1) }));
  }
  await fs.writeFile(path.join(setup.dataDir, 'demo', `raw_data_${code}_20251120.txt`), lines.join(''));
  const refused = await request('GET', `/api/footprint?code=${code}&date=20251120&bar=tick:1`, {});
  assert.equal(refused.status, 400);
  const { error } = JSON.parse(refused.body) as { error: string };
  assert.match(error, /more than 20,000 bars/);
  assert.match(error, /coarser bar \(a size larger than 1\)/);
  const coarser = await request('GET', `/api/footprint?code=${code}&date=20251120&bar=tick:2`, {});
  assert.equal(coarser.status, 200);
  assert.equal((JSON.parse(coarser.body) as unknown[]).length, MAX_BARS / 2 + 1);
  // Refused every time, not only while nothing is cached.
  assert.equal((await request('GET', `/api/footprint?code=${code}&date=20251120&bar=tick:1`, {})).status, 400);
});

test('history: [] without a file; complete lines only when the last line is torn', async () => {
  const none = await fetch(`${serve.url}/api/history?code=035720&date=20240102`);
  assert.equal(none.status, 200);
  assert.equal(none.headers.get('x-last-seq'), '0');
  assert.deepEqual(await none.json(), []);

  const expected = (await fs.readFile(REAL_005930, 'utf8')).split('\n').map(parseRecordLine).filter((r): r is TradeRecord => r !== null);
  const res = await fetch(`${serve.url}/api/history?code=005930&date=20251125`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-last-seq'), String(expected.length));
  const got = (await res.json()) as TradeRecord[];
  assert.equal(got.length, 309);
  assert.deepEqual(got.map((r) => parseRecordLine(JSON.stringify(r))), expected);
  // tail=N: the same last N entries, and the same X-Last-Seq for the page's seam.
  const tail = await fetch(`${serve.url}/api/history?code=005930&date=20251125&tail=25`);
  assert.equal(tail.status, 200);
  assert.equal(tail.headers.get('x-last-seq'), String(expected.length));
  assert.deepEqual(await tail.json(), got.slice(-25));
});

test('days: the recorded days of a code, newest first, with their sizes', async () => {
  const res = await fetch(`${serve.url}/api/days?code=${OTHER_CODE}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(await res.json(), {
    code: OTHER_CODE,
    days: [
      { date: '20251124', bytes: ONE_TRADE.length },
      { date: '20251121', bytes: (await fs.stat(REAL_005930)).size },
    ],
  });
  assert.deepEqual(await (await fetch(`${serve.url}/api/days?code=035420`)).json(), { code: '035420', days: [] });
});

test('stock names and reference prices in demo mode come from the built-in table', async () => {
  const [code, stock] = Object.entries(DEMO_STOCKS)[0]!;
  const res = await fetch(`${serve.url}/api/stock/${code}`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { code, name: stock.name, status: 'success', reference_price: stock.price });
  assert.equal((await fetch(`${serve.url}/api/stock/ZZZZZ9`)).status, 404);
});

test('PUT /api/watchlist only reorders: a list that adds or drops a code is refused with the current list', async () => {
  const before = await watchlistCodes();
  assert.ok(before.length >= 2);
  const json = { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' };
  const reversed = [...before].reverse();
  const ok = await request('PUT', '/api/watchlist', json, JSON.stringify({ codes: reversed }));
  assert.equal(ok.status, 200, ok.body);
  assert.deepEqual(await watchlistCodes(), reversed);
  for (const stale of [reversed.slice(1), [...reversed, '035720'], [...reversed.slice(1), '035720'], []]) {
    const r = await request('PUT', '/api/watchlist', json, JSON.stringify({ codes: stale }));
    assert.equal(r.status, 409, JSON.stringify(stale));
    assert.deepEqual((JSON.parse(r.body) as { watchlist: string[] }).watchlist, reversed);
    assert.deepEqual(await watchlistCodes(), reversed, 'nothing changed');
  }
  assert.equal((await request('PUT', '/api/watchlist', json, JSON.stringify({ codes: before }))).status, 200);
});
