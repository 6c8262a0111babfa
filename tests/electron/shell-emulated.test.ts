// The desktop shell's own code (dist/electron/shell/main.js), run in Node on the Electron emulator
// (tests/support/electron-emulator): the real core, real sockets, real files, real settings store;
// only Electron's objects are emulated. It checks the wiring the issue asks for: the window only
// after the server listens, close hides while collection goes on, the tray menu and its actions,
// navigation and IPC guards, single instance, the port-taken offer, encrypted credentials that
// reconnect the collector, the packaged layout running without the repository, and a clean quit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { secureWebPreferences } from '../../electron/shell/policy.ts';
import { desktopProfile } from '../support/desktop-profile.ts';
import { launchChromium, testOutputDir } from '../support/chromium.ts';
import { asarFiles, extractAsar, FUSE_OFF, FUSE_ON, FUSE_ORDER, packLinuxDir, readFuseWire, type PackedApp } from '../support/packaged-app.ts';
import { launchShell, type EmulatedShell, type ShellEvent } from '../support/electron-emulator/driver.ts';
import { EMULATOR_APP_KEY, EMULATOR_APP_SECRET, startLsEmulator } from '../support/ls-emulator.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { startServe, until } from '../support/serve-process.ts';

const QUIT = '종료 (수집 중지)';
const OPEN = '창 열기';

interface Health {
  status: string;
  feed: string;
  connection: string;
  codes: Record<string, { trades_today: number }>;
}

/** A desktop profile for the shell in development (the repository is the app). */
const profile = (extra: Record<string, string> = {}): { dir: string; env: Record<string, string> } =>
  desktopProfile({ ELECTRON_EMULATOR_APP_PATH: REPO_ROOT, ...extra });

async function health(url: string): Promise<Health> {
  return (await (await fetch(`${url}/`, { headers: { Accept: 'application/json' } })).json()) as Health;
}

const tradesToday = (h: Health): number => Object.values(h.codes).reduce((s, c) => s + c.trades_today, 0);
const labels = (e: ShellEvent): string[] => (e.items as Array<{ label: string | null }>).map((i) => i.label ?? '');

/** Quits from the tray menu and checks the exit is clean: code 0, tray gone once, every line whole. */
async function quitFromTray(shell: EmulatedShell, dataDir: string): Promise<void> {
  await shell.send({ op: 'tray-click', label: QUIT });
  assert.equal(await shell.exited, 0, shell.stderr());
  assert.equal(shell.events.filter((e) => e.ev === 'tray-destroyed').length, 1);
  assert.equal(shell.events.filter((e) => e.ev === 'error-box').length, 0);
  const files = fs.readdirSync(dataDir).filter((f) => f.startsWith('raw_data_'));
  assert.ok(files.length > 0, `trades were recorded in ${dataDir}`);
  for (const f of files) {
    const text = fs.readFileSync(path.join(dataDir, f), 'utf8');
    assert.ok(text.endsWith('\n'), `${f} ends with a complete line`);
    for (const line of text.trimEnd().split('\n')) JSON.parse(line);
  }
}

test('shell: window after the server listens, close hides while collecting, tray, guards, single instance, clean quit', async () => {
  const { dir, env } = profile({ FEED: 'demo' });
  const shell = launchShell({ env });
  try {
    assert.equal((await shell.next('single-instance-lock')).granted, true);
    const tray = await shell.next('tray-created');
    assert.equal(tray.empty, false, `tray icon ${String(tray.icon)} is a PNG`);

    const win = await shell.next('window-created');
    const listening = /Footprint listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(shell.stdout());
    assert.ok(listening, 'the server listened before the window was created');
    const url = listening[1]!;
    assert.deepEqual(win.webPreferences, secureWebPreferences(path.join(REPO_ROOT, 'dist/electron/shell/preload.cjs')));
    assert.equal(win.preloadExists, true);
    assert.equal(win.show, false, 'created hidden, shown once the page is ready');
    const id = win.id as number;

    const load = await shell.next('window-load');
    assert.equal(load.url, url);
    assert.equal(load.status, 200);
    assert.match(String(load.contentType), /text\/html/);
    assert.match(String(load.csp), /default-src 'self'/);
    await shell.next('window-shown', (e) => e.id === id);

    // The tray shows the collection, refreshed from the core's status.
    const menu = await shell.next('tray-menu', (e) => labels(e).some((l) => /오늘 체결 [1-9]/.test(l)));
    assert.ok(labels(menu).includes('시세: 데모 (가상 시세) · 연결됨'), labels(menu).join(' | '));
    assert.ok(labels(menu).some((l) => /^종목 2개 · 오늘 체결 [1-9][\d,]*건$/.test(l)), labels(menu).join(' | '));
    for (const l of [OPEN, '브라우저에서 열기', '데이터 폴더 열기', QUIT]) assert.ok(labels(menu).includes(l), l);

    // Closing the window hides it; the collector keeps recording.
    await shell.send({ op: 'close-window', id });
    await shell.next('window-hidden', (e) => e.id === id);
    assert.deepEqual(await shell.send({ op: 'window-state', id }), { visible: false, destroyed: false });
    const before = tradesToday(await health(url));
    await until(async () => tradesToday(await health(url)) > before, 'trades recorded while the window is hidden');
    assert.equal(shell.child.exitCode, null);

    await shell.send({ op: 'tray-click', label: OPEN });
    await shell.next('window-shown', (e) => e.id === id);

    await shell.send({ op: 'tray-click', label: '브라우저에서 열기' });
    assert.equal((await shell.next('shell', (e) => e.fn === 'openExternal')).arg, url);
    await shell.send({ op: 'tray-click', label: '데이터 폴더 열기' });
    assert.deepEqual(await shell.next('shell', (e) => e.fn === 'openPath'), { ev: 'shell', fn: 'openPath', arg: path.join(dir, 'data', 'demo') });

    // Navigation stays on the app; web links go to the system browser; other schemes go nowhere.
    assert.deepEqual(await shell.send({ op: 'navigate', id, url: `${url}/?code=000660` }), { prevented: false });
    assert.deepEqual(await shell.send({ op: 'navigate', id, url: 'https://www.ls-sec.co.kr/' }), { prevented: true });
    assert.equal((await shell.next('shell', (e) => e.fn === 'openExternal')).arg, 'https://www.ls-sec.co.kr/');
    assert.deepEqual(await shell.send({ op: 'frame-navigate', id, url: 'https://evil.example/' }), { prevented: true });
    assert.equal(await shell.send({ op: 'window-open', id, url: 'file:///etc/passwd' }), 'deny');
    assert.equal(await shell.send({ op: 'window-open', id, url: 'https://example.com/news' }), 'deny');
    const externals = shell.events.filter((e) => e.ev === 'shell' && e.fn === 'openExternal').map((e) => e.arg);
    assert.ok(!externals.includes('file:///etc/passwd') && externals.includes('https://example.com/news'), externals.join(' '));
    assert.equal(await shell.send({ op: 'permission', permission: 'media' }), false);

    // IPC answers only the app's own top-level page, with no arguments.
    const opened = shell.events.filter((e) => e.ev === 'shell' && e.fn === 'openPath').length;
    assert.equal(await shell.send({ op: 'ipc', channel: 'footprint:open-data-folder', senderUrl: `${url}/`, mainFrame: true, args: [] }), undefined);
    assert.equal(shell.events.filter((e) => e.ev === 'shell' && e.fn === 'openPath').length, opened + 1);
    for (const bad of [
      { senderUrl: 'https://evil.example/', mainFrame: true, args: [] },
      { senderUrl: `${url}/`, mainFrame: false, args: [] },
      { senderUrl: `${url}/`, mainFrame: true, args: ['/etc'] },
      { senderUrl: null, mainFrame: true, args: [] },
    ]) {
      await assert.rejects(shell.send({ op: 'ipc', channel: 'footprint:open-data-folder', ...bad }), /refused/, JSON.stringify(bad));
    }
    assert.equal(shell.events.filter((e) => e.ev === 'shell' && e.fn === 'openPath').length, opened + 1, 'refused requests did nothing');

    // A second launch on the same profile does not start a collector: it hands over and leaves.
    await shell.send({ op: 'close-window', id });
    await shell.next('window-hidden', (e) => e.id === id);
    const second = launchShell({ env });
    assert.equal(await second.exited, 0, second.stderr());
    assert.equal(second.events.find((e) => e.ev === 'single-instance-lock')?.granted, false);
    assert.ok(!second.stdout().includes('listening'), 'the second instance started no server');
    await shell.next('window-shown', (e) => e.id === id);
    await shell.next('window-focused', (e) => e.id === id);

    await quitFromTray(shell, path.join(dir, 'data', 'demo'));
    await assert.rejects(fetch(`${url}/`), 'the server is closed');
  } finally {
    shell.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('shell: a port held by another program is reported and the next free one offered; declining quits', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const taken = (holder.address() as net.AddressInfo).port;
  const { dir, env } = profile({ FEED: 'demo', PORT: String(taken) });
  try {
    const accept = launchShell({ env });
    try {
      const offer = await accept.next('dialog');
      const options = offer.options as { message: string; detail: string; buttons: string[] };
      assert.match(options.message, new RegExp(`포트 ${taken}을\\(를\\) 다른 프로그램이 사용 중`));
      const next = Number(/(\d+) 포트로 시작/.exec(options.buttons[0]!)![1]);
      assert.ok(next > taken);
      assert.equal(accept.events.some((e) => e.ev === 'window-created'), false, 'no window before the trader answered');
      await accept.send({ op: 'dialog-answer', id: offer.id as number, response: 0 });
      assert.equal((await accept.next('window-load')).url, `http://127.0.0.1:${next}`);
      const menu = await accept.next('tray-menu', (e) => labels(e).some((l) => l.startsWith('시세:')));
      assert.equal(labels(menu).find((l) => l.startsWith('포트')), `포트 ${taken}을(를) 다른 프로그램이 사용 중이라 ${next} 포트로 실행 중`);
      const h = (await health(`http://127.0.0.1:${next}`)) as Health & { port_fallback: unknown };
      assert.deepEqual(h.port_fallback, { wanted: taken, using: next });
      // The window (here headless Chromium on the same page) says it too, with the address to use now.
      const browser = await launchChromium();
      try {
        const { page, errors } = await browser.newPage();
        await page.goto(`http://127.0.0.1:${next}/`);
        const banner = page.locator('.port-banner');
        await banner.waitFor({ state: 'visible' });
        assert.equal(
          await banner.textContent(),
          `포트 ${taken}을(를) 다른 프로그램이 사용 중이라 ${next} 포트에서 실행 중입니다. 외부 브라우저와 스크립트는 http://127.0.0.1:${next} 을 사용하세요 (설정에서 포트 변경).`,
        );
        await page.screenshot({ path: path.join(await testOutputDir(), 'port-fallback.png') });
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
      await quitFromTray(accept, path.join(dir, 'data', 'demo'));
    } finally {
      accept.kill();
    }

    const decline = launchShell({ env });
    try {
      const offer = await decline.next('dialog');
      await decline.send({ op: 'dialog-answer', id: offer.id as number, response: 1 });
      assert.equal(await decline.exited, 0);
      assert.equal(decline.events.some((e) => e.ev === 'window-created'), false);
      assert.ok(!decline.stdout().includes('listening'));
    } finally {
      decline.kill();
    }
  } finally {
    holder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('shell: a data folder another collector records into is reported in a dialog and the tray; that collector goes on', async () => {
  const { dir, env } = profile({ FEED: 'demo' });
  const serve = await startServe({ FEED: 'demo', DATA_DIR: env.DATA_DIR!, WATCHLIST_PATH: env.WATCHLIST_PATH! });
  const shell = launchShell({ env });
  try {
    const box = await shell.next('dialog');
    const options = box.options as { type: string; message: string; detail: string };
    assert.equal(options.type, 'error');
    assert.match(options.detail, new RegExp(`다른 Footprint 수집기\\(pid ${serve.pid}\\)가 이 데이터 폴더에 기록 중입니다`));
    await shell.send({ op: 'dialog-answer', id: box.id as number, response: 0 });
    // The tray says why (set before the dialog opened), and offers no window to open.
    const items = shell.last('tray-menu')!.items as Array<{ label: string | null; enabled: boolean }>;
    assert.match(items.find((i) => i.label?.startsWith('시작 실패:'))?.label ?? '', /다른 Footprint 수집기/);
    assert.equal(items.find((i) => i.label === OPEN)?.enabled, false);
    assert.equal(shell.events.some((e) => e.ev === 'window-created'), false, 'no window without a collector');
    const before = tradesToday(await health(serve.url));
    await shell.send({ op: 'tray-click', label: QUIT });
    assert.equal(await shell.exited, 0, shell.stderr());
    await until(async () => tradesToday(await health(serve.url)) > before, 'the first collector goes on recording');
  } finally {
    shell.kill();
    await serve.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('shell: LS keys saved in settings are encrypted at rest, reconnect the collector at once, and survive a restart', async () => {
  const emu = await startLsEmulator();
  const { dir, env } = profile({ LS_REST_URL: emu.restUrl, LS_WS_URL: emu.wsUrl });
  const settingsFile = path.join(dir, 'Footprint', 'settings.json');
  try {
    const first = launchShell({ env });
    try {
      const url = String((await first.next('window-load')).url);
      assert.equal((await health(url)).feed, 'demo', 'no keys yet: the demo feed runs');
      const res = await fetch(`${url}/api/settings`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Origin: url },
        body: JSON.stringify({ appKey: EMULATOR_APP_KEY, appSecret: EMULATOR_APP_SECRET }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      await until(async () => {
        const h = await health(url);
        return h.feed === 'ls' && h.connection === 'open';
      }, 'the collector reconnected to LS with the saved keys');
      const stored = fs.readFileSync(settingsFile, 'utf8');
      assert.ok(!stored.includes(EMULATOR_APP_SECRET) && !stored.includes(EMULATOR_APP_KEY), 'no credential in plain text on disk');
      const secrets = (JSON.parse(stored) as { secrets: Record<string, string> }).secrets;
      assert.deepEqual(Object.keys(secrets).sort(), ['appKey', 'appSecret']);
      const page = (await (await fetch(`${url}/api/settings`)).json()) as { appSecret: string; storage: { warning: string | null } };
      assert.notEqual(page.appSecret, EMULATOR_APP_SECRET);
      assert.equal(page.storage.warning, null);
      await quitFromTray(first, path.join(dir, 'data', 'demo'));
    } finally {
      first.kill();
    }
    assert.ok(!fs.readFileSync(path.join(dir, 'Footprint', 'settings.json'), 'utf8').includes(EMULATOR_APP_SECRET));

    const again = launchShell({ env });
    try {
      const url = String((await again.next('window-load')).url);
      await until(async () => (await health(url)).connection === 'open', 'LS connection after restart');
      assert.equal((await health(url)).feed, 'ls', 'the keys were decrypted at start-up');
      await again.send({ op: 'tray-click', label: QUIT });
      assert.equal(await again.exited, 0);
    } finally {
      again.kill();
    }
    assert.ok(!(first.stderr() + first.stdout()).includes(EMULATOR_APP_SECRET), 'the secret is never logged');
  } finally {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** LS addresses on a closed loopback port: tests that save keys without an emulator must never reach out. */
const LS_NOWHERE = { LS_REST_URL: 'http://127.0.0.1:9', LS_WS_URL: 'ws://127.0.0.1:9/websocket' };

test('shell: without a real keyring the settings page warns; with none at all the secret is never written', async () => {
  const cases = [
    { keyring: 'none', warning: 'keys_until_quit', written: false },
    { keyring: 'basic_text', warning: 'secret_obfuscated', written: true },
  ];
  for (const c of cases) {
    const { dir, env } = profile({ FEED: 'demo', ELECTRON_EMULATOR_KEYRING: c.keyring, ...LS_NOWHERE });
    const shell = launchShell({ env });
    try {
      const url = String((await shell.next('window-load')).url);
      const page = (await (await fetch(`${url}/api/settings`)).json()) as { storage: { warning: string | null } };
      assert.equal(page.storage.warning, c.warning, c.keyring);
      const res = await fetch(`${url}/api/settings`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Origin: url },
        body: JSON.stringify({ appKey: 'keyring-test-key-123456', appSecret: 'keyring-test-secret-123456' }),
      });
      assert.equal(res.status, 200);
      const file = path.join(dir, 'Footprint', 'settings.json');
      const stored = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      assert.ok(!stored.includes('keyring-test'), stored);
      const secrets = stored === '' ? {} : (JSON.parse(stored) as { secrets: Record<string, string> }).secrets;
      assert.equal(Object.keys(secrets).length > 0, c.written, c.keyring);
    } finally {
      shell.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

/** The app as electron-builder packs it (once for this file), unpacked so Node can run it. */
let packed: Promise<PackedApp & { root: string; app: string }> | null = null;
function packedApp(): Promise<PackedApp & { root: string; app: string }> {
  packed ??= (async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-packaged-'));
    const out = await packLinuxDir(root);
    const app = path.join(root, 'app');
    extractAsar(out.asar, app);
    return { ...out, root, app };
  })();
  return packed;
}

after(async () => {
  if (packed) fs.rmSync((await packed).root, { recursive: true, force: true });
});

test('electron-builder output: hardened fuses, only the app and its production packages in app.asar, resources beside it', async () => {
  const out = await packedApp();
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { build: { electronFuses: Record<string, boolean> }; dependencies: Record<string, string> };
  const wire = readFuseWire(out.executable);
  // A configured name the wire does not know (a typo) would otherwise be skipped by the loop below.
  assert.deepEqual(Object.keys(pkg.build.electronFuses).filter((n) => !(FUSE_ORDER as readonly string[]).includes(n)), []);
  FUSE_ORDER.forEach((name, i) => {
    const want = pkg.build.electronFuses[name];
    if (want !== undefined) assert.equal(wire[i], want ? FUSE_ON : FUSE_OFF, `fuse ${name}`);
  });
  assert.equal(wire[FUSE_ORDER.indexOf('runAsNode')], FUSE_OFF);
  assert.equal(wire[FUSE_ORDER.indexOf('onlyLoadAppFromAsar')], FUSE_ON);

  const files = asarFiles(out.asar);
  for (const f of ['/package.json', '/dist/electron/shell/main.js', '/dist/electron/shell/preload.cjs', '/dist/ui/index.html']) assert.ok(files.includes(f), f);
  for (const dep of Object.keys(pkg.dependencies)) assert.ok(files.includes(`/node_modules/${dep}/package.json`), dep);
  const packedTop = new Set(files.filter((f) => /^\/node_modules\/[^/]+$/.test(f) || /^\/node_modules\/@[^/]+\/[^/]+$/.test(f)).map((f) => f.slice('/node_modules/'.length)));
  for (const dev of ['typescript', 'vite', 'electron', 'electron-builder', 'playwright-core', 'lightweight-charts', '@electron/asar']) assert.ok(!packedTop.has(dev), `devDependency ${dev} is not packed`);
  const strays = files.filter((f) => !f.startsWith('/node_modules/') && (/\.ts$|\.map$/.test(f) || f.startsWith('/dist/tests') || f.startsWith('/dist/bench') || f.startsWith('/renderer') || f.startsWith('/tests')));
  assert.deepEqual(strays, [], 'no sources, maps, tests or benchmarks in the package');
  assert.ok(fs.existsSync(path.join(out.resources, 'watchlist.json')));
  for (const f of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) assert.ok(fs.existsSync(path.join(out.resources, 'tray', f)), f);
});

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

test('shell, packaged by electron-builder: runs without the repository; watchlist and data live under the user-data folder', async () => {
  const { app, resources } = await packedApp();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-packaged-run-'));
  const home = path.join(root, 'home');
  const userData = path.join(root, 'Footprint');
  fs.mkdirSync(home);
  const appFiles = listFiles(app);
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: root,
    ELECTRON_EMULATOR_PACKAGED: '1',
    ELECTRON_EMULATOR_APP_PATH: app,
    ELECTRON_EMULATOR_RESOURCES: resources,
    PORT: '0',
    FEED: 'demo',
  };
  const main = path.join(app, 'dist/electron/shell/main.js');
  // As started at login: with --hidden the window is made but not shown.
  const shell = launchShell({ args: ['--hidden'], main, env });
  let again: EmulatedShell | null = null;
  try {
    assert.equal((await shell.next('tray-created')).icon, path.join(resources, 'tray', 'tray.png'));
    const win = await shell.next('window-created');
    assert.equal(win.preloadExists, true);
    const load = await shell.next('window-load');
    assert.equal(load.status, 200);
    assert.match(String(load.html), /<script type="module"[^>]*src="\.\/assets\//, 'the bundled renderer is served');
    const url = String(load.url);
    assert.deepEqual(await shell.send({ op: 'window-state', id: win.id as number }), { visible: false, destroyed: false });

    // Start at login, offered by a packaged app: on Linux an XDG autostart entry that relaunches it hidden.
    const autostart = path.join(root, 'autostart', 'footprint.desktop'); // under $XDG_CONFIG_HOME
    await shell.send({ op: 'tray-click', label: '로그인할 때 시작' });
    await shell.next('tray-menu', (e) => (e.items as Array<{ label: string; checked: boolean | null }>).some((i) => i.label === '로그인할 때 시작' && i.checked === true));
    assert.match(fs.readFileSync(autostart, 'utf8'), /^Exec=\S+ --hidden$/m);
    await shell.send({ op: 'tray-click', label: '로그인할 때 시작' });
    await shell.next('tray-menu', (e) => (e.items as Array<{ label: string; checked: boolean | null }>).some((i) => i.label === '로그인할 때 시작' && i.checked === false));
    assert.equal(fs.existsSync(autostart), false);

    const wl = (await (await fetch(`${url}/api/watchlist`)).json()) as { watchlist: string[] };
    const shipped = JSON.parse(fs.readFileSync(path.join(resources, 'watchlist.json'), 'utf8')) as { codes: string[] };
    assert.deepEqual(wl.watchlist, shipped.codes, 'first run copies the bundled watchlist');
    assert.deepEqual(fs.readFileSync(path.join(userData, 'watchlist.json'), 'utf8'), fs.readFileSync(path.join(resources, 'watchlist.json'), 'utf8'));
    await until(async () => tradesToday(await health(url)) > 0, 'demo trades recorded');

    // The data folder is the trader's to choose; it takes effect at the next start.
    const chosen = path.join(root, 'chosen-data');
    const res = await fetch(`${url}/api/settings`, { method: 'PUT', headers: { 'Content-Type': 'application/json', Origin: url }, body: JSON.stringify({ dataDir: chosen }) });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { impact: { restart: string[] } }).impact.restart, ['dataDir']);
    await quitFromTray(shell, path.join(userData, 'data', 'demo'));

    again = launchShell({ main, env });
    const url2 = String((await again.next('window-load')).url);
    await until(async () => tradesToday(await health(url2)) > 0, 'demo trades recorded after the restart');
    await quitFromTray(again, path.join(chosen, 'demo'));
    assert.deepEqual(listFiles(app), appFiles, 'nothing is written into the app folder');
  } finally {
    shell.kill();
    again?.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
