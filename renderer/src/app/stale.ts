// When the chart stops being live, and how the overlay words the last update. Pure (no DOM), so the
// rules are unit-tested: the page's own connection outranks the feed, and a recorded day never goes
// stale because of the feed (it does not change), only because the server is gone.
import type { ConnectionState, FeedKind } from '../../../electron/shared/feed-kinds.ts';
import { formatHms, kstTime } from '../../../electron/shared/kst.ts';

export type StaleReason = 'server' | 'feed';

export interface StaleInput {
  serverUp: boolean;
  feedKind: FeedKind | null;
  feedState: ConnectionState | null;
  /** The chart shows the feed's day (it would move with new trades). */
  liveDay: boolean;
}

export function staleReason(i: StaleInput): StaleReason | null {
  if (!i.serverUp) return 'server';
  if (!i.liveDay || i.feedKind === null) return null;
  if (i.feedState === 'reconnecting' || i.feedState === 'connecting') return 'feed';
  // A replay that reached its end has nothing more to send; a stopped live feed has.
  if (i.feedState === 'stopped' && i.feedKind === 'ls') return 'feed';
  return null;
}

/** "09:31:05 KST" for an epoch time in ms, whatever the host's time zone. */
export function kstStamp(ms: number): string {
  return `${formatHms(kstTime(ms))} KST`;
}
