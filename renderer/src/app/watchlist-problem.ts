// What is wrong with watchlist.json, from the server's line (`watchlist_error`, written by
// electron/store/watchlist-file.ts), worded for the page's notice (watchlist-notice.ts). Pure.
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

