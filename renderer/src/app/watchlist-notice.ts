// The watchlist file's notice: a hand edit of watchlist.json that does not parse (or a file that cannot
// be read) is named in a banner on every tab, with what is wrong and what the server does meanwhile
// (electron/store/watchlist-file.ts): it keeps recording the last list it read correctly, reads the
// file again by itself once it is saved correctly, and refuses changes made in the app while a broken
// edit waits (so a rewrite never throws the edit away). The wording is watchlist-problem.ts.
import { el } from '../ui/dom.ts';
import type { Lang } from '../ui/i18n.ts';
import { watchlistNotice } from './watchlist-problem.ts';

export interface WatchlistNotice {
  /** `error`: the status's `watchlist_error`; `codes`: the length of the list in force. */
  update(error: string | null, codes: number, lang: Lang): void;
}

/** The banner is placed right after `before` (the page's other alarms). */
export function createWatchlistNotice(before: HTMLElement): WatchlistNotice {
  const banner = el('div', 'watchlist-banner');
  banner.hidden = true;
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'watchlist-error';
  before.after(banner);
  return {
    update(error, codes, lang) {
      banner.hidden = error === null;
      banner.textContent = error === null ? '' : watchlistNotice(lang, error, codes);
    },
  };
}
