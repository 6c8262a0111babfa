// Stock names and reference prices (/api/stock/{code}): one lookup per code while the feed stays
// the same (the server caches too). A failed one (LS unreachable) is asked again the next time the
// name is needed, not remembered as "no name".
import type { StockInfo } from '../../../electron/shared/wire.ts';
import { fetchStock } from '../data/api.ts';

export interface StockLookup {
  info(code: string): Promise<StockInfo | null>;
  name(code: string): Promise<string | null>;
  /** Forgets every answer (the feed changed, and with it where names come from). */
  clear(): void;
}

export function createStockLookup(): StockLookup {
  const stocks = new Map<string, Promise<StockInfo | null>>();
  const info = (code: string): Promise<StockInfo | null> => {
    let p = stocks.get(code);
    if (!p) {
      const lookup = fetchStock(code);
      stocks.set(code, (p = lookup));
      void lookup.then((found) => {
        if (found === null && stocks.get(code) === lookup) stocks.delete(code);
      });
    }
    return p;
  };
  return {
    info,
    name: async (code) => (await info(code))?.name ?? null,
    clear: () => stocks.clear(),
  };
}
