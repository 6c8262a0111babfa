// The tray icon and its menu, rebuilt from the pure model in tray-menu.ts whenever the state changes.
// The Tray object is destroyed exactly once (a second destroy throws).
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { trayMenuModel, trayTooltip, type TrayAction, type TrayItem, type TrayState } from './tray-menu.ts';

export interface TrayController {
  update(state: TrayState): void;
  destroy(): void;
}

function toMenuItem(item: TrayItem, run: (a: TrayAction) => void): MenuItemConstructorOptions {
  switch (item.type) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => run(item.action) };
    case 'checkbox':
      return { label: item.label, type: 'checkbox', checked: item.checked, click: () => run(item.action) };
  }
}

export function createTray(iconDir: string, initial: TrayState, run: (a: TrayAction) => void): TrayController {
  // macOS menu bars recolour "Template" images for light and dark; elsewhere the coloured icon is used.
  const file = process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png';
  const image = nativeImage.createFromPath(path.join(iconDir, file));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  let last = '';
  let destroyed = false;
  const update = (state: TrayState): void => {
    if (destroyed) return;
    const model = trayMenuModel(state);
    const key = JSON.stringify(model);
    if (key === last) return;
    last = key;
    tray.setContextMenu(Menu.buildFromTemplate(model.map((i) => toMenuItem(i, run))));
    tray.setToolTip(trayTooltip(state));
  };
  // Where a click does arrive (Windows, macOS), it opens the window; the menu has the same action.
  tray.on('click', () => run('open-window'));
  update(initial);
  return {
    update,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      tray.destroy();
    },
  };
}
