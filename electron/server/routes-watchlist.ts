// The watchlist API: read it, add or remove one code, or reorder it. The watchlist owner rewrites
// watchlist.json and the core resubscribes the feed from its change notification.
import express, { type Router } from 'express';
import { codeListParam, codeParam } from './params.ts';

export interface WatchlistDeps {
  codes(): readonly string[];
  /** Each change rewrites watchlist.json before returning; a failing disk throws. */
  add(code: string): void;
  remove(code: string): void;
  setCodes(codes: readonly string[]): void;
}

export function watchlistRoutes(deps: WatchlistDeps): Router {
  const router = express.Router();
  const reply = (code?: string) => ({ status: 'success', ...(code ? { code } : {}), watchlist: deps.codes() });

  router.get('/api/watchlist', (_req, res) => {
    res.json({ watchlist: deps.codes() });
  });
  router.post('/api/subscribe/:code', (req, res) => {
    const code = codeParam(req.params.code);
    deps.add(code);
    res.json(reply(code));
  });
  router.delete('/api/subscribe/:code', (req, res) => {
    const code = codeParam(req.params.code);
    deps.remove(code);
    res.json(reply(code));
  });
  router.put('/api/watchlist', (req, res) => {
    const body: unknown = req.body;
    const codes = codeListParam(typeof body === 'object' && body !== null ? (body as { codes?: unknown }).codes : undefined);
    deps.setCodes(codes);
    res.json(reply());
  });
  return router;
}
