// A throwaway desktop-app profile: its own HOME, user-data folder, data folder and a two-code
// watchlist, so a test of the shell never touches the developer's settings, keyring or recordings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function desktopProfile(extra: Record<string, string> = {}): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-desktop-'));
  fs.writeFileSync(path.join(dir, 'watchlist.json'), JSON.stringify({ description: 'test', codes: ['005930', '000660'] }));
  return {
    dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      // The user-data folder is then dir/Footprint, as Electron puts it under $XDG_CONFIG_HOME on Linux.
      XDG_CONFIG_HOME: dir,
      PORT: '0',
      DATA_DIR: path.join(dir, 'data'),
      WATCHLIST_PATH: path.join(dir, 'watchlist.json'),
      ...extra,
    },
  };
}
