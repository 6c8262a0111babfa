// POST /api/backfill/{code} {action: "pause" | "resume"}: pauses a code's fill between pages (a busy
// day at one call a second can take hours) or resumes it (docs/backfill.md). Behind the app's Host and
// Origin guards like every changing request; answers with the code's fill status. Only a watched code has
// a fill: another is 404, so no request starts fetching a day nobody records.
import express, { type Router } from 'express';
import { isBackfillAction, type BackfillAction, type BackfillStatus } from '../shared/wire.ts';
import { ParamError } from '../shared/param-error.ts';
import { codeParam } from './params.ts';

export interface BackfillControlDeps {
  /** The watched codes. */
  codes(): readonly string[];
  /** Pauses or resumes the code's fill; null when no fill runs (no LS key, demo or replay feed). */
  control(code: string, action: BackfillAction): BackfillStatus | null;
}

export function backfillRoutes(deps: BackfillControlDeps): Router {
  const router = express.Router();
  router.post('/api/backfill/:code', (req, res) => {
    const code = codeParam(req.params.code);
    const action: unknown = (req.body as { action?: unknown } | undefined)?.action;
    if (typeof action !== 'string' || !isBackfillAction(action)) throw new ParamError('action must be "pause" or "resume"');
    if (!deps.codes().includes(code)) {
      res.status(404).json({ error: '관심종목에 없는 종목은 채우지 않습니다 (not on the watchlist)', watchlist: deps.codes() });
      return;
    }
    const status = deps.control(code, action);
    if (status === null) {
      res.status(409).json({ error: '빈 구간 채우기는 LS 시세에서만 동작합니다 (no fill with this feed)' });
      return;
    }
    res.json({ code, backfill: status });
  });
  return router;
}
