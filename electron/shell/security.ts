// Window hardening applied to every web contents the app ever creates: navigation and new windows
// limited to the app's origin (web links go to the system browser), no webviews, no permissions,
// IPC only from the app page. The decisions themselves live in policy.ts and ipc.ts.
import { app, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import type { Logger } from '../log.ts';
import type { IpcChannel } from '../shared/wire.ts';
import { ipcProblem } from './ipc.ts';
import { navigationDecision } from './policy.ts';

/** `appOrigin` is read on every check: it is known only once the core listens. */
export function installSecurity(appOrigin: () => string, log: Logger): void {
  const external = (url: string | null): void => {
    if (url !== null) void shell.openExternal(url);
  };
  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: Electron.Event, url: string): void => {
      const d = navigationDecision(url, appOrigin());
      if (d.action === 'allow') return;
      event.preventDefault();
      external(d.openExternal);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame) guard(event, event.url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const d = navigationDecision(url, appOrigin());
      // Even the app's own pages open in the existing window's browser tab, never a second window.
      external(d.action === 'allow' ? url : d.openExternal);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  log.debug('window security installed');
}

/** Registers an IPC handler that runs only for valid requests from the app page. */
export function handleIpc<T>(channel: IpcChannel, appOrigin: () => string, log: Logger, fn: () => Promise<T>): void {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const frame = event.senderFrame;
    const problem = ipcProblem(frame?.url ?? null, frame !== null && frame === event.sender.mainFrame, args, appOrigin());
    if (problem !== null) {
      log.warn('ipc request refused', { channel, problem });
      throw new Error('refused');
    }
    return fn();
  });
}
