import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { electronBinary, electronProblem } from '../../electron/core/launch.ts';
import { DEFAULT_SETTINGS } from '../../electron/core/settings.ts';
import { desktopRun } from '../../electron/shell/paths.ts';
import { collectionView } from '../../electron/shell/tray-menu.ts';
import type { HealthStatus } from '../../electron/shared/wire.ts';

test('the Electron binary is found from the npm package’s path.txt, never by importing electron', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-launch-'));
  assert.equal(electronBinary(root, {}), null, 'no package, no binary');
  const pkg = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(pkg, { recursive: true });
  assert.equal(electronBinary(root, {}), null, 'package without a downloaded binary');
  fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
  assert.equal(electronBinary(root, {}), path.join(pkg, 'dist', 'electron'));
  assert.ok(electronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' })?.startsWith(path.join('/opt/e', 'electron')));
  fs.rmSync(root, { recursive: true, force: true });
});

test('launch says why Electron cannot start', () => {
  const yes = (): boolean => true;
  const no = (): boolean => false;
  assert.match(electronProblem(null, yes, 'linux', { DISPLAY: ':0' }) ?? '', /설치되지 않았습니다/);
  assert.match(electronProblem('/x/electron', no, 'linux', { DISPLAY: ':0' }) ?? '', /없습니다: \/x\/electron/);
  assert.match(electronProblem('/x/electron', yes, 'linux', {}) ?? '', /DISPLAY/);
  assert.equal(electronProblem('/x/electron', yes, 'linux', { WAYLAND_DISPLAY: 'wayland-0' }), null);
  assert.equal(electronProblem('C:\\e\\electron.exe', yes, 'win32', {}), null, 'Windows and macOS always have a display');
});

test('the desktop core runs with the saved settings and app paths, the real environment winning', () => {
  const paths = { watchlist: '/u/watchlist.json', dataDir: '/u/data' };
  const saved = { ...DEFAULT_SETTINGS, port: 8000, tradeTr: 'US3' as const };
  const run = desktopRun(saved, paths, { HOST: '0.0.0.0', LS_TR: 'NS3' }, '/app');
  assert.deepEqual(run, { settings: { ...saved, dataDir: '/u/data' }, fixed: { host: '127.0.0.1', watchlistPath: '/u/watchlist.json' } });
  const test = desktopRun(saved, paths, { PORT: '0', DATA_DIR: '/tmp/d', WATCHLIST_PATH: '/tmp/w.json', HOST: '0.0.0.0' }, '/app');
  assert.equal(test.settings.port, 0);
  assert.equal(test.settings.dataDir, '/tmp/d');
  assert.equal(test.fixed.watchlistPath, '/tmp/w.json');
  assert.equal(test.fixed.host, '127.0.0.1', 'the desktop app never listens beyond loopback');
  assert.throws(() => desktopRun(saved, paths, { PORT: '80' }, '/app'), { name: 'ConfigError', message: /^PORT: / }, 'the one settings validator checks the override');
});

test('the tray summarises the core status', () => {
  const s = {
    feed: 'ls', simulated: true, connection: 'reconnecting', last_error: null, watchlist_error: 'watchlist.json: invalid JSON',
    watchlist: ['005930', '000660'],
    codes: { '005930': { last_trade_time: '090001', trades_today: 10 }, '000660': { last_trade_time: null, trades_today: 5 } },
  } as unknown as HealthStatus;
  assert.deepEqual(collectionView(s), { feed: 'ls', simulated: true, state: 'reconnecting', lastError: 'watchlist.json: invalid JSON', codes: 2, tradesToday: 15 });
});
