// GET /api/bigprints?code=&date=[&min=][&venue=]: the trades of one code and KST day at or above a size
// threshold (docs/big-prints.md), read from the day file up to a snapshot taken at request time
// (X-Last-Seq and X-Day-Epoch, so a page adds later live trades itself). Without `min` the threshold is derived
// from that day's trade sizes. http-app.ts bounds these reads with the other day-file reads.
import express, { type Router } from 'express';
import { BIG_PRINT_MAX_MIN } from '../shared/big-prints.ts';
import { parseVenue } from '../shared/footprint/spec.ts';
import { DAY_EPOCH_HEADER, LAST_SEQ_HEADER } from '../shared/wire.ts';
import type { BigPrintsAnswer } from '../shared/big-prints.ts';
import { scanBigPrints, ScanAborted, type BigPrintScan } from '../store/big-print-scan.ts';
import { dayFilePath } from '../store/day-file.ts';
import { codeParam, dateParam, intParam, single } from './params.ts';
import type { HistoryDeps } from './routes-history.ts';

export function bigPrintRoutes(deps: HistoryDeps): Router {
  const router = express.Router();
  router.get('/api/bigprints', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const code = codeParam(single(q, 'code'));
    const date = dateParam(single(q, 'date'), deps.today());
    const min = intParam('min', single(q, 'min'), 1, BIG_PRINT_MAX_MIN);
    const venue = parseVenue(single(q, 'venue') ?? 'all');
    // Read before the snapshot: a merge in between makes later live trades carry a newer epoch (docs/backfill.md).
    const epoch = deps.epoch(code, date);
    const snap = await deps.snapshot(code, date);
    // A page that left (a reload, another code) stops the read.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    let scan: BigPrintScan;
    try {
      scan = await scanBigPrints(dayFilePath(deps.dataDir, code, date), snap.bytes, venue, min, gone.signal);
    } catch (err) {
      if (err instanceof ScanAborted) return;
      throw err;
    }
    const answer: BigPrintsAnswer = { code, date, venue, min: scan.min, auto: min === null, trades: scan.trades, prints: scan.prints, truncated: scan.truncated };
    res.set({ [LAST_SEQ_HEADER]: String(scan.trades), [DAY_EPOCH_HEADER]: String(epoch) });
    res.json(answer);
  });
  return router;
}
