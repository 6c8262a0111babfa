// The HTTP API fuzzed against a real serve process on loopback (demo feed, its own folder): seeded methods,
// paths, queries, bodies and headers, and some raw request bytes. Properties: no answer is a 5xx (except
// the read limit's 503 with Retry-After), the process neither dies nor logs an uncaught error or unhandled
// rejection, nothing appears outside the data folder, and the server still answers afterwards. LS URLs
// point at a closed loopback port, so a fuzzed key switch can never reach beyond this machine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoEnv, startServe, tempSetup } from '../support/serve-process.ts';
import { Gen } from './gen.ts';

const PATHS = [
  '/', '/ws', '/api/history', '/api/footprint', '/api/bigprints', '/api/days', '/api/gaps', '/api/watchlist', '/api/settings', '/api/settings/test',
  '/api/replay', '/api/stocks/search', '/api/stocks/info', '/api/stock/{}', '/api/subscribe/{}', '/assets/{}', '/{}', '/api/{}', '/api/history/{}',
];
const QUERY_KEYS = ['code', 'date', 'tail', 'bar', 'row', 'venue', 'min', 'q', 'codes', 'x'];
/** The query parameters each GET route reads: one of them given twice is never answered with success. */
const READS: Record<string, readonly string[]> = {
  '/api/history': ['code', 'date', 'tail'],
  '/api/footprint': ['code', 'date', 'bar', 'row', 'venue'],
  '/api/bigprints': ['code', 'date', 'min', 'venue'],
  '/api/days': ['code'],
  '/api/gaps': ['code', 'date'],
  '/api/stocks/search': ['q'],
  '/api/stocks/info': ['codes'],
};

/** A GET of a route with one of the parameters it reads repeated in the query. */
function repeatsRead(c: Case): boolean {
  const [route = '', query] = c.path.split('?', 2);
  const reads = READS[route];
  if (c.method !== 'GET' || reads === undefined || query === undefined) return false;
  const keys = query.split('&').map((kv) => {
    try {
      return decodeURIComponent(kv.split('=', 1)[0]!.replaceAll('+', ' '));
    } catch {
      return '';
    }
  });
  return reads.some((k) => keys.filter((x) => x === k).length > 1);
}
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | null;
}

function makeCase(g: Gen, host: string): Case {
  let p = g.pick(PATHS).replace('{}', () => encodeURI(g.nasty()).slice(0, 3000));
  if (g.chance(0.6)) {
    const q = Array.from({ length: g.int(1, 4) }, () => `${g.chance(0.9) ? g.pick(QUERY_KEYS) : encodeURIComponent(g.nasty())}=${g.chance(0.8) ? encodeURIComponent(g.nasty()) : g.nasty()}`);
    p += `?${q.join('&')}`;
  }
  const headers: Record<string, string> = { Host: g.chance(0.95) ? host : g.pick(['evil.example', '', 'localhost', `[::1]:${host.split(':')[1]}`]) };
  if (g.chance(0.3)) headers.Origin = g.pick([`http://${host}`, 'http://127.0.0.1:5173', 'http://localhost:5173', 'https://evil.example', 'null', g.nasty()]);
  if (g.chance(0.2)) headers['Sec-Fetch-Site'] = g.pick(['same-origin', 'cross-site', 'none', g.nasty()]);
  if (g.chance(0.3)) headers.Accept = g.pick(['text/html', 'application/json', '*/*', g.nasty()]);
  let body: string | null = null;
  if (g.chance(0.5)) {
    body = g.chance(0.8) ? JSON.stringify(g.json(4)) : g.nasty();
    headers['Content-Type'] = g.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', g.nasty()]);
  }
  if (g.chance(0.1)) headers[`X-${g.chars('abcdefgh', 5)}`] = g.nasty();
  return { method: g.pick(METHODS), path: p, headers, body };
}

/** One request; the status, or null when the client itself refused to send it (an invalid header). */
function send(agent: http.Agent, port: number, c: Case): Promise<{ status: number; retryAfter: boolean } | null> {
  return new Promise((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = http.request({ host: '127.0.0.1', port, method: c.method, path: c.path, headers: c.headers, agent, setHost: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] !== undefined }));
        res.on('error', reject);
      });
    } catch {
      return resolve(null);
    }
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve({ status: 0, retryAfter: false }) : reject(e)));
    req.end(c.body ?? undefined);
  });
}

/** Raw bytes as a request: the status line of the answer (0 when the server just closed). */
function sendRaw(port: number, bytes: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => (got += d));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(0) : reject(e)));
    s.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)?.[1] ?? 0)));
    s.end(bytes, 'latin1');
  });
}

function rawCase(g: Gen, host: string): string {
  return g.pick<() => string>([
    () => `${g.chars('GETPOSX ', g.int(1, 10))} /${g.nasty()} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    () => `GET / HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${g.pick(['-1', 'abc', '99999999999', '5'])}\r\n\r\nab`,
    () => `POST /api/subscribe/005930 HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n${g.pick(['zz', 'ffffffff', '0'])}\r\n\r\n`,
    () => `GET /api/history?code=005930 HTTP/1.1\r\nHost: ${host}\r\n${g.chars('a:\r\n \u0000\u00ff', g.int(1, 60))}\r\n\r\n`,
    () => g.chars('\u0000\u0001\r\n GET/HTTP1.', g.int(1, 300)),
    () => `GET /${'a'.repeat(g.int(10_000, 100_000))} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
  ])();
}

/** Every path under `dir` (files and folders), relative. */
function tree(dir: string, skip: (rel: string) => boolean, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    const rel = path.relative(base, full);
    if (skip(rel)) continue;
    out.push(rel);
    if (e.isDirectory()) out.push(...tree(full, skip, base));
  }
  return out.sort();
}

export interface HttpFuzzResult {
  cases: number;
  statuses: Record<string, number>;
}

export async function fuzzHttp(seed: number, cases: number): Promise<HttpFuzzResult> {
  const g = new Gen(seed);
  const setup = await tempSetup(['005930', '000660']);
  const cwd = path.join(setup.dir, 'cwd');
  fs.mkdirSync(cwd);
  const closed = 'http://127.0.0.1:9';
  const serve = await startServe({ ...demoEnv(setup), CWD: cwd, LS_REST_URL: closed, LS_WS_URL: 'ws://127.0.0.1:9/websocket' });
  const port = Number(new URL(serve.url).port);
  const host = `127.0.0.1:${port}`;
  // The watchlist file is rewritten beside itself (a temp file, then a rename); the data folder is the store's.
  const ours = (rel: string): boolean => rel === 'data' || rel.startsWith(`data${path.sep}`) || rel.startsWith('watchlist.json');
  const before = tree(setup.dir, ours);
  const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const statuses: Record<string, number> = {};
  try {
    for (let i = 0; i < cases; i++) {
      const raw = g.chance(0.05);
      const c = raw ? null : makeCase(g, host);
      const what = raw ? rawCase(g, host) : c!;
      const fail = (msg: string): never => {
        throw new Error(`HTTP fuzz failed: seed ${seed}, case ${i} (FUZZ_SEED=${seed}): ${msg}\n${JSON.stringify(what).slice(0, 1000)}\nserver stderr tail: ${serve.stderr().slice(-2000)}`);
      };
      let status: number;
      let retryAfter = false;
      try {
        if (raw) status = await sendRaw(port, what as string);
        else {
          const r = await send(agent, port, c!);
          if (r === null) continue;
          ({ status, retryAfter } = r);
        }
      } catch (e) {
        return fail(`request failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      if (status >= 500 && !(status === 503 && retryAfter)) fail(`answered ${status}`);
      if (c !== null && repeatsRead(c) && status >= 200 && status < 300) fail(`a repeated parameter answered ${status}`);
      if (serve.child.exitCode !== null || serve.child.signalCode !== null) fail('the server died');
    }
    const health = await fetch(`${serve.url}/`, { headers: { Accept: 'application/json' } });
    assert.equal(health.status, 200, `seed ${seed}: the server still answers`);
    assert.deepEqual(tree(setup.dir, ours), before, `seed ${seed}: nothing written outside the data folder`);
    const marked = [...tree(setup.dir, () => false), ...fs.readdirSync(os.tmpdir()).filter((f) => !tmpBefore.has(f))].filter((f) => f.includes('FUZZMARK'));
    assert.deepEqual(marked, [], `seed ${seed}: no file named by a fuzzed path`);
    const errors = serve.stderr().split('\n').filter((l) => /"(uncaught exception|unhandled rejection)"/.test(l));
    assert.deepEqual(errors, [], `seed ${seed}: no uncaught error`);
  } finally {
    agent.destroy();
    await serve.stop();
    await setup.cleanup();
  }
  return { cases, statuses };
}
