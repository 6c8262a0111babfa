import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SIMULATED_WS_URL, loadConfig } from '../../electron/core/config.ts';
import {
  DEFAULT_SETTINGS,
  MASK,
  applySettingsInput,
  headlessSettingsStore,
  layeredSettingsStore,
  memorySecretStore,
  publicSettings,
  settingsEnv,
  settingsFromConfig,
  settingsImpact,
  type Prefs,
  type Settings,
} from '../../electron/core/settings.ts';

const KEY = 'PSabcdefghijklmnopqrstuvwxyz0123456789';
const SECRET = 'sEcReT0123456789abcdefghijklmnopqrstu';
const withKeys: Settings = { ...DEFAULT_SETTINGS, appKey: KEY, appSecret: SECRET };

test('a valid form updates every field', () => {
  const r = applySettingsInput(DEFAULT_SETTINGS, { appKey: ` ${KEY} `, appSecret: SECRET, simulated: true, port: '8100', dataDir: '/mnt/data', tradeTr: 'NS3' }, path.posix.isAbsolute);
  assert.deepEqual(r, { ok: true, settings: { appKey: KEY, appSecret: SECRET, simulated: true, port: 8100, dataDir: '/mnt/data', tradeTr: 'NS3' } });
});

test('masked or absent secrets keep the stored ones; empty strings clear both', () => {
  const kept = applySettingsInput(withKeys, { appKey: MASK, appSecret: MASK, port: 8001 }, path.posix.isAbsolute);
  assert.ok(kept.ok);
  assert.equal(kept.settings.appKey, KEY);
  assert.equal(kept.settings.appSecret, SECRET);
  const cleared = applySettingsInput(withKeys, { appKey: '', appSecret: '' }, path.posix.isAbsolute);
  assert.ok(cleared.ok);
  assert.equal(cleared.settings.appKey, '');
  assert.equal(cleared.settings.appSecret, '');
});

test('every bad field is reported and nothing changes', () => {
  const r = applySettingsInput(
    withKeys,
    { appKey: 'has space in it', appSecret: 5, simulated: 'yes', port: 80, dataDir: 'relative/dir', tradeTr: 'KRX' },
    path.posix.isAbsolute,
  );
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.errors.map((e) => e.field), ['appKey', 'appSecret', 'simulated', 'port', 'dataDir', 'tradeTr']);
  for (const bad of [null, [], 'x', 7]) assert.equal(applySettingsInput(withKeys, bad, path.posix.isAbsolute).ok, false);
  for (const port of [1023, 65536, 8000.5, '80a', '']) {
    assert.equal(applySettingsInput(withKeys, { port }, path.posix.isAbsolute).ok, false, `port ${String(port)}`);
  }
});

test('a key without its secret is refused', () => {
  const r = applySettingsInput(DEFAULT_SETTINGS, { appKey: KEY }, path.posix.isAbsolute);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.errors[0]!.message : '', /함께/);
});

test('the page sees secrets only masked', () => {
  const p = publicSettings(withKeys, { persistent: true, warning: null });
  assert.equal(p.appKey, MASK);
  assert.equal(p.appSecret, MASK);
  assert.equal(p.appKeyHint, KEY.slice(-4));
  assert.ok(!JSON.stringify(p).includes(SECRET));
  assert.ok(!JSON.stringify(p).includes(KEY));
  const none = publicSettings(DEFAULT_SETTINGS, { persistent: true, warning: null });
  assert.equal(none.appKey, '');
  assert.equal(none.appKeyHint, '');
});

test('credentials, server and TR changes reconnect; port and data folder need a restart', () => {
  assert.deepEqual(settingsImpact(withKeys, withKeys), { reconnect: false, restart: [] });
  assert.deepEqual(settingsImpact(withKeys, { ...withKeys, simulated: true }), { reconnect: true, restart: [] });
  assert.deepEqual(settingsImpact(withKeys, { ...withKeys, appSecret: 'other-secret-123' }), { reconnect: true, restart: [] });
  assert.deepEqual(settingsImpact(withKeys, { ...withKeys, tradeTr: 'K3_' }), { reconnect: true, restart: [] });
  assert.deepEqual(settingsImpact(withKeys, { ...withKeys, port: 8001, dataDir: '/d' }), { reconnect: false, restart: ['port', 'dataDir'] });
});

test('settings become the environment loadConfig reads, and loadConfig gives them back', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-settings-'));
  const s: Settings = { ...withKeys, simulated: true, port: 8100, dataDir: path.join(dir, 'd'), tradeTr: 'K3_' };
  const env = settingsEnv(s, { HOST: '127.0.0.1', LS_APP_KEY: 'stale' });
  assert.deepEqual(env, { HOST: '127.0.0.1', LS_APP_KEY: KEY, LS_APP_SECRET: SECRET, PORT: '8100', LS_SIMULATED: '1', LS_TR: 'K3_', DATA_DIR: s.dataDir });
  const config = loadConfig(env, dir);
  assert.equal(config.feed, 'ls');
  assert.equal(config.lsWsUrl, SIMULATED_WS_URL);
  assert.deepEqual(settingsFromConfig(config), s);
  // Cleared credentials win over the environment and over a .env file: the demo feed runs.
  fs.writeFileSync(path.join(dir, '.env'), `LS_APP_KEY=${KEY}\nLS_APP_SECRET=${SECRET}\n`);
  const demo = settingsEnv({ ...DEFAULT_SETTINGS, dataDir: s.dataDir }, { LS_APP_KEY: 'from-env', LS_APP_SECRET: 'from-env' });
  assert.equal(demo.LS_APP_KEY, '');
  const demoConfig = loadConfig(demo, dir);
  assert.equal(demoConfig.feed, 'demo');
  assert.equal(demoConfig.lsAppKey, null);
  assert.equal(settingsEnv(DEFAULT_SETTINGS, { DATA_DIR: '/keep' }).DATA_DIR, '/keep', 'the default data folder leaves DATA_DIR alone');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the headless store starts from the configuration and keeps saved settings for this run only', async () => {
  const store = headlessSettingsStore({ ...withKeys, port: 8123 });
  assert.deepEqual(await store.load(), { ...withKeys, port: 8123 });
  await store.save({ ...withKeys, simulated: true });
  assert.equal((await store.load()).simulated, true);
  assert.equal(store.info().persistent, false);
  assert.match(store.info().warning ?? '', /\.env/);
});

test('the layered store keeps secrets apart from preferences and survives bad stored fields', async () => {
  let stored: unknown = { port: 8200, tradeTr: 'bogus', simulated: true, appKey: 'must-not-be-read-from-prefs' };
  const prefs = { read: () => stored, write: (p: Prefs) => void (stored = p) };
  const secrets = memorySecretStore();
  const store = layeredSettingsStore(prefs, secrets, () => ({ persistent: true, warning: null }), path.posix.isAbsolute);
  assert.deepEqual(await store.load(), { ...DEFAULT_SETTINGS, port: 8200, simulated: true });
  await store.save({ ...withKeys, dataDir: '/d' });
  assert.deepEqual(stored, { simulated: false, port: 8000, dataDir: '/d', tradeTr: 'US3' }, 'no secret in the preferences file');
  assert.equal(await secrets.get('appSecret'), SECRET);
  assert.deepEqual(await store.load(), { ...withKeys, dataDir: '/d' });
  await store.save(DEFAULT_SETTINGS);
  assert.equal(await secrets.get('appKey'), undefined);
  assert.equal(await secrets.get('appSecret'), undefined);
});
