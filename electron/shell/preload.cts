// The window's whole bridge: two named requests, no arguments, no Electron object handed over.
// Sandboxed preloads must be CommonJS, hence .cts; types only from the pure IPC module.
import electron = require('electron');
import type { DesktopApi } from './ipc.ts';

const api: DesktopApi = {
  chooseDataFolder: () => electron.ipcRenderer.invoke('footprint:choose-data-folder') as Promise<string | null>,
  openDataFolder: () => electron.ipcRenderer.invoke('footprint:open-data-folder') as Promise<void>,
};

electron.contextBridge.exposeInMainWorld('footprintDesktop', api);
