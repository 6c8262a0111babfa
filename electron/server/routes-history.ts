// GET /api/history?code=&date=[&tail=N]: the recorded trades of one code and KST day (or only the last
// N), streamed from the day file up to a snapshot taken at request time, so ingest keeps appending
// while the answer is sent; each piece waits for the socket (backpressure), and http-app.ts bounds
// how many such reads run at once. GET /api/days?code=: the days recorded for a code, for the date picker.
// GET /api/gaps?code=&date=: the stretches of that day the collector missed (store/gap-file.ts).
import express, { type Response, type Router } from 'express';
import { dayFilePath, listRecordedDays } from '../store/day-file.ts';
import { readGaps } from '../store/gap-file.ts';
import { streamHistory, streamHistoryTail } from '../store/history.ts';
import { DAY_EPOCH_HEADER, LAST_SEQ_HEADER } from '../shared/wire.ts';
import { codeParam, dateParam, intParam, single } from './params.ts';

export interface HistoryDeps {
  /** Directory of this feed's day files. */
  dataDir: string;
  /** Seq and byte length of the complete lines of a day file right now, without blocking. */
  snapshot(code: string, date: string): Promise<{ seq: number; bytes: number }>;
  /** The day file's epoch (TradeStore.epoch), sent as X-Day-Epoch beside X-Last-Seq. */
  epoch(code: string, date: string): number;
  today(): string;
}

const MAX_TAIL = 100_000;

/** The client went away mid-answer: nothing left to do. */
class ClientGone extends Error {}

/**
 * Writes one chunk and resolves once it has been handed to the socket: a slow reader never piles up
 * memory, and streamHistory may then reuse the chunk's buffer.
 */
function send(res: Response, chunk: Buffer): Promise<void> {
  if (res.destroyed) return Promise.reject(new ClientGone());
  return new Promise((resolve, reject) => {
    const onClose = (): void => reject(new ClientGone());
    res.once('close', onClose);
    res.write(chunk, (err) => {
      res.off('close', onClose);
      if (err) reject(new ClientGone());
      else resolve();
    });
  });
}

export function historyRoutes(deps: HistoryDeps): Router {
  const router = express.Router();
  router.get('/api/history', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const code = codeParam(single(q, 'code'));
    const date = dateParam(single(q, 'date'), deps.today());
    const tail = intParam('tail', single(q, 'tail'), 1, MAX_TAIL);
    // Read before the snapshot: a merge in between makes later live trades carry a newer epoch (docs/backfill.md).
    const epoch = deps.epoch(code, date);
    const snap = await deps.snapshot(code, date);
    res.set({ [LAST_SEQ_HEADER]: String(snap.seq), [DAY_EPOCH_HEADER]: String(epoch) });
    res.type('json');
    const file = dayFilePath(deps.dataDir, code, date);
    try {
      if (tail !== null) await streamHistoryTail(file, snap.bytes, tail, (chunk) => send(res, chunk));
      else await streamHistory(file, snap.bytes, (chunk) => send(res, chunk));
    } catch (err) {
      if (err instanceof ClientGone) return;
      throw err;
    }
    res.end();
  });
  router.get('/api/days', async (req, res) => {
    const code = codeParam(single(req.query as Record<string, unknown>, 'code'));
    res.json({ code, days: await listRecordedDays(deps.dataDir, code) });
  });
  router.get('/api/gaps', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const code = codeParam(single(q, 'code'));
    const date = dateParam(single(q, 'date'), deps.today());
    res.json(await readGaps(deps.dataDir, code, date));
  });
  return router;
}
