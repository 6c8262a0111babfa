// GET /api/footprint: footprint bars of one code and day from the footprint service, with the seam
// headers a page needs to continue from /ws (X-Last-Seq, X-Day-Epoch, X-Footprint-State), and why there are no bars (X-Footprint-Empty).
import express, { type Router } from 'express';
import { DAY_EPOCH_HEADER, FOOTPRINT_EMPTY_HEADER, FOOTPRINT_STATE_HEADER, LAST_SEQ_HEADER } from '../shared/wire.ts';
import type { FootprintService } from './footprint-service.ts';

export type FootprintQueryService = Pick<FootprintService, 'query'>;

export function footprintRoutes(service: FootprintQueryService, today: () => string): Router {
  const router = express.Router();
  router.get('/api/footprint', async (req, res) => {
    const { body, lastSeq, state, empty, epoch } = await service.query(req.query, today());
    res.set({ [LAST_SEQ_HEADER]: String(lastSeq), [DAY_EPOCH_HEADER]: String(epoch), [FOOTPRINT_STATE_HEADER]: state });
    if (empty !== null) res.set(FOOTPRINT_EMPTY_HEADER, JSON.stringify(empty));
    res.type('json').send(body);
  });
  return router;
}
