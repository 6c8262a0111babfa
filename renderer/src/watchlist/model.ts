// Pure watchlist-editor logic: reading what the trader typed, reordering, and the Korean messages.
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

export function label(code: string, name: string | undefined): string {
  return name ? `${name} (${code})` : code;
}

export const MSG = {
  invalid: (raw: string) => `"${raw.trim().slice(0, 20)}"은(는) 종목코드가 아닙니다. 숫자·영문 대문자 6자리로 입력하세요 (예: 005930).`,
  notFound: (raw: string) => `"${raw.trim().slice(0, 20)}"에 맞는 종목을 찾지 못했습니다.`,
  choose: (n: number) => `${n.toLocaleString('ko-KR')}개 종목이 찾아졌습니다. 아래 목록에서 고르세요.`,
  duplicate: (what: string) => `이미 관심종목에 있습니다: ${what}`,
  unknown: (code: string) => `종목코드 ${code}에 해당하는 종목이 없습니다.`,
  added: (what: string) => `추가했습니다: ${what}`,
  addedUnchecked: (what: string, why: string) => `추가했습니다: ${what} (종목명을 확인하지 못했습니다: ${why})`,
  removed: (what: string) => `삭제했습니다: ${what}`,
  reordered: '순서를 저장했습니다.',
  failed: (why: string) => `변경하지 못했습니다: ${why}. 목록을 서버 기준으로 다시 불러왔습니다.`,
  offline: '종목 목록을 불러올 수 없어 종목코드로만 추가할 수 있습니다.',
  stale: '오늘 종목 목록을 받지 못해 마지막으로 받은 목록에서 찾습니다.',
  rejected: 'LS가 구독을 거부함',
  collecting: '수집 중',
  waiting: '연결 대기 (수집 안 됨)',
} as const;
