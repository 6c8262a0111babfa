// GET /api/stock/:code: the stock's Korean name and today's reference price (LS t1102, or the demo
// table), cached per code and KST day.
import express, { type Router } from 'express';
import { kstDate } from '../shared/kst.ts';
import type { StockInfo } from '../shared/wire.ts';
import { codeParam } from './params.ts';

/** Why a name lookup failed, as the LS client reports it. */
export type LookupFailure = 'unknown' | 'unreachable' | 'auth';

export interface StockDeps {
  stockInfo(code: string): Promise<StockInfo>;
  /** The failure kind of an error thrown by `stockInfo`, or null for an unexpected error. */
  failureOf(err: unknown): LookupFailure | null;
}

const FAILURE_STATUS: Record<LookupFailure, number> = { unknown: 404, unreachable: 503, auth: 502 };
const FAILURE_TEXT: Record<LookupFailure, string> = {
  unknown: 'unknown stock code',
  unreachable: 'LS Open API unreachable',
  auth: 'LS Open API refused the credentials',
};

export function stockRoutes(deps: StockDeps): Router {
  const router = express.Router();
  const infos = new Map<string, StockInfo>();
  router.get('/api/stock/:code', async (req, res) => {
    const code = codeParam(req.params.code);
    const key = `${kstDate(Date.now())}:${code}`;
    let info = infos.get(key);
    if (info === undefined) {
      try {
        info = await deps.stockInfo(code);
      } catch (err) {
        const failure = deps.failureOf(err);
        if (failure === null) throw err;
        res.status(FAILURE_STATUS[failure]).json({ code, status: 'error', error: FAILURE_TEXT[failure] });
        return;
      }
      infos.set(key, info);
    }
    res.json({ code, name: info.name, status: 'success', reference_price: info.referencePrice });
  });
  return router;
}
