// The watchlist file's notice: a hand edit of watchlist.json that does not parse (or a file that cannot
// be read) is named in a banner on every tab, with what is wrong and what the server does meanwhile
// (electron/store/watchlist-file.ts): it keeps recording the last list it read correctly, reads the
// file again by itself once it is saved correctly, and refuses changes made in the app while a broken
// edit waits (so a rewrite never throws the edit away). The server's own line (`watchlist_error`,
// English) is shown as the detail.
import { el } from '../ui/dom.ts';
import { textWith, type Lang } from '../ui/i18n.ts';

/** What the server said, taken apart: the file, the problem, and whether the file was unreadable. */
export interface WatchlistProblem {
  file: string;
  problem: string;
  unreadable: boolean;
}

/** The server's line is `{file}: {problem}; keeping the last good list` (watchlist-file.ts). */
export function readWatchlistError(error: string): WatchlistProblem {
  const line = error.replace(/; keeping the last good list$/, '');
  const m = /^(.*?\.json): (.*)$/s.exec(line);
  const file = m ? m[1]! : 'watchlist.json';
  const problem = m ? m[2]! : line;
  return { file, problem, unreadable: problem.startsWith('cannot read') };
}

/** The notice's text; `codes`: how many codes the list in force holds. */
export function watchlistNotice(lang: Lang, error: string, codes: number): string {
  const p = readWatchlistError(error);
  return textWith(lang, p.unreadable ? 'watchlistUnreadable' : 'watchlistBroken', { file: p.file, problem: p.problem, n: codes });
}

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
