// Start at login. Electron's setLoginItemSettings covers Windows and macOS; Linux desktops read an
// XDG autostart entry, which this module writes and removes (plain files, so it is tested in Node).
import fs from 'node:fs';
import path from 'node:path';

const ENTRY = 'footprint.desktop';

/** Quotes one Exec argument per the Desktop Entry spec. */
function execArg(arg: string): string {
  return /^[A-Za-z0-9_./:=-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(exec: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Footprint',
    'Comment=KRX 체결 수집기',
    `Exec=${exec.map(execArg).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function linuxAutostartEnabled(autostartDir: string): boolean {
  return fs.existsSync(path.join(autostartDir, ENTRY));
}

export function setLinuxAutostart(autostartDir: string, enabled: boolean, exec: readonly string[]): void {
  const file = path.join(autostartDir, ENTRY);
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(autostartDir, { recursive: true });
  fs.writeFileSync(file, desktopEntry(exec), { mode: 0o644 });
}

/**
 * The command that relaunches this app. A running AppImage's executable lives in a temporary mount,
 * so its own path ($APPIMAGE) is what must be started.
 */
export function relaunchCommand(execPath: string, env: NodeJS.ProcessEnv): string[] {
  return [env.APPIMAGE ?? execPath, '--hidden'];
}

/** $XDG_CONFIG_HOME/autostart, or ~/.config/autostart. */
export function linuxAutostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(config, 'autostart');
}
