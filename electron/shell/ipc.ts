// The window's only bridge to the main process: two named requests, no arguments. Every request is
// checked here (pure, tested in Node) before the shell acts on it.
import { isAppUrl } from './policy.ts';

export const IPC_CHANNELS = {
  chooseDataFolder: 'footprint:choose-data-folder',
  openDataFolder: 'footprint:open-data-folder',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** What the preload exposes as `window.footprintDesktop`. */
export interface DesktopApi {
  /** Opens a folder picker; resolves to the chosen absolute path, or null when cancelled. */
  chooseDataFolder(): Promise<string | null>;
  /** Opens the data folder in the system file manager. */
  openDataFolder(): Promise<void>;
}

export function isIpcChannel(channel: string): channel is IpcChannel {
  return (Object.values(IPC_CHANNELS) as string[]).includes(channel);
}

/**
 * Why an IPC request must be refused, or null. Only the app's own top-level page may ask (a frame's
 * URL can be null once it navigated away or was destroyed), and no request takes arguments.
 */
export function ipcProblem(senderUrl: string | null, isMainFrame: boolean, args: readonly unknown[], appOrigin: string): string | null {
  if (senderUrl === null || !isAppUrl(senderUrl, appOrigin)) return 'sender is not the app page';
  if (!isMainFrame) return 'sender is a sub-frame';
  if (args.length !== 0) return 'unexpected arguments';
  return null;
}
