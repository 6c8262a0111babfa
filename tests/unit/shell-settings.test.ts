import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_WS_URL, SIMULATED_WS_URL, configFor, loadConfig, readConfiguration, readEnv, toConfig } from '../../electron/core/config.ts';
import {
  DEFAULT_SETTINGS,
  applySettingsInput,
  headlessSettingsStore,
  layeredSettingsStore,
  memorySecretStore,
  publicSettings,
  settingsImpact,
  type NonSecretSettings,
} from '../../electron/core/settings.ts';
import { MASK, type Settings } from '../../electron/shared/wire.ts';

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
  // Each with the code the page words (the Korean message stays for scripts).
  assert.deepEqual(!r.ok && r.errors.map((e) => e.problem), ['key_format', 'not_text', 'server', 'port', 'folder_relative', 'trade_tr']);
  for (const bad of [null, [], 'x', 7]) assert.equal(applySettingsInput(withKeys, bad, path.posix.isAbsolute).ok, false);
  for (const port of [1023, 65536, 8000.5, '80a', '']) {
    assert.equal(applySettingsInput(withKeys, { port }, path.posix.isAbsolute).ok, false, `port ${String(port)}`);
  }
});

test('a key without its secret is refused', () => {
  const r = applySettingsInput(DEFAULT_SETTINGS, { appKey: KEY }, path.posix.isAbsolute);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.errors[0]!.message : '', /함께/);
  assert.equal(!r.ok && r.errors[0]!.problem, 'keys_pair');
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

test('settings map onto the configuration directly, and the environment reads into the same settings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-settings-'));
  const s: Settings = { ...withKeys, simulated: true, port: 8100, dataDir: path.join(dir, 'd'), tradeTr: 'K3_' };
  const config = configFor(s, {}, dir);
  assert.equal(config.feed, 'ls');
  assert.equal(config.lsWsUrl, SIMULATED_WS_URL);
  assert.deepEqual([config.lsAppKey, config.lsAppSecret?.reveal(), config.lsSimulated, config.port, config.dataDir, config.lsTr], [KEY, SECRET, true, 8100, s.dataDir, 'K3_']);
  // Headless, the same settings come from the environment, through the one validator.
  const env = { LS_APP_KEY: KEY, LS_APP_SECRET: SECRET, LS_SIMULATED: '1', PORT: '8100', DATA_DIR: s.dataDir, LS_TR: 'K3_' };
  assert.deepEqual(readConfiguration(env, dir).settings, s);
  assert.deepEqual(readConfiguration(env, dir).config, config);
  // Cleared credentials win over the environment and over a .env file: the demo feed runs.
  fs.writeFileSync(path.join(dir, '.env'), `LS_APP_KEY=${KEY}\nLS_APP_SECRET=${SECRET}\n`);
  const demoConfig = configFor({ ...DEFAULT_SETTINGS, dataDir: s.dataDir }, readEnv({ LS_APP_KEY: 'from-env', LS_APP_SECRET: 'from-env' }, dir), dir);
  assert.equal(demoConfig.feed, 'demo');
  assert.equal(demoConfig.lsAppKey, null);
  assert.equal(configFor(DEFAULT_SETTINGS, {}, dir).dataDir, path.join(dir, 'data'), 'the default data folder');
  // One port rule: what the page refuses the environment refuses too.
  assert.equal(applySettingsInput(DEFAULT_SETTINGS, { port: '80' }, path.posix.isAbsolute).ok, false);
  assert.throws(() => readConfiguration({ PORT: '80' }, dir), { name: 'ConfigError', message: /^PORT: / });
  assert.equal(readConfiguration({ PORT: '0' }, dir).config.port, 0, '0 asks for any free port');
  assert.equal(applySettingsInput(DEFAULT_SETTINGS, { port: 0 }, path.posix.isAbsolute).ok, true);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the headless store starts from the configuration and keeps saved settings for this run only', async () => {
  const store = headlessSettingsStore({ ...withKeys, port: 8123 });
  assert.deepEqual(await store.load(), { ...withKeys, port: 8123 });
  await store.save({ ...withKeys, simulated: true });
  assert.equal((await store.load()).simulated, true);
  assert.equal(store.info().persistent, false);
  assert.equal(store.info().warning, 'session_only');
});

test('the layered store keeps secrets apart from preferences and survives bad stored fields', async () => {
  let stored: unknown = { port: 8200, tradeTr: 'bogus', simulated: true, appKey: 'must-not-be-read-from-prefs' };
  const prefs = { read: () => stored, write: (p: NonSecretSettings) => void (stored = p) };
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

test('the collector configuration follows the settings: feed, store folder, WS server; port and data folder stay', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-collector-'));
  try {
    const demo = loadConfig({ DATA_DIR: 'data', PORT: '8100' }, dir);
    assert.equal(demo.storeDir, path.join(dir, 'data', 'demo'));

    const ls = toConfig(demo, { ...withKeys, port: 9000, dataDir: '/elsewhere', tradeTr: 'NS3' });
    assert.equal(ls.feed, 'ls');
    assert.equal(ls.storeDir, path.join(dir, 'data'), 'real trades go to DATA_DIR itself');
    assert.equal(ls.lsAppKey, KEY);
    assert.equal(ls.lsAppSecret?.reveal(), SECRET);
    assert.equal(JSON.stringify(ls).includes(SECRET), false, 'the secret stays hidden in the configuration');
    assert.equal(ls.lsTr, 'NS3');
    assert.equal(ls.lsWsUrl, DEFAULT_WS_URL);
    assert.equal(ls.port, 8100, 'the port changes only after a restart');
    assert.equal(ls.dataDir, demo.dataDir, 'so does the data folder');
    assert.equal(toConfig(ls, { ...withKeys, simulated: true }).lsWsUrl, SIMULATED_WS_URL);

    const back = toConfig(ls, DEFAULT_SETTINGS);
    assert.equal(back.feed, 'demo');
    assert.equal(back.storeDir, demo.storeDir);
    assert.equal(back.lsAppKey, null);
    assert.equal(back.lsAppSecret, null);

    // LS_WS_URL naming another server (an emulator, a proxy) is kept whatever the server choice.
    const emu = loadConfig({ DATA_DIR: 'data', LS_WS_URL: 'ws://127.0.0.1:9/websocket' }, dir);
    assert.equal(toConfig(emu, { ...withKeys, simulated: true }).lsWsUrl, 'ws://127.0.0.1:9/websocket');

    // A replay run stays a replay whatever the keys.
    fs.mkdirSync(path.join(dir, 'rec'));
    const replay = loadConfig({ DATA_DIR: 'data', FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_DIR: 'rec' }, dir);
    const r = toConfig(replay, withKeys);
    assert.equal(r.feed, 'replay');
    assert.equal(r.storeDir, replay.storeDir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a refused key gets one message, not a second one about the pair', () => {
  const r = applySettingsInput(DEFAULT_SETTINGS, { appKey: 'short', appSecret: SECRET }, path.posix.isAbsolute);
  assert.deepEqual(!r.ok && r.errors.map((e) => e.field), ['appKey']);
});
