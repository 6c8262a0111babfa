// Stock search for the watchlist editor, over the LS master list (t8436; the demo name table in demo
// mode), fetched at most once per KST day and kept in a cache file so a restart without network still
// finds names. With no list at all the answer says `offline` and the editor adds by code only.
//   GET /api/stocks/search?q=삼성   matches by code prefix or Korean name (partial, spaces ignored)
//   GET /api/stocks/info?codes=005930,000660   name and market of each listed code
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { isValidCode } from '../shared/trade.ts';
import type { Logger } from '../log.ts';
import { codeParam, ParamError } from './params.ts';

export interface StockListing {
  code: string;
  name: string;
  /** e.g. KOSPI, KOSDAQ. */
  market: string;
}

export interface StockSearchDeps {
  /** The whole list; throws when the source is unreachable. */
  masterList(): Promise<StockListing[]>;
  /** Today's KST date (YYYYMMDD): the list is refetched once the day changes. */
  today(): string;
  /** Where the last good list is kept across restarts (a fixed path from configuration), or null. */
  cacheFile: string | null;
  log: Logger;
}

export type ListSource = 'fresh' | 'stale' | 'offline';

const MAX_QUERY = 40;
const MAX_RESULTS = 30;
const MAX_CODES = 200;

function normalize(s: string): string {
  return s.normalize('NFC').toUpperCase().replace(/\s+/g, '');
}

/** Best matches first: exact code, code prefix, name prefix, name containing the query; shorter names first within a rank. */
export function searchStocks(list: readonly StockListing[], query: string, limit = MAX_RESULTS): StockListing[] {
  const q = normalize(query);
  if (q === '') return [];
  const ranked: Array<[number, StockListing]> = [];
  for (const s of list) {
    const name = normalize(s.name);
    const rank = s.code === q ? 0 : s.code.startsWith(q) ? 1 : name.startsWith(q) ? 2 : name.includes(q) ? 3 : -1;
    if (rank >= 0) ranked.push([rank, s]);
  }
  ranked.sort((a, b) => a[0] - b[0] || a[1].name.length - b[1].name.length || a[1].code.localeCompare(b[1].code));
  return ranked.slice(0, limit).map(([, s]) => s);
}

function isListing(v: unknown): v is StockListing {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.code === 'string' && isValidCode(o.code) && typeof o.name === 'string' && typeof o.market === 'string';
}

interface Cached {
  date: string;
  list: StockListing[];
}

function readCacheFile(file: string): Cached | null {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof v !== 'object' || v === null) return null;
    const o = v as { date?: unknown; list?: unknown };
    if (typeof o.date !== 'string' || !Array.isArray(o.list)) return null;
    return { date: o.date, list: o.list.filter(isListing) };
  } catch {
    return null;
  }
}

function writeCacheFile(file: string, c: Cached): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(c));
  fs.renameSync(tmp, file);
}

/** The master list as the routes and the watchlist read it: which list, and how current. */
export type MasterList = () => Promise<{ source: ListSource; list: StockListing[] }>;

/** The master list, fetched once per KST day, single-flight, falling back to the last good list. */
export function masterListCache(deps: StockSearchDeps): MasterList {
  let cached: Cached | null = deps.cacheFile ? readCacheFile(deps.cacheFile) : null;
  let inflight: Promise<void> | null = null;
  const refresh = async (date: string): Promise<void> => {
    try {
      const list = (await deps.masterList()).filter(isListing);
      if (list.length === 0) throw new Error('empty master list');
      cached = { date, list };
      if (deps.cacheFile) {
        try {
          writeCacheFile(deps.cacheFile, cached);
        } catch (err) {
          deps.log.warn('stock list cache not written', { error: err instanceof Error ? err.message : String(err) });
        }
      }
    } catch (err) {
      deps.log.limited('stock-master', 'warn', 'stock master list unavailable', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  return async () => {
    const today = deps.today();
    if (cached?.date !== today) {
      inflight ??= refresh(today).finally(() => {
        inflight = null;
      });
      await inflight;
    }
    if (cached === null) return { source: 'offline', list: [] };
    return { source: cached.date === today ? 'fresh' : 'stale', list: cached.list };
  };
}

export function stockSearchRoutes(master: MasterList): Router {
  const router = express.Router();

  router.get('/api/stocks/search', async (req, res) => {
    const q = req.query.q;
    if (typeof q !== 'string' || q.trim() === '' || q.length > MAX_QUERY) {
      throw new ParamError(`q must be 1 to ${MAX_QUERY} characters (a code or part of a Korean name)`);
    }
    const { source, list } = await master();
    res.json({ status: source === 'offline' ? 'offline' : 'success', source, results: searchStocks(list, q) });
  });

  router.get('/api/stocks/info', async (req, res) => {
    const raw = req.query.codes;
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
