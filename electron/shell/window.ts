// The main window: created only once the core listens, loading only the core's URL, hidden (not
// closed) when the trader closes it so collection goes on in the tray.
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { closeDecision, secureWebPreferences } from './policy.ts';

export function createMainWindow(opts: { url: string; preload: string; iconDir: string; show: boolean; quitting: () => boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Footprint',
    backgroundColor: '#0f1620',
    // Linux window managers take the window icon from here; Windows and macOS use the packaged app icon.
    icon: process.platform === 'linux' ? path.join(opts.iconDir, 'tray@2x.png') : undefined,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preload),
  });
  win.on('close', (event) => {
    if (closeDecision({ quitting: opts.quitting() }) === 'hide') {
      event.preventDefault();
      win.hide();
    }
  });
  if (opts.show) win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}

export function showWindow(win: BrowserWindow | null): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
