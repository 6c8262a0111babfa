// Where the desktop app keeps things. A packaged app's folder is read-only (Program Files, a mounted
// AppImage, a signed bundle), so its watchlist and data live under the user-data folder; the default
// watchlist ships as an extra resource and is copied there on first run. Development runs keep the
// repository's watchlist.json and ./data, like `npm run serve`.
import fs from 'node:fs';
import path from 'node:path';
import { settingsFromEnv, type EnvVars, type Fixed } from '../core/config.ts';
import type { Settings } from '../shared/wire.ts';

export interface PathInputs {
  packaged: boolean;
  /** app.getPath('userData'). */
  userData: string;
  /** process.resourcesPath (packaged extra resources). */
  resourcesPath: string;
  /** The app's root folder: the repository in development. */
  appRoot: string;
  /** The data folder chosen in settings; '' for the default. */
  dataDirSetting: string;
}

export interface AppPaths {
  watchlist: string;
  /** The bundled default watchlist, copied to `watchlist` on first run (packaged only). */
  defaultWatchlist: string;
  dataDir: string;
  /** Folder holding tray.png, tray@2x.png and the macOS template images. */
  trayIcons: string;
  /** The compiled preload script. */
  preload: string;
}

export function resolveAppPaths(i: PathInputs): AppPaths {
  const base = i.packaged ? i.userData : i.appRoot;
  return {
    watchlist: path.join(base, 'watchlist.json'),
    defaultWatchlist: i.packaged ? path.join(i.resourcesPath, 'watchlist.json') : path.join(i.appRoot, 'watchlist.json'),
    dataDir: i.dataDirSetting !== '' ? i.dataDirSetting : path.join(base, 'data'),
    trayIcons: i.packaged ? path.join(i.resourcesPath, 'tray') : path.join(i.appRoot, 'build', 'tray'),
    preload: path.join(i.appRoot, 'dist', 'electron', 'shell', 'preload.cjs'),
  };
}

/** Copies the default watchlist into place unless one is there already; never overwrites the trader's list. */
export function seedWatchlist(paths: Pick<AppPaths, 'watchlist' | 'defaultWatchlist'>): 'copied' | 'kept' {
  if (paths.watchlist === paths.defaultWatchlist) return 'kept';
  fs.mkdirSync(path.dirname(paths.watchlist), { recursive: true });
  try {
    fs.copyFileSync(paths.defaultWatchlist, paths.watchlist, fs.constants.COPYFILE_EXCL);
    return 'copied';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'kept';
    throw err;
  }
}

/**
 * What the desktop core runs with: the saved settings, with PORT and DATA_DIR from the real environment
 * taking precedence (tests, power users; checked by the one settings validator), this app's data folder
 * when none is chosen, loopback only, and this app's watchlist unless WATCHLIST_PATH names another.
 */
export function desktopRun(
  saved: Settings,
  paths: Pick<AppPaths, 'watchlist' | 'dataDir'>,
  processEnv: EnvVars,
  cwd: string,
): { settings: Settings; fixed: Required<Fixed> } {
  const settings = settingsFromEnv({ ...saved, dataDir: paths.dataDir }, processEnv, cwd, ['port', 'dataDir']);
  const watchlistPath = processEnv.WATCHLIST_PATH !== undefined ? path.resolve(cwd, processEnv.WATCHLIST_PATH) : paths.watchlist;
  return { settings, fixed: { host: '127.0.0.1', watchlistPath } };
}
