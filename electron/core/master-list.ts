// The stock master list behind search, names and the watchlist's code check: LS t8436 (or the demo
// name table), fetched at most once per KST day, single-flight, and kept in a cache file so a restart
// without network still finds names.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.ts';
import type { MasterList } from '../server/routes-stock-search.ts';
import { isValidCode } from '../shared/trade.ts';
import type { StockListing } from '../shared/wire.ts';

export interface MasterListDeps {
  /** The whole list; throws when the source is unreachable. */
  masterList(): Promise<StockListing[]>;
  /** Today's KST date (YYYYMMDD): the list is refetched once the day changes. */
  today(): string;
  /** Where the last good list is kept across restarts (a fixed path from configuration), or null. */
  cacheFile: string | null;
  log: Logger;
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

/** The master list, fetched once per KST day, single-flight, falling back to the last good list. */
export function masterListCache(deps: MasterListDeps): MasterList {
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

