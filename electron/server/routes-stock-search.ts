// Stock search for the watchlist editor, over the master list the core provides (core/master-list.ts:
// LS t8436 or the demo name table, fetched once per KST day). With no list at all the answer says
// `offline` and the editor adds by code only.
//   GET /api/stocks/search?q=삼성   matches by code prefix or Korean name (partial, spaces ignored)
//   GET /api/stocks/info?codes=005930,000660   name and market of each listed code
import express, { type Router } from 'express';
import type { ListSource, StockListing } from '../shared/wire.ts';
import { ParamError } from '../shared/param-error.ts';
import { codeParam, single } from './params.ts';

/** The master list as the routes and the watchlist read it: which list, and how current. */
export type MasterList = () => Promise<{ source: ListSource; list: StockListing[] }>;

const MAX_QUERY = 40;
const MAX_RESULTS = 30;
const MAX_CODES = 200;

function normalize(s: string): string {
  return s.normalize('NFC').toUpperCase().replace(/\s+/g, '');
}

/**
 * Best matches first: exact code, code prefix, name prefix, name containing the query, then (from three
 * characters, so a short number does not list the market) code containing it; shorter names first within a rank.
 */
export function searchStocks(list: readonly StockListing[], query: string, limit = MAX_RESULTS): StockListing[] {
  const q = normalize(query);
  if (q === '') return [];
  const ranked: Array<[number, StockListing]> = [];
  for (const s of list) {
    const name = normalize(s.name);
    const rank = s.code === q ? 0 : s.code.startsWith(q) ? 1 : name.startsWith(q) ? 2 : name.includes(q) ? 3 : q.length >= 3 && s.code.includes(q) ? 4 : -1;
    if (rank >= 0) ranked.push([rank, s]);
  }
  ranked.sort((a, b) => a[0] - b[0] || a[1].name.length - b[1].name.length || a[1].code.localeCompare(b[1].code));
  return ranked.slice(0, limit).map(([, s]) => s);
}

export function stockSearchRoutes(master: MasterList): Router {
  const router = express.Router();

  router.get('/api/stocks/search', async (req, res) => {
    const q = single(req.query as Record<string, unknown>, 'q');
    if (typeof q !== 'string' || q.trim() === '' || q.length > MAX_QUERY) {
      throw new ParamError(`q must be 1 to ${MAX_QUERY} characters (a code or part of a Korean name)`);
    }
    const { source, list } = await master();
    res.json({ status: source === 'offline' ? 'offline' : 'success', source, results: searchStocks(list, q) });
  });

  router.get('/api/stocks/info', async (req, res) => {
    const raw = single(req.query as Record<string, unknown>, 'codes');
    if (typeof raw !== 'string') throw new ParamError('codes must be a comma-separated list of stock codes');
    const codes = raw === '' ? [] : raw.split(',');
    if (codes.length > MAX_CODES) throw new ParamError(`at most ${MAX_CODES} codes`);
    for (const c of codes) codeParam(c);
    const { source, list } = await master();
    const wanted = new Set(codes);
    const stocks: Record<string, { name: string; market: string }> = {};
    for (const s of list) if (wanted.has(s.code)) stocks[s.code] = { name: s.name, market: s.market };
    res.json({ status: source === 'offline' ? 'offline' : 'success', source, stocks });
  });
  return router;
}
