// GET /api/stock/:code: the stock's Korean name (LS t1102, or the demo table), cached per code.
import express, { type Router } from 'express';
import { codeParam } from './params.ts';

/** Why a name lookup failed, as the LS client reports it. */
export type LookupFailure = 'unknown' | 'unreachable' | 'auth';

export interface StockDeps {
  stockName(code: string): Promise<string>;
  /** The failure kind of an error thrown by `stockName`, or null for an unexpected error. */
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
  const names = new Map<string, string>();
  router.get('/api/stock/:code', async (req, res) => {
    const code = codeParam(req.params.code);
    let name = names.get(code);
    if (name === undefined) {
      try {
        name = await deps.stockName(code);
      } catch (err) {
        const failure = deps.failureOf(err);
        if (failure === null) throw err;
        res.status(FAILURE_STATUS[failure]).json({ code, status: 'error', error: FAILURE_TEXT[failure] });
        return;
      }
      names.set(code, name);
    }
    res.json({ code, name, status: 'success' });
  });
  return router;
}
