import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, describeConfig, folderProblem, loadConfig } from '../../electron/core/config.ts';

const SECRET = 'S3cr3t-value-that-must-never-leak';

function tmpCwd(dotEnv?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-config-'));
  if (dotEnv !== undefined) fs.writeFileSync(path.join(dir, '.env'), dotEnv);
  return dir;
}

function configError(env: NodeJS.ProcessEnv, cwd = tmpCwd()): string {
  try {
    loadConfig(env, cwd);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.ok(!e.message.includes('\n'), 'one line');
    return e.message;
  }
  return assert.fail('expected a ConfigError');
}

test('defaults: demo feed without keys, loopback, port 8000, data and watchlist under cwd', () => {
  const cwd = tmpCwd();
  const cfg = loadConfig({}, cwd);
  assert.equal(cfg.feed, 'demo');
  assert.equal(cfg.host, '127.0.0.1');
  assert.equal(cfg.port, 8000);
  assert.equal(cfg.lsRestUrl, 'https://openapi.ls-sec.co.kr:8080');
  assert.equal(cfg.lsWsUrl, 'wss://openapi.ls-sec.co.kr:9443/websocket');
  assert.equal(cfg.lsSimulated, false);
  assert.equal(cfg.lsTr, 'US3');
  assert.equal(cfg.dataDir, path.join(cwd, 'data'));
  assert.equal(cfg.storeDir, path.join(cwd, 'data', 'demo'));
  assert.ok(fs.statSync(cfg.storeDir).isDirectory(), 'data dirs created');
  assert.equal(cfg.watchlistPath, path.join(cwd, 'watchlist.json'));
  assert.equal(cfg.replay, null);
  assert.equal(cfg.logLevel, 'info');
  assert.equal(cfg.lsAppSecret, null);
});

test('keys select the ls feed, recording straight into DATA_DIR; LS_SIMULATED picks port 29443', () => {
  const cwd = tmpCwd();
  const cfg = loadConfig({ LS_APP_KEY: 'PSkey-00000000', LS_APP_SECRET: SECRET, LS_SIMULATED: '1', DATA_DIR: 'rec', LS_TR: 'K3_' }, cwd);
  assert.equal(cfg.feed, 'ls');
  assert.equal(cfg.lsSimulated, true);
  assert.equal(cfg.lsWsUrl, 'wss://openapi.ls-sec.co.kr:29443/websocket');
  assert.equal(cfg.storeDir, path.join(cwd, 'rec'));
  assert.equal(cfg.lsTr, 'K3_');
  assert.equal(cfg.lsAppSecret?.reveal(), SECRET);
  // An explicit URL wins over LS_SIMULATED; plain ws:// and http:// work for the emulator.
  const local = loadConfig({ LS_APP_KEY: 'PSkey-00000000', LS_APP_SECRET: SECRET, LS_SIMULATED: '1', LS_WS_URL: 'ws://127.0.0.1:1234/websocket', LS_REST_URL: 'http://127.0.0.1:1235/' }, cwd);
  assert.equal(local.lsWsUrl, 'ws://127.0.0.1:1234/websocket');
  assert.equal(local.lsRestUrl, 'http://127.0.0.1:1235');
});

test('the secret never shows in JSON, inspection or the described config', () => {
  const cfg = loadConfig({ LS_APP_KEY: 'PSkey123456', LS_APP_SECRET: SECRET }, tmpCwd());
  assert.ok(!JSON.stringify(cfg).includes(SECRET));
  assert.ok(!inspect(cfg, { depth: 10, showHidden: true }).includes(SECRET));
  assert.ok(!`${cfg.lsAppSecret}`.includes(SECRET));
  assert.ok(!JSON.stringify(describeConfig(cfg)).includes(SECRET));
  assert.ok(!JSON.stringify(describeConfig(cfg)).includes('PSkey123456'));
  assert.equal(describeConfig(cfg).lsAppSecret, '[hidden]');
});

test('.env is read from cwd; the real environment wins', () => {
  const cwd = tmpCwd(['# comment', '', 'PORT=9100', 'HOST="127.0.0.1"', "export LOG_LEVEL='debug'", 'DEMO_SEED=42 # inline comment', 'FEED=demo'].join('\n'));
  const cfg = loadConfig({ FEED: 'demo', PORT: '9200' }, cwd);
  assert.equal(cfg.port, 9200);
  assert.equal(cfg.host, '127.0.0.1');
  assert.equal(cfg.logLevel, 'debug');
  assert.equal(cfg.demoSeed, 42);
  assert.match(configError({}, tmpCwd('PORT=1\nthis line is wrong\n')), /^\.env line 2: expected KEY=value$/);
  assert.match(configError({}, tmpCwd(`LS_APP_SECRET="${SECRET}\n`)), /^\.env line 1: LS_APP_SECRET has an unterminated quote$/);
  assert.ok(!configError({}, tmpCwd(`LS_APP_SECRET="${SECRET}\n`)).includes(SECRET));
});

test('replay needs a real date and a source folder apart from where it records', () => {
  const cwd = tmpCwd();
  fs.mkdirSync(path.join(cwd, 'recorded'));
  const cfg = loadConfig({ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_SPEED: '60', REPLAY_DIR: 'recorded' }, cwd);
  assert.deepEqual(cfg.replay, { dir: path.join(cwd, 'recorded'), date: '20251126', speed: 60 });
  assert.equal(cfg.storeDir, path.join(cwd, 'data', 'replay'));
  assert.equal(loadConfig({ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_SPEED: 'max' }, cwd).replay?.dir, path.join(cwd, 'data'));
  assert.equal(loadConfig({ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_SPEED: 'max' }, cwd).replay?.speed, 'max');
});

test('every invalid setting stops with one line naming the setting and the problem', () => {
  const file = path.join(tmpCwd(), 'a-file');
  fs.writeFileSync(file, '');
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    // The settings read from the environment go through the settings validator: its message, the value shown.
    [{ PORT: 'abc' }, /^PORT: 포트는 1024에서 65535 사이의 정수여야 합니다 \(0은 빈 포트\) \("abc"\)$/],
    [{ PORT: '70000' }, /^PORT: .*1024.*\("70000"\)$/],
    [{ PORT: '-1' }, /^PORT: .*1024.*\("-1"\)$/],
    [{ PORT: '80' }, /^PORT: .*1024.*\("80"\)$/],
    [{ LS_REST_URL: 'ftp://x' }, /^LS_REST_URL: "ftp:\/\/x" must start with https:\/\/ or http:\/\/$/],
    [{ LS_WS_URL: 'https://x/websocket' }, /^LS_WS_URL: "https:\/\/x\/websocket" must start with wss:\/\/ or ws:\/\/$/],
    [{ LS_WS_URL: 'not a url' }, /^LS_WS_URL: "not a url" is not a URL$/],
    [{ FEED: 'ls' }, /^FEED: "ls" needs LS_APP_KEY and LS_APP_SECRET/],
    [{ FEED: 'live' }, /^FEED: "live" is not one of ls, demo, replay$/],
    [{ LS_APP_KEY: 'PSkey-00000000' }, /^LS_APP_SECRET: App Key와 App Secret은 함께/],
    [{ LS_APP_SECRET: SECRET }, /^LS_APP_KEY: App Key와 App Secret은 함께/],
    [{ LS_APP_KEY: 'k', LS_APP_SECRET: SECRET }, /^LS_APP_KEY: App Key 형식이 올바르지 않습니다/],
    [{ LS_TR: 'H1_' }, /^LS_TR: 체결 TR은 US3, S3_, K3_, NS3 중 하나여야 합니다 \("H1_"\)$/],
    [{ LS_SIMULATED: 'yes' }, /^LS_SIMULATED: .* \("yes"\)$/],
    [{ DEMO_SEED: 'x1' }, /^DEMO_SEED: "x1" is not a whole number$/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: "loud" is not one of debug, info, warn, error$/],
    [{ HOST: 'evil host' }, /^HOST: /],
    [{ DATA_DIR: path.join(file, 'sub') }, /^DATA_DIR: ".*a-file" \(creating ".*a-file\/sub"\) is a file, not a folder \(ENOTDIR\)$/],
    [{ DATA_DIR: file }, /^DATA_DIR: ".*a-file" is a file, not a folder \(EEXIST\)$/],
    [{ FEED: 'replay' }, /^REPLAY_DATE: missing/],
    [{ FEED: 'replay', REPLAY_DATE: '20251131' }, /^REPLAY_DATE: "20251131" is not a real date/],
    [{ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_SPEED: '0' }, /^REPLAY_SPEED: "0" is not a positive number or "max"$/],
    [{ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_SPEED: 'fast' }, /^REPLAY_SPEED: "fast"/],
    [{ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_DIR: '/nonexistent/dir' }, /^REPLAY_DIR: "\/nonexistent\/dir" is not a directory$/],
    [{ FEED: 'replay', REPLAY_DATE: '20251126', REPLAY_DIR: 'data/replay' }, /^REPLAY_DIR: .* is where the replay records/],
  ];
  for (const [env, re] of cases) assert.match(configError(env), re, JSON.stringify(env));
  assert.ok(!configError({ LS_APP_KEY: 'PSkey-00000000', LS_APP_SECRET: 'bad secret' }).includes('bad secret'), 'a refused secret is not shown');
});

test('a folder that cannot be made is named with the fault in words: read-only, not writable, a file in its place', () => {
  // A read-only mount needs privileges tests lack; the wording for EROFS is checked on the error mkdir gives.
  const missing = path.join(tmpCwd(), 'data', 'demo');
  const erofs = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
  assert.match(folderProblem(missing, erofs), /^".*" \(creating ".*data\/demo"\) is read-only \(EROFS/);
  const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES' });
  assert.equal(folderProblem('/', eacces), '"/" is not writable (EACCES)');
  assert.equal(folderProblem('/x', new Error('odd')), 'cannot create "/x" (odd)');
});
