import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DEFAULT_SETTINGS, headlessSettingsStore } from '../../electron/core/settings.ts';
import { MASK, type Settings, type SettingsImpact } from '../../electron/shared/wire.ts';
import { RUNNING, CLOSED } from '../../electron/shared/lifecycle.ts';
import { settingsRoutes } from '../../electron/server/routes-settings.ts';
import { SettingsService, tokenConnectionTester } from '../../electron/core/settings-service.ts';
import { silentLogger } from '../../electron/log.ts';

const KEY = 'PSabcdefghijklmnopqrstuvwxyz0123456789';
const SECRET = 'sEcReT0123456789abcdefghijklmnopqrstu';

async function serve(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

function appWith(router: express.Router): express.Express {
  const app = express();
  app.use(express.json());
  app.use(router);
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => res.status(500).json({ error: String(err) }));
  return app;
}

/** A loopback stand-in for the LS token endpoint: accepts one key pair, refuses others the way LS does. */
async function tokenServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let n = 0;
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post('/oauth2/token', (req, res) => {
    n++;
    const body = req.body as Record<string, string>;
    if (body.appkey === KEY && body.appsecretkey === SECRET) res.json({ access_token: 'tok', expires_in: 86400 });
    else res.status(401).json({ rsp_cd: 'IGW00121', rsp_msg: '유효하지 않은 AppKey입니다.' });
  });
  const s = await serve(app);
  return { ...s, requests: () => n };
}

test('settings round trip: masked on read, validated on write, applied, never echoed', async () => {
  const store = headlessSettingsStore(DEFAULT_SETTINGS);
  const applied: Settings[] = [];
  const app = appWith(settingsRoutes(new SettingsService({
    store,
    testConnection: () => Promise.resolve({ ok: true, message: 'ok' }),
    apply: (s) => {
      applied.push(s);
      return Promise.resolve();
    },
  })));
  const s = await serve(app);
  try {
    const first = await (await fetch(`${s.url}/api/settings`)).json() as Record<string, unknown>;
    assert.equal(first.appKey, '');
    assert.equal(first.port, 8000);
    assert.deepEqual(first.storage, store.info());

    const put = (body: unknown) => fetch(`${s.url}/api/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await put({ appKey: KEY, appSecret: SECRET, port: 22 });
    assert.equal(bad.status, 400);
    const badBody = await bad.json() as { error: string; errors: Array<{ field: string }> };
    assert.deepEqual(badBody.errors.map((e) => e.field), ['port']);
    assert.deepEqual(await store.load(), DEFAULT_SETTINGS, 'a bad form changes nothing, not even the valid fields');
    assert.equal(applied.length, 0);

    const ok = await put({ appKey: KEY, appSecret: SECRET, simulated: true, port: 8100 });
    assert.equal(ok.status, 200);
    const text = await ok.text();
    assert.ok(!text.includes(SECRET) && !text.includes(KEY), 'the answer carries no secret');
    const okBody = JSON.parse(text) as { message: string; impact: SettingsImpact; settings: { appKey: string } };
    assert.deepEqual(okBody.impact, { reconnect: true, restart: ['port'] });
    assert.equal(okBody.settings.appKey, MASK);
    assert.match(okBody.message, /다시 연결/);
    assert.match(okBody.message, /포트 변경은 앱을 다시 시작하면/);
    assert.equal(applied.length, 1);
    assert.equal(applied[0]!.appSecret, SECRET, 'the collector gets the real secret');

    // A data folder that cannot be made (here: below a regular file) is refused at once, not at the next start.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-settings-'));
    try {
      fs.writeFileSync(path.join(tmp, 'file'), '');
      const noFolder = await put({ dataDir: path.join(tmp, 'file', 'data') });
      assert.equal(noFolder.status, 400);
      assert.deepEqual(((await noFolder.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field), ['dataDir']);
      assert.equal((await store.load()).dataDir, '');
      const made = path.join(tmp, 'new', 'data');
      assert.equal((await put({ dataDir: made })).status, 200);
      assert.ok(fs.statSync(made).isDirectory(), 'a missing folder is made when saved');
      assert.equal((await put({ dataDir: '' })).status, 200);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }

    const again = await put({ appKey: MASK, appSecret: MASK, simulated: true, port: 8100 });
    assert.deepEqual((await again.json() as { impact: SettingsImpact }).impact, { reconnect: false, restart: [] });
    assert.equal(applied.length, 1, 'unchanged credentials do not reconnect');
    assert.equal((await store.load()).appSecret, SECRET);
  } finally {
    await s.close();
  }
});

test('"Test connection" gets a token, reports LS’s refusal in Korean, and reuses the running collector’s token', async () => {
  const ls = await tokenServer();
  const store = headlessSettingsStore({ ...DEFAULT_SETTINGS, appKey: KEY, appSecret: SECRET });
  const tester = tokenConnectionTester(ls.url, silentLogger, () => null);
  const s = await serve(appWith(settingsRoutes(new SettingsService({ store, testConnection: tester, apply: () => Promise.resolve() }))));
  const post = (body: unknown) => fetch(`${s.url}/api/settings/test`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    const saved = await (await post({ appKey: MASK, appSecret: MASK })).json() as { ok: boolean; message: string };
    assert.deepEqual(saved, { ok: true, message: 'LS 토큰 발급 성공: 연결할 수 있습니다' });
    const wrong = await (await post({ appKey: 'WRONGKEY12345', appSecret: 'WRONGSECRET123' })).json() as { ok: boolean; message: string };
    assert.equal(wrong.ok, false);
    assert.match(wrong.message, /유효하지 않은 AppKey입니다/);
    assert.ok(!wrong.message.includes('WRONGSECRET123'));
    const none = await post({ appKey: '', appSecret: '' });
    assert.equal(none.status, 400);
    assert.deepEqual(((await none.json()) as { errors: unknown }).errors, [{ field: 'appKey', problem: 'key_missing', message: 'App Key와 App Secret을 입력하세요' }]);
    assert.equal(ls.requests(), 2);
  } finally {
    await s.close();
  }

  const { TokenManager } = await import('../../electron/collector/ls/token.ts');
  const running = new TokenManager({ restUrl: ls.url, appKey: KEY, appSecret: SECRET }, 60_000, silentLogger);
  await running.get();
  const before = ls.requests();
  const reuse = tokenConnectionTester(ls.url, silentLogger, () => ({ appKey: KEY, appSecret: SECRET, tokens: running }));
  assert.equal((await reuse({ appKey: KEY, appSecret: SECRET })).ok, true);
  assert.equal(ls.requests(), before, 'no second token for the key in use (LS would invalidate the collector’s)');
  await ls.close();
});

test('an unreachable LS is reported, not thrown', async () => {
  const tester = tokenConnectionTester('http://127.0.0.1:9', silentLogger, () => null);
  const r = await tester({ appKey: KEY, appSecret: SECRET });
  assert.equal(r.ok, false);
  assert.match(r.message, /연결할 수 없습니다/);
});

test('a refused apply answers with the error and keeps the settings that run', async () => {
  const store = headlessSettingsStore(DEFAULT_SETTINGS);
  const refusal = new Error('다른 Footprint 수집기(pid 4242)가 이 데이터 폴더에 기록 중입니다: /data');
  const app = appWith(settingsRoutes(new SettingsService({ store, testConnection: () => Promise.resolve({ ok: true, message: 'ok' }), apply: () => Promise.reject(refusal) })));
  const s = await serve(app);
  try {
    const r = await fetch(`${s.url}/api/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appKey: KEY, appSecret: SECRET }) });
    assert.equal(r.status, 500);
    assert.match(((await r.json()) as { error: string }).error, /pid 4242/);
    assert.deepEqual(await store.load(), DEFAULT_SETTINGS);
  } finally {
    await s.close();
  }
});

test('one queue: two saves at once run load → apply → save one after the other; after close nothing is applied', async () => {
  const store = headlessSettingsStore(DEFAULT_SETTINGS);
  const order: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const service = new SettingsService({
    store,
    testConnection: () => Promise.resolve({ ok: true, message: 'ok' }),
    apply: async (s) => {
      order.push(`apply ${s.tradeTr}`);
      if (s.tradeTr === 'NS3') await gate;
      order.push(`applied ${s.tradeTr}`);
    },
  });
  assert.equal(service.state, RUNNING);
  const first = service.save({ appKey: KEY, appSecret: SECRET, tradeTr: 'NS3' });
  const second = service.save({ tradeTr: 'K3_' });
  // The second save waits for the first: its apply has not started while the first is held.
  await new Promise<void>((r) => setImmediate(r));
  assert.deepEqual(order, ['apply NS3']);
  release();
  const [a, b] = await Promise.all([first, second]);
  assert.ok(a.ok && b.ok);
  assert.deepEqual(order, ['apply NS3', 'applied NS3', 'apply K3_', 'applied K3_']);
  assert.equal((await store.load()).tradeTr, 'K3_', 'the second save read what the first saved');
  const impact: SettingsImpact | undefined = b.ok ? b.answer.impact : undefined;
  assert.deepEqual(impact, { reconnect: true, restart: [] });

  await service.close();
  assert.equal(service.state, CLOSED);
  await service.apply({ ...DEFAULT_SETTINGS, tradeTr: 'S3_' });
  assert.equal(order.length, 4, 'a change offered after close is not applied');
});
