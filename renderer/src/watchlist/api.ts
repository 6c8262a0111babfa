// The watchlist editor's requests. Every change goes through the server, which rewrites
// watchlist.json atomically and changes the live subscription; the answer is the list as saved.
import type { ListSource, StockListing } from '../../../electron/shared/wire.ts';
import { ApiError, isRecord, requestJson } from '../data/api.ts';

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  return (await requestJson(method, url, { body })).body;
}

function codesOf(body: unknown): string[] {
  const list = isRecord(body) ? body.watchlist : null;
  if (!Array.isArray(list)) throw new ApiError('서버 응답에 관심종목 목록이 없습니다', 200);
  return list.filter((c): c is string => typeof c === 'string');
}

export const getWatchlist = async (): Promise<string[]> => codesOf(await call('GET', '/api/watchlist'));
export const addCode = async (code: string): Promise<string[]> => codesOf(await call('POST', `/api/subscribe/${encodeURIComponent(code)}`));
export const removeCode = async (code: string): Promise<string[]> => codesOf(await call('DELETE', `/api/subscribe/${encodeURIComponent(code)}`));
export const setOrder = async (codes: readonly string[]): Promise<string[]> => codesOf(await call('PUT', '/api/watchlist', { codes }));

export type NameCheck = { kind: 'found'; name: string } | { kind: 'unknown' } | { kind: 'unchecked'; why: string };

/** Asks the server (LS t1102, or the demo table) whether a code exists. */
export async function checkCode(code: string): Promise<NameCheck> {
  try {
    const body = await call('GET', `/api/stock/${encodeURIComponent(code)}`);
    return isRecord(body) && typeof body.name === 'string' ? { kind: 'found', name: body.name } : { kind: 'unchecked', why: '응답 형식 오류' };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { kind: 'unknown' };
    return { kind: 'unchecked', why: err instanceof Error ? err.message : String(err) };
  }
}

/** Name search over the master list; a server without the search route counts as offline. */
export async function searchStocks(q: string): Promise<{ source: ListSource; results: StockListing[] }> {
  try {
    const body = await call('GET', `/api/stocks/search?q=${encodeURIComponent(q)}`);
    if (!isRecord(body) || !Array.isArray(body.results)) return { source: 'offline', results: [] };
    const source = body.source === 'fresh' || body.source === 'stale' ? body.source : 'offline';
    return { source, results: body.results.filter(isListing) };
  } catch {
    return { source: 'offline', results: [] };
  }
}

/** Names and markets of listed codes from the master list (empty when it is unavailable). */
export async function stockInfo(codes: readonly string[]): Promise<Map<string, { name: string; market: string }>> {
  const out = new Map<string, { name: string; market: string }>();
  if (codes.length === 0) return out;
  try {
    const body = await call('GET', `/api/stocks/info?codes=${codes.map(encodeURIComponent).join(',')}`);
    const stocks = isRecord(body) && isRecord(body.stocks) ? body.stocks : {};
    for (const [code, v] of Object.entries(stocks)) {
      if (isRecord(v) && typeof v.name === 'string' && typeof v.market === 'string') out.set(code, { name: v.name, market: v.market });
    }
  } catch {
    // Offline: the editor falls back to per-code names.
  }
  return out;
}

function isListing(v: unknown): v is StockListing {
  return isRecord(v) && typeof v.code === 'string' && typeof v.name === 'string' && typeof v.market === 'string';
}

export interface CodeHealth {
  tradesToday: number;
  lastPrice: string | null;
}

/** Per-code counters and the codes LS kept refusing, from the health report. */
export async function health(): Promise<{ codes: Map<string, CodeHealth>; rejected: Set<string>; date: string | null }> {
  const body = await call('GET', '/');
  const codes = new Map<string, CodeHealth>();
  const per = isRecord(body) && isRecord(body.codes) ? body.codes : {};
  for (const [code, v] of Object.entries(per)) {
    if (!isRecord(v)) continue;
    codes.set(code, {
      tradesToday: typeof v.trades_today === 'number' ? v.trades_today : 0,
      lastPrice: typeof v.last_price === 'string' ? v.last_price : null,
    });
  }
  const rejected = new Set(isRecord(body) && Array.isArray(body.rejected_codes) ? body.rejected_codes.filter((c): c is string => typeof c === 'string') : []);
  return { codes, rejected, date: isRecord(body) && typeof body.date === 'string' ? body.date : null };
}
