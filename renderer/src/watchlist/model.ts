// Pure watchlist-editor logic: reading what the trader typed and reordering (its text is in text.ts).
import { isValidCode } from '../../../electron/shared/trade.ts';

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
