// The window's only bridge to the main process: two named requests, no arguments. Every request is
// checked here (pure, tested in Node) before the shell acts on it.
// The channels and the bridge's shape are wire declarations (shared/wire.ts), read by the page too.
import { IPC_CHANNELS, type IpcChannel } from '../shared/wire.ts';
import { isAppUrl } from './policy.ts';

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
