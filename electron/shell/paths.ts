// Where the desktop app keeps things. A packaged app's folder is read-only (Program Files, a mounted
// AppImage, a signed bundle), so its watchlist and data live under the user-data folder; the default
// watchlist ships as an extra resource and is copied there on first run. Development runs keep the
// repository's watchlist.json and ./data, like `npm run serve`.
import fs from 'node:fs';
import path from 'node:path';

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

/** Variables the desktop app sets itself; when the environment already has one, the environment wins (tests, power users). */
const ENV_OVERRIDES = ['PORT', 'DATA_DIR', 'WATCHLIST_PATH'] as const;

/**
 * The environment `loadConfig` reads in the desktop app: the saved settings, this app's paths, and the
 * chosen port, with PORT, DATA_DIR and WATCHLIST_PATH from the real environment taking precedence.
 */
export function coreEnv(
  settingsVars: Readonly<Record<string, string | undefined>>,
  paths: Pick<AppPaths, 'watchlist' | 'dataDir'>,
  processEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...settingsVars, HOST: '127.0.0.1', DATA_DIR: paths.dataDir, WATCHLIST_PATH: paths.watchlist };
  for (const name of ENV_OVERRIDES) if (processEnv[name]) env[name] = processEnv[name];
  return env;
}
