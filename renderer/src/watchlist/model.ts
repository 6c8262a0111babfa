// Pure watchlist-editor logic: reading what the trader typed, reordering, and the editor's state
// (its text is in text.ts, its views in table.ts and search.ts).
import { isValidCode, type LiveTrade } from '../../../electron/shared/trade.ts';
import type { CodeHealth } from './api.ts';

/** A typed code, upper-cased and trimmed (LS codes may contain capital letters, e.g. 0088K0); null if it is not one. */
export function codeFromInput(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  return isValidCode(s) ? s : null;
}

/** True when the input looks like an attempt at a code (digits), so a failed parse deserves the code message. */
export function looksLikeCode(raw: string): boolean {
  return /^[0-9A-Za-z]{1,12}$/.test(raw.trim()) && /\d/.test(raw);
}

/** The list with `code` moved to position `to` (0-based, in the list without it). */
export function moveCode(list: readonly string[], code: string, to: number): string[] {
  const rest = list.filter((c) => c !== code);
  const at = Math.max(0, Math.min(to, rest.length));
  return [...rest.slice(0, at), code, ...rest.slice(at)];
}

/** What Enter on a name search does: add only what the trader surely meant, else let them pick. */
export type EnterChoice<T> = { add: T } | { choose: number } | { duplicate: T } | { none: true };

/**
 * An exact name, or the only result not listed yet, is added; several candidates are shown to choose
 * from (Enter on "삼성" must not add 삼성물산 for a trader who meant 삼성전자).
 */
export function enterChoice<T extends { code: string; name: string }>(query: string, results: readonly T[], listed: readonly string[]): EnterChoice<T> {
  if (results.length === 0) return { none: true };
  const fresh = results.filter((r) => !listed.includes(r.code));
  if (fresh.length === 0) return { duplicate: results[0]! };
  const exact = fresh.filter((r) => r.name === query.trim());
  if (exact.length === 1) return { add: exact[0]! };
  return fresh.length === 1 ? { add: fresh[0]! } : { choose: fresh.length };
}

/** What the trader typed, as quoted back in a message (long input cut short). */
export function echoInput(raw: string): string {
  return raw.trim().slice(0, 20);
}

export function label(code: string, name: string | undefined): string {
  return name ? `${name} (${code})` : code;
}

/** What the editor shows of a code beside its code: name and market, and today's live figures. */
export interface Row {
  name?: string;
  market?: string;
  price: string | null;
  trades: number;
}

export type CodeState = 'rejected' | 'collecting' | 'waiting';

/**
 * The editor's state, without the DOM: the list as saved, each code's row, and what the health
 * report and the live connection say about recording. The views read it; the editor changes it.
 */
export class WatchlistModel {
  /** The list as the server saved it. */
  codes: string[] = [];
  /** The parse error of a hand-edited watchlist.json (server text), or null when the file is fine. */
  fileProblem: string | null = null;
  private readonly rows = new Map<string, Row>();
  private rejected = new Set<string>();
  private today: string | null = null;
  /** Whether the collector is connected: otherwise nothing is being recorded. */
  private feedOpen = true;
  private feed: unknown;

  row(code: string): Row | undefined {
    return this.rows.get(code);
  }

  nameOf(code: string): string | undefined {
    return this.rows.get(code)?.name;
  }

  /** The row of a code, kept (a new code starts with no price and no trades). */
  rowOf(code: string): Row {
    let r = this.rows.get(code);
    if (!r) this.rows.set(code, (r = { price: null, trades: 0 }));
    return r;
  }

  /** Codes of `list` whose name is not known yet. */
  unnamed(list: readonly string[]): string[] {
    return list.filter((c) => this.rows.get(c)?.name === undefined);
  }

  stateOf(code: string): CodeState {
    return this.rejected.has(code) ? 'rejected' : this.feedOpen ? 'collecting' : 'waiting';
  }

  /** The health report (`GET /`): today's counts and last prices, and the codes LS refused. */
  applyHealth(h: { codes: ReadonlyMap<string, CodeHealth>; rejected: Set<string>; date: string | null }): void {
    this.rejected = h.rejected;
    this.today = h.date;
    for (const code of this.codes) {
      const row = this.rowOf(code);
      const c = h.codes.get(code);
      if (c) {
        row.trades = Math.max(row.trades, c.tradesToday);
        if (c.lastPrice !== null) row.price = c.lastPrice;
      }
    }
  }

  /**
   * A status frame. `feedChanged`: settings switched the collector (demo ↔ LS), so today's counts now
   * come from another folder (they are reset) and names the previous one could not look up may be
   * found now. `listDiffers`: the saved list is not the one shown.
   */
  applyStatus(st: Record<string, unknown>): { feedChanged: boolean; listDiffers: boolean } {
    const rc = st.rejected_codes;
    if (Array.isArray(rc)) this.rejected = new Set(rc.filter((c): c is string => typeof c === 'string'));
    if (typeof st.state === 'string') this.feedOpen = st.state === 'open';
    this.fileProblem = typeof st.watchlist_error === 'string' ? st.watchlist_error : null;
    const feedChanged = this.feed !== undefined && st.feed !== this.feed;
    if (feedChanged) {
      for (const row of this.rows.values()) {
        row.price = null;
        row.trades = 0;
      }
    }
    this.feed = st.feed;
    const wl = st.watchlist;
    return { feedChanged, listDiffers: Array.isArray(wl) && wl.join() !== this.codes.join() };
  }

  /** A live trade: last price and trades today (a trade's seq is its position in today's file). False if no row changed. */
  applyTrade(t: Pick<LiveTrade, 'code' | 'date' | 'price' | 'seq'>): boolean {
    const row = this.rows.get(t.code);
    if (!row || (this.today !== null && t.date !== this.today)) return false;
    row.price = t.price;
    row.trades = Math.max(row.trades, t.seq);
    return true;
  }
}
