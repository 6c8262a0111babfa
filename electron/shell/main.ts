// The desktop app's main process, kept thin: single-instance lock, window security, settings and
// paths, then the same core `npm run serve` runs, then the tray and (once the server listens) the
// window. Decisions live in the pure modules beside this file; this one only wires Electron to them.
import os from 'node:os';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { ConfigError, configFor, envVars, readEnv, type Config } from '../core/config.ts';
import type { SettingsStore } from '../core/settings.ts';
import { startCore, type Core } from '../core/start.ts';
import type { PortFallback, Settings } from '../shared/wire.ts';
import { createLogger, keepRunningWithoutOutput } from '../log.ts';
import { linuxAutostartDir, linuxAutostartEnabled, relaunchCommand, setLinuxAutostart } from './autostart.ts';
import { IPC_CHANNELS } from '../shared/wire.ts';
import { desktopRun, resolveAppPaths, seedWatchlist, type AppPaths } from './paths.ts';
import { nextFreePort, portTakenNotice, probePort } from './port.ts';
import { handleIpc, installSecurity } from './security.ts';
import { desktopSettingsStore, openShellStore } from './settings-store.ts';
import { createTray, type TrayController } from './tray.ts';
import { collectionView, type TrayAction, type TrayState } from './tray-menu.ts';
import { createMainWindow, showWindow } from './window.ts';

const log = createLogger();
keepRunningWithoutOutput();
const startHidden = process.argv.includes('--hidden');

let core: Core | null = null;
let win: BrowserWindow | null = null;
let tray: TrayController | null = null;
let notice: string | null = null;
let quitting = false;
let stopped = false;
let statusTimer: NodeJS.Timeout | null = null;

const appOrigin = (): string => (core ? new URL(core.url).origin : 'null');

function loginItem(): boolean | null {
  if (!app.isPackaged) return null;
  if (process.platform === 'linux') return linuxAutostartEnabled(linuxAutostartDir(process.env, os.homedir()));
  return app.getLoginItemSettings().openAtLogin;
}

function setLoginItem(on: boolean): void {
  if (process.platform === 'linux') setLinuxAutostart(linuxAutostartDir(process.env, os.homedir()), on, relaunchCommand(process.execPath, process.env));
  else app.setLoginItemSettings({ openAtLogin: on, args: ['--hidden'] });
}

function trayState(): TrayState {
  return { collection: core ? collectionView(core.status()) : null, url: core?.url ?? null, notice, openAtLogin: loginItem() };
}

function refreshTray(): void {
  tray?.update(trayState());
}

function runTrayAction(action: TrayAction): void {
  switch (action) {
    case 'open-window':
      showWindow(win);
      break;
    case 'open-browser':
      if (core) void shell.openExternal(core.url);
      break;
    case 'open-data-folder':
      if (core) void shell.openPath(core.storeDir());
      break;
    case 'toggle-open-at-login':
      setLoginItem(!loginItem());
      refreshTray();
      break;
    case 'quit':
      app.quit();
      break;
  }
}

/** The port to use: the configured one, or (if another program holds it and the trader agrees) the next free one. */
async function choosePort(wanted: number): Promise<{ port: number; fallback?: PortFallback } | null> {
  if (wanted === 0) return { port: 0 };
  const probe = await probePort('127.0.0.1', wanted);
  if (probe === 'free') return { port: wanted };
  const next = await nextFreePort('127.0.0.1', wanted);
  notice = portTakenNotice(wanted, null);
  refreshTray();
  if (next === null) {
    await dialog.showMessageBox({ type: 'error', title: 'Footprint', message: notice, detail: '설정에서 다른 포트를 지정한 뒤 다시 시작하세요.' });
    return null;
  }
  const answer = await dialog.showMessageBox({
    type: 'warning',
    title: 'Footprint',
    message: `포트 ${wanted}을(를) 다른 프로그램이 사용 중입니다.`,
    detail: `${next} 포트로 시작할까요? 외부 브라우저 주소도 http://127.0.0.1:${next} 로 바뀝니다. 설정에서 포트를 바꿀 수 있습니다.`,
    buttons: [`${next} 포트로 시작`, '종료'],
    defaultId: 0,
    cancelId: 1,
  });
  if (answer.response !== 0) return null;
  notice = portTakenNotice(wanted, next);
  return { port: next, fallback: { wanted, using: next } };
}

async function startFailed(err: unknown): Promise<void> {
  notice = err instanceof ConfigError ? `설정 오류: ${err.message}` : `시작 실패: ${err instanceof Error ? err.message : String(err)}`;
  refreshTray();
  await dialog.showMessageBox({ type: 'error', title: 'Footprint', message: '수집기를 시작하지 못했습니다.', detail: notice });
}

async function startUp(store: SettingsStore, saved: Settings, paths: AppPaths): Promise<void> {
  // Packaged, a .env belongs to no one: read it only from the user-data folder; development keeps the repository's.
  const cwd = app.isPackaged ? app.getPath('userData') : app.getAppPath();
  let run: ReturnType<typeof desktopRun>;
  try {
    run = desktopRun(saved, paths, envVars(process.env), cwd);
  } catch (err) {
    return startFailed(err);
  }
  const chosen = await choosePort(run.settings.port);
  if (chosen === null) {
    app.quit();
    return;
  }
  try {
    // The settings map onto the configuration directly; the environment adds only what settings do not hold.
    const config: Config = configFor({ ...run.settings, port: chosen.port }, readEnv(process.env, cwd), cwd, run.fixed);
    // The settings page saves through this store; the core reconnects the collector on each change.
    core = await startCore(config, { log, settings: store, portFallback: chosen.fallback });
  } catch (err) {
    return startFailed(err);
  }
  // The same line as `npm run serve`: `npm start` and the Electron tests wait for it.
  process.stdout.write(`Footprint listening on ${core.url}\n`);
  log.info('desktop app serving', { url: core.url, secrets: store.info().warning === null ? 'encrypted' : 'see settings warning' });
  win = createMainWindow({ url: core.url, preload: paths.preload, iconDir: paths.trayIcons, show: !startHidden, quitting: () => quitting });
  statusTimer = setInterval(refreshTray, 2_000);
  refreshTray();
}

let shuttingDown = false;
async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  if (statusTimer) clearInterval(statusTimer);
  try {
    await core?.close();
  } catch (err) {
    log.error('core did not stop cleanly', { error: err instanceof Error ? err.message : String(err) });
  }
  stopped = true;
  tray?.destroy();
  app.quit();
}

async function main(): Promise<void> {
  await app.whenReady();
  installSecurity(appOrigin, log);
  handleIpc(IPC_CHANNELS.openDataFolder, appOrigin, log, async () => {
    if (core) await shell.openPath(core.storeDir());
  });
  handleIpc(IPC_CHANNELS.chooseDataFolder, appOrigin, log, async () => {
    const opts = { title: '데이터 폴더 선택', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  const store = await desktopSettingsStore(openShellStore(), log);
  const settings = await store.load();
  const paths = resolveAppPaths({
    packaged: app.isPackaged,
    userData: app.getPath('userData'),
    resourcesPath: process.resourcesPath,
    appRoot: app.getAppPath(),
    dataDirSetting: settings.dataDir,
  });
  seedWatchlist(paths);
  tray = createTray(paths.trayIcons, trayState(), runTrayAction);
  await startUp(store, settings, paths);
}

if (!app.requestSingleInstanceLock()) {
  // Another Footprint owns this profile and its port: it shows its window (second-instance) and we leave.
  app.quit();
} else {
  app.on('second-instance', () => showWindow(win));
  app.on('activate', () => showWindow(win));
  // Keep running in the tray with no window open.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Stop the collector first (files synced and closed, no torn lines), then quit for real.
    event.preventDefault();
    void shutdown();
  });
  process.on('SIGTERM', () => app.quit());
  process.on('SIGINT', () => app.quit());
  main().catch((err: unknown) => {
    log.error('desktop app failed to start', { error: err instanceof Error ? err.message : String(err) });
    dialog.showErrorBox('Footprint', `앱을 시작하지 못했습니다: ${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
  });
}
