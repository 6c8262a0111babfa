// The window's whole bridge: two named requests, no arguments, no Electron object handed over.
// Sandboxed preloads must be CommonJS, hence .cts; types only from the wire module (channel names
// are literals here: a sandboxed preload may require nothing but electron).
import electron = require('electron');
import type { DesktopBridge } from '../shared/wire.ts';

const api: DesktopBridge = {
  chooseDataFolder: () => electron.ipcRenderer.invoke('footprint:choose-data-folder') as Promise<string | null>,
  openDataFolder: () => electron.ipcRenderer.invoke('footprint:open-data-folder') as Promise<void>,
};

electron.contextBridge.exposeInMainWorld('footprintDesktop', api);
