// The overlay that dims the chart while it cannot be live (the server or the feed is lost), naming
// the cause and the time of the last update; it clears by itself when the connection is back.
// The rule is in stale.ts; the App tells it the state on every status change.
import type { LiveConnection } from '../data/live.ts';
import { el } from '../ui/dom.ts';
import { text, textWith, type Lang } from '../ui/i18n.ts';
import { kstStamp, staleReason, type StaleInput, type StaleReason } from './stale.ts';

export interface StaleOverlay {
  update(input: StaleInput, lang: Lang): void;
  stale(): boolean;
}

export function createStaleOverlay(host: HTMLElement, live: LiveConnection): StaleOverlay {
  const box = host.appendChild(el('div', 'stale-overlay'));
  box.dataset.testid = 'stale-overlay';
  box.hidden = true;
  const title = box.appendChild(el('div', 'stale-title'));
  const since = box.appendChild(el('div', 'stale-since'));
  let reason: StaleReason | null = null;
  /** When the page last heard from a healthy server (a trade, a status frame, an open). */
  let lastUpdate = Date.now();
  const stamp = (): void => {
    if (reason === null) lastUpdate = Date.now();
  };
  live.subscribe({ open: stamp, message: stamp });

  return {
    update(input, lang) {
      const next = staleReason(input);
      if (next !== null && reason === null) stamp();
      reason = next;
      box.hidden = next === null;
      if (next === null) return;
      title.textContent = text(lang, next === 'server' ? 'staleServer' : 'staleFeed');
      since.textContent = textWith(lang, 'staleSince', { time: kstStamp(lastUpdate) });
    },
    stale: () => reason !== null,
  };
}
