// An emulator of the part of Electron's main-process API the shell uses, written from Electron's
// documentation, so `dist/electron/shell/main.js` runs in plain Node where no Electron binary can be
// had. The shell's real code runs unchanged (the `electron` import is redirected by hooks.ts); the
// core it starts serves real sockets and writes real files. A test drives it over a pipe: commands
// arrive as JSON lines on stdin, and every observable act of the shell (windows, tray menus,
// dialogs, shell calls) leaves as a JSON line on fd 3.
// What it cannot tell: whether Chromium renders the page, or the OS shows the tray. The
// Playwright `_electron` test covers that where a binary exists.
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const env = process.env;
const events = fs.createWriteStream('', { fd: 3 });

function emit(ev: string, data: Record<string, Json> = {}): void {
  events.write(`${JSON.stringify({ ev, ...data })}\n`);
}

/** Electron's preventable events: handlers call preventDefault(). */
class PreventableEvent {
  defaultPrevented = false;
  constructor(readonly extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

// process.resourcesPath exists only in Electron; packaged apps read their extra resources from it.
if (env.ELECTRON_EMULATOR_RESOURCES) Object.assign(process, { resourcesPath: env.ELECTRON_EMULATOR_RESOURCES });

// ---------------------------------------------------------------- app

class App extends EventEmitter {
  readonly isPackaged = env.ELECTRON_EMULATOR_PACKAGED === '1';
  /** As Electron on Linux: userData is the app's folder under $XDG_CONFIG_HOME, else ~/.config. */
  private readonly paths = new Map<string, string>([['userData', path.join(env.XDG_CONFIG_HOME ?? path.join(env.HOME ?? os.homedir(), '.config'), 'Footprint')]]);
  private readonly ready: Promise<void> = new Promise((resolve) => setImmediate(resolve));
  private quitting = false;
  private lockServer: net.Server | null = null;
  private notifying: Promise<void> = Promise.resolve();
  private loginItem = false;

  whenReady(): Promise<void> {
    return this.ready;
  }
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (p === undefined) throw new Error(`emulator: getPath('${name}') is not emulated`);
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  getAppPath(): string {
    const p = env.ELECTRON_EMULATOR_APP_PATH;
    if (!p) throw new Error('emulator: ELECTRON_EMULATOR_APP_PATH is not set');
    return p;
  }
  getVersion(): string {
    return '0.0.0-emulator';
  }
  getName(): string {
    return 'Footprint';
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.loginItem };
  }
  setLoginItemSettings(s: { openAtLogin: boolean }): void {
    this.loginItem = s.openAtLogin;
    emit('login-item', { openAtLogin: s.openAtLogin });
  }

  /**
   * Electron keys the lock by the userData folder: the first instance holds it and listens; a later
   * one is refused, and its argv reaches the first as 'second-instance'.
   */
  requestSingleInstanceLock(): boolean {
    const dir = this.getPath('userData');
    fs.mkdirSync(dir, { recursive: true });
    const lockFile = path.join(dir, 'SingletonLock');
    const socket = path.join(dir, 'SingletonSocket');
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    } catch {
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (alive(holder)) {
        this.notifying = new Promise((resolve) => {
          const c = net.connect(socket, () => c.end(JSON.stringify({ argv: process.argv, cwd: process.cwd() })));
          c.on('close', () => resolve());
          c.on('error', () => resolve());
        });
        emit('single-instance-lock', { granted: false });
        return false;
      }
      fs.writeFileSync(lockFile, String(process.pid));
    }
    fs.rmSync(socket, { force: true });
    this.lockServer = net.createServer((conn) => {
      let body = '';
      conn.setEncoding('utf8').on('data', (d: string) => (body += d));
      conn.on('end', () => {
        const msg = JSON.parse(body) as { argv: string[]; cwd: string };
        this.emit('second-instance', new PreventableEvent(), msg.argv, msg.cwd, {});
      });
    });
    this.lockServer.listen(socket);
    this.lockServer.unref();
    emit('single-instance-lock', { granted: true });
    return true;
  }

  /** Electron's order: before-quit, close every window (any refusal cancels), will-quit (preventable), quit, exit 0. */
  quit(): void {
    const before = new PreventableEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const w of BrowserWindow.getAllWindows()) {
      w.close();
      if (!w.isDestroyed()) {
        this.quitting = false;
        return;
      }
    }
    const will = new PreventableEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.emit('quit', new PreventableEvent(), 0);
    void this.exit(0);
  }

  async exit(code = 0): Promise<void> {
    await this.notifying;
    this.releaseLock();
    emit('exit', { code });
    events.end(() => process.exit(code));
  }

  /** Whether app.quit() is in progress (windows closing then are not "all closed" by the user). */
  isQuitting(): boolean {
    return this.quitting;
  }

  private releaseLock(): void {
    if (this.lockServer === null) return;
    this.lockServer.close();
    const dir = this.getPath('userData');
    fs.rmSync(path.join(dir, 'SingletonLock'), { force: true });
    fs.rmSync(path.join(dir, 'SingletonSocket'), { force: true });
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const app = new App();

// ---------------------------------------------------------------- windows

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

class WebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = WebContents.nextId++;
  readonly mainFrame = { url: '' };
  openHandler: OpenHandler | null = null;
  setWindowOpenHandler(h: OpenHandler): void {
    this.openHandler = h;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export class BrowserWindow extends EventEmitter {
  private static all: BrowserWindow[] = [];
  private static nextId = 1;
  readonly id = BrowserWindow.nextId++;
  readonly webContents = new WebContents();
  private visible = false;
  private destroyed = false;
  private minimized = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', new PreventableEvent(), this.webContents);
    const prefs = options.webPreferences as Record<string, Json> & { preload?: string };
    emit('window-created', {
      id: this.id,
      show: options.show !== false,
      webPreferences: prefs,
      preloadExists: typeof prefs.preload === 'string' && fs.existsSync(prefs.preload),
    });
    if (options.show !== false) this.visible = true;
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }

  static byId(id: number): BrowserWindow {
    const w = BrowserWindow.all.find((x) => x.id === id);
    if (w === undefined) throw new Error(`emulator: no window ${id}`);
    return w;
  }

  /** Loads like Electron: one real GET of the URL; 'ready-to-show' once the page arrived. */
  async loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
    try {
      // A navigation's Accept header, as Chromium sends it (the server answers GET / by it).
      const res = await fetch(url, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
      const body = await res.text();
      emit('window-load', { id: this.id, url, status: res.status, contentType: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), html: body.slice(0, 2000) });
      if (!res.ok) throw new Error(`ERR_HTTP_RESPONSE_CODE_FAILURE (${res.status})`);
    } catch (err) {
      emit('window-load-failed', { id: this.id, url, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    this.emit('ready-to-show');
    this.webContents.emit('did-finish-load');
  }

  show(): void {
    this.visible = true;
    this.minimized = false;
    emit('window-shown', { id: this.id });
  }
  hide(): void {
    this.visible = false;
    emit('window-hidden', { id: this.id });
  }
  focus(): void {
    emit('window-focused', { id: this.id });
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible && !this.destroyed;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As when the trader clicks the close button: 'close' may be prevented; otherwise the window is gone. */
  close(): void {
    if (this.destroyed) return;
    const e = new PreventableEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    emit('window-closed', { id: this.id });
    this.emit('closed');
    // Electron emits window-all-closed only when the user closed the last window, not during app.quit().
    if (BrowserWindow.getAllWindows().length === 0 && !app.isQuitting()) app.emit('window-all-closed');
  }
}

// ---------------------------------------------------------------- tray and menus

interface MenuItemOptions {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (...args: unknown[]) => void;
}

export class Menu {
  constructor(readonly items: MenuItemOptions[]) {}
  static buildFromTemplate(template: MenuItemOptions[]): Menu {
    return new Menu(template);
  }
}

class NativeImage {
  template = false;
  constructor(readonly file: string, private readonly empty: boolean) {}
  isEmpty(): boolean {
    return this.empty;
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

// Electron returns an empty image for a missing or unreadable file instead of throwing.
export const nativeImage = {
  createFromPath(file: string): NativeImage {
    let empty = true;
    try {
      empty = fs.readFileSync(file).subarray(0, 8).toString('hex') !== '89504e470d0a1a0a';
    } catch {
      empty = true;
    }
    return new NativeImage(file, empty);
  },
};

let currentTray: Tray | null = null;

export class Tray extends EventEmitter {
  private menu: Menu | null = null;
  private destroyed = false;
  constructor(readonly image: NativeImage) {
    super();
    currentTray = this;
    emit('tray-created', { icon: image.file, empty: image.isEmpty() });
  }
  setContextMenu(menu: Menu): void {
    this.menu = menu;
    emit('tray-menu', { items: menu.items.map((i) => ({ label: i.label ?? null, type: i.type ?? 'normal', enabled: i.enabled !== false, checked: i.checked ?? null })) });
  }
  setToolTip(text: string): void {
    emit('tray-tooltip', { text });
  }
  destroy(): void {
    if (this.destroyed) throw new Error('emulator: Tray destroyed twice (Electron throws: Object has been destroyed)');
    this.destroyed = true;
    emit('tray-destroyed');
  }
  click(label: string): void {
    const item = this.menu?.items.find((i) => i.label === label);
    if (item === undefined) throw new Error(`no tray menu item "${label}"`);
    if (item.enabled === false) throw new Error(`tray menu item "${label}" is disabled`);
    item.click?.({}, undefined, {});
  }
}

// ---------------------------------------------------------------- dialogs and the OS shell

const pendingDialogs = new Map<number, (response: number) => void>();
let nextDialog = 1;

export const dialog = {
  /** Waits for the test to answer, as a trader would click a button. */
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const opts = (args.length > 1 ? args[1] : args[0]) as Record<string, Json>;
    const id = nextDialog++;
    emit('dialog', { id, options: opts });
    return new Promise((resolve) => pendingDialogs.set(id, (response) => resolve({ response, checkboxChecked: false })));
  },
  showErrorBox(title: string, content: string): void {
    emit('error-box', { title, content });
  },
  showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    emit('open-dialog');
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    emit('shell', { fn: 'openExternal', arg: url });
    return Promise.resolve();
  },
  openPath(p: string): Promise<string> {
    emit('shell', { fn: 'openPath', arg: p });
    return Promise.resolve('');
  },
};

// ---------------------------------------------------------------- session, IPC, safeStorage

type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
let permissionRequestHandler: PermissionRequestHandler | null = null;

export const session = {
  defaultSession: {
    setPermissionRequestHandler(h: PermissionRequestHandler): void {
      permissionRequestHandler = h;
    },
    setPermissionCheckHandler(): void {},
    setDevicePermissionHandler(): void {},
  },
};

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const ipcHandlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  handle(channel: string, h: InvokeHandler): void {
    ipcHandlers.set(channel, h);
  },
  on(): void {},
};

/**
 * The OS keyring, emulated by a key file under HOME (so secrets survive a restart, as with a real
 * keyring), AES-256-GCM. ELECTRON_EMULATOR_KEYRING: a backend name, or 'none' for no encryption.
 */
const keyringBackend = env.ELECTRON_EMULATOR_KEYRING ?? 'gnome_libsecret';

function keyringKey(): Buffer {
  const file = path.join(env.HOME ?? os.homedir(), '.electron-emulator-keyring');
  try {
    return fs.readFileSync(file);
  } catch {
    const key = crypto.randomBytes(32);
    fs.writeFileSync(file, key, { mode: 0o600 });
    return key;
  }
}

export const safeStorage = {
  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(keyringBackend !== 'none');
  },
  getSelectedStorageBackend(): string {
    return keyringBackend;
  },
  encryptStringAsync(plain: string): Promise<Buffer> {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', keyringKey(), iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Promise.resolve(Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]));
  },
  decryptStringAsync(blob: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const d = crypto.createDecipheriv('aes-256-gcm', keyringKey(), blob.subarray(3, 15));
    d.setAuthTag(blob.subarray(15, 31));
    const result = Buffer.concat([d.update(blob.subarray(31)), d.final()]).toString('utf8');
    return Promise.resolve({ result, shouldReEncrypt: false });
  },
};

// ---------------------------------------------------------------- the test's commands

export type Command =
  | { op: 'close-window'; id: number }
  | { op: 'tray-click'; label: string }
  | { op: 'dialog-answer'; id: number; response: number }
  | { op: 'navigate'; id: number; url: string }
  | { op: 'frame-navigate'; id: number; url: string }
  | { op: 'window-open'; id: number; url: string }
  | { op: 'ipc'; channel: string; senderUrl: string | null; mainFrame: boolean; args: Json[] }
  | { op: 'permission'; permission: string }
  | { op: 'window-state'; id: number };

async function run(cmd: Command): Promise<Json> {
  switch (cmd.op) {
    case 'close-window':
      BrowserWindow.byId(cmd.id).close();
      return null;
    case 'tray-click':
      if (currentTray === null) throw new Error('no tray');
      currentTray.click(cmd.label);
      return null;
    case 'dialog-answer': {
      const answer = pendingDialogs.get(cmd.id);
      if (answer === undefined) throw new Error(`no open dialog ${cmd.id}`);
      pendingDialogs.delete(cmd.id);
      answer(cmd.response);
      return null;
    }
    case 'navigate':
    case 'frame-navigate': {
      const e = new PreventableEvent({ url: cmd.url, isMainFrame: cmd.op === 'navigate' });
      const wc = BrowserWindow.byId(cmd.id).webContents;
      if (cmd.op === 'navigate') wc.emit('will-navigate', e, cmd.url);
      else wc.emit('will-frame-navigate', e);
      return { prevented: e.defaultPrevented };
    }
    case 'window-open': {
      const h = BrowserWindow.byId(cmd.id).webContents.openHandler;
      return h === null ? 'no handler' : h({ url: cmd.url }).action;
    }
    case 'ipc': {
      const h = ipcHandlers.get(cmd.channel);
      if (h === undefined) throw new Error(`no handler for ${cmd.channel}`);
      const win = BrowserWindow.getAllWindows()[0];
      const frame = { url: cmd.senderUrl };
      const sender = { mainFrame: cmd.mainFrame ? frame : { url: win?.webContents.getURL() ?? null } };
      return (await h({ senderFrame: cmd.senderUrl === null ? null : frame, sender }, ...cmd.args)) as Json;
    }
    case 'permission': {
      if (permissionRequestHandler === null) return 'no handler';
      const handler = permissionRequestHandler;
      return await new Promise<boolean>((resolve) => handler(null, cmd.permission, resolve));
    }
    case 'window-state': {
      const w = BrowserWindow.byId(cmd.id);
      return { visible: w.isVisible(), destroyed: w.isDestroyed() };
    }
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const { req, ...cmd } = JSON.parse(line) as { req: number } & Command;
  run(cmd as Command).then(
    (result) => emit('reply', { req, result }),
    (err: unknown) => emit('reply', { req, error: err instanceof Error ? err.message : String(err) }),
  );
});

export default { app, BrowserWindow, Menu, Tray, nativeImage, dialog, shell, session, ipcMain, safeStorage };
