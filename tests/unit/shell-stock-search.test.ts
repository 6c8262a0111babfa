import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { masterListCache } from '../../electron/core/master-list.ts';
import { searchStocks, stockSearchRoutes } from '../../electron/server/routes-stock-search.ts';
import type { StockListing } from '../../electron/shared/wire.ts';
import { ParamError } from '../../electron/shared/param-error.ts';
import { silentLogger } from '../../electron/log.ts';

const LIST: StockListing[] = [
  { code: '005930', name: '삼성전자', market: 'KOSPI' },
  { code: '005935', name: '삼성전자우', market: 'KOSPI' },
  { code: '028260', name: '삼성물산', market: 'KOSPI' },
  { code: '000660', name: 'SK하이닉스', market: 'KOSPI' },
  { code: '035720', name: '카카오', market: 'KOSPI' },
  { code: '293490', name: '카카오게임즈', market: 'KOSDAQ' },
  { code: '0088K0', name: '테스트 종목', market: 'KOSDAQ' },
];

test('search ranks code matches, then name prefixes, then partial names', () => {
  assert.deepEqual(searchStocks(LIST, '005930').map((s) => s.code), ['005930']);
  assert.deepEqual(searchStocks(LIST, '0059').map((s) => s.code), ['005930', '005935']);
  assert.deepEqual(searchStocks(LIST, '0066').map((s) => s.code), ['000660'], 'part of a code, from three characters');
  assert.deepEqual(searchStocks(LIST, '93').map((s) => s.code), [], 'two digits inside a code list nothing');
  assert.deepEqual(searchStocks(LIST, '삼성').map((s) => s.name), ['삼성전자', '삼성물산', '삼성전자우'], 'equal lengths order by code');
  assert.deepEqual(searchStocks(LIST, '전자').map((s) => s.name), ['삼성전자', '삼성전자우']);
  assert.deepEqual(searchStocks(LIST, '카카오').map((s) => s.name), ['카카오', '카카오게임즈']);
  assert.deepEqual(searchStocks(LIST, 'sk하이').map((s) => s.code), ['000660'], 'Latin letters match case-insensitively');
  assert.deepEqual(searchStocks(LIST, '테스트종목').map((s) => s.code), ['0088K0'], 'spaces are ignored');
  assert.deepEqual(searchStocks(LIST, '  '), []);
  // Decomposed Hangul (as some input methods send it) matches the precomposed master list.
  assert.deepEqual(searchStocks(LIST, '카카오'.normalize('NFD')).map((s) => s.code), ['035720', '293490']);
});

test('the master list is fetched once a day, shared by concurrent requests, and cached on disk', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-stocks-'));
  const cacheFile = path.join(dir, 'stocks.json');
  let day = '20251126';
  let calls = 0;
  let fail = false;
  const deps = {
    masterList: async () => {
      calls++;
      if (fail) throw new Error('ECONNREFUSED');
      return LIST;
    },
    today: () => day,
    cacheFile,
    log: silentLogger,
  };
  const get = masterListCache(deps);
  const [a, b] = await Promise.all([get(), get()]);
  assert.equal(calls, 1);
  assert.equal(a.source, 'fresh');
  assert.equal(b.list.length, LIST.length);
  await get();
  assert.equal(calls, 1, 'same day: no refetch');
  day = '20251127';
  fail = true;
  const stale = await get();
  assert.equal(calls, 2, 'a new day refetches');
  assert.equal(stale.source, 'stale', 'offline keeps the last good list');
  // A restart without network finds yesterday's list on disk.
  const restarted = masterListCache({ ...deps });
  assert.equal((await restarted()).source, 'stale');
  assert.equal((await restarted()).list.length, LIST.length);
  // Nothing ever fetched and nothing on disk: offline, codes only.
  const empty = masterListCache({ ...deps, cacheFile: path.join(dir, 'none.json') });
  assert.deepEqual(await empty(), { source: 'offline', list: [] });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('routes answer search and info, and refuse malformed parameters with 400', async () => {
  const app = express();
  let offline = false;
  app.use(stockSearchRoutes(masterListCache({
    masterList: () => (offline ? Promise.reject(new Error('down')) : Promise.resolve(LIST)),
    today: () => '20251126',
    cacheFile: null,
    log: silentLogger,
  })));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err instanceof ParamError ? 400 : 500).json({ error: err instanceof Error ? err.message : String(err) });
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const search = await (await fetch(`${url}/api/stocks/search?q=${encodeURIComponent('삼성전')}`)).json() as { status: string; results: StockListing[] };
    assert.equal(search.status, 'success');
    assert.deepEqual(search.results.map((s) => s.code), ['005930', '005935']);
    const info = await (await fetch(`${url}/api/stocks/info?codes=005930,035720,999999`)).json() as { stocks: Record<string, unknown> };
    assert.deepEqual(info.stocks, { '005930': { name: '삼성전자', market: 'KOSPI' }, '035720': { name: '카카오', market: 'KOSPI' } });
    for (const bad of ['/api/stocks/search', '/api/stocks/search?q=', `/api/stocks/search?q=${'가'.repeat(41)}`, '/api/stocks/info', '/api/stocks/info?codes=../etc', '/api/stocks/search?q=a&q=b']) {
      const r = await fetch(url + bad);
      assert.equal(r.status, 400, bad);
      assert.ok(typeof ((await r.json()) as { error?: unknown }).error === 'string');
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
  offline = true;
});
