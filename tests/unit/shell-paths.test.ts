import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveAppPaths, seedWatchlist } from '../../electron/shell/paths.ts';
import { desktopEntry, linuxAutostartDir, linuxAutostartEnabled, relaunchCommand, setLinuxAutostart } from '../../electron/shell/autostart.ts';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fp-shell-'));
}

test('development runs use the repository watchlist and ./data', () => {
  const p = resolveAppPaths({ packaged: false, userData: '/home/u/.config/Footprint', resourcesPath: '/x', appRoot: '/repo', dataDirSetting: '' });
  assert.equal(p.watchlist, path.join('/repo', 'watchlist.json'));
  assert.equal(p.defaultWatchlist, p.watchlist);
  assert.equal(p.dataDir, path.join('/repo', 'data'));
  assert.equal(p.trayIcons, path.join('/repo', 'build', 'tray'));
  assert.equal(p.preload, path.join('/repo', 'dist', 'electron', 'shell', 'preload.cjs'));
});

test('a packaged app keeps its writable files under user data, never next to the executable', () => {
  const p = resolveAppPaths({
    packaged: true, userData: '/home/u/.config/Footprint', resourcesPath: '/opt/Footprint/resources',
    appRoot: '/opt/Footprint/resources/app.asar', dataDirSetting: '',
  });
  assert.equal(p.watchlist, path.join('/home/u/.config/Footprint', 'watchlist.json'));
  assert.equal(p.defaultWatchlist, path.join('/opt/Footprint/resources', 'watchlist.json'));
  assert.equal(p.dataDir, path.join('/home/u/.config/Footprint', 'data'));
  assert.equal(p.trayIcons, path.join('/opt/Footprint/resources', 'tray'));
  assert.ok(p.preload.startsWith('/opt/Footprint/resources/app.asar'), 'the preload is read from inside the asar');
  const custom = resolveAppPaths({ packaged: true, userData: '/u', resourcesPath: '/r', appRoot: '/a', dataDirSetting: '/mnt/ticks' });
  assert.equal(custom.dataDir, '/mnt/ticks');
});

test('the first run copies the bundled watchlist; later runs keep the trader’s list', () => {
  const dir = tmp();
  const resources = path.join(dir, 'resources');
  fs.mkdirSync(resources);
  fs.writeFileSync(path.join(resources, 'watchlist.json'), '{"codes":["005930"]}\n');
  const paths = { watchlist: path.join(dir, 'userData', 'watchlist.json'), defaultWatchlist: path.join(resources, 'watchlist.json') };
  assert.equal(seedWatchlist(paths), 'copied');
  assert.equal(fs.readFileSync(paths.watchlist, 'utf8'), '{"codes":["005930"]}\n');
  fs.writeFileSync(paths.watchlist, '{"codes":["000660"]}\n');
  assert.equal(seedWatchlist(paths), 'kept');
  assert.equal(fs.readFileSync(paths.watchlist, 'utf8'), '{"codes":["000660"]}\n');
  assert.equal(seedWatchlist({ watchlist: paths.defaultWatchlist, defaultWatchlist: paths.defaultWatchlist }), 'kept');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a missing bundled watchlist is an error, not a silent empty list', () => {
  const dir = tmp();
  assert.throws(() => seedWatchlist({ watchlist: path.join(dir, 'w.json'), defaultWatchlist: path.join(dir, 'missing.json') }), { code: 'ENOENT' });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Linux start-at-login writes and removes an XDG autostart entry', () => {
  const dir = tmp();
  const auto = linuxAutostartDir({ XDG_CONFIG_HOME: dir }, '/home/u');
  assert.equal(auto, path.join(dir, 'autostart'));
  assert.equal(linuxAutostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u'), path.join('/home/u', '.config', 'autostart'));
  assert.equal(linuxAutostartEnabled(auto), false);
  const exec = relaunchCommand('/tmp/.mount_Foot/footprint', { APPIMAGE: '/home/u/Apps/Footprint 1.AppImage' });
  assert.deepEqual(exec, ['/home/u/Apps/Footprint 1.AppImage', '--hidden']);
  setLinuxAutostart(auto, true, exec);
  assert.equal(linuxAutostartEnabled(auto), true);
  const text = fs.readFileSync(path.join(auto, 'footprint.desktop'), 'utf8');
  assert.match(text, /^\[Desktop Entry\]\n/);
  assert.match(text, /\nExec="\/home\/u\/Apps\/Footprint 1\.AppImage" --hidden\n/);
  setLinuxAutostart(auto, false, exec);
  assert.equal(linuxAutostartEnabled(auto), false);
  assert.match(desktopEntry(['/opt/a$b']), /Exec="\/opt\/a\\\$b"/);
  fs.rmSync(dir, { recursive: true, force: true });
});
