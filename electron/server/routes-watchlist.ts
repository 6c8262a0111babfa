// The watchlist API: read it, add or remove one code, or reorder it. The watchlist owner rewrites
// watchlist.json and the core resubscribes the feed from its change notification.
import express, { type Router } from 'express';
import { UnknownCodeError } from '../shared/wire.ts';
import { codeListParam, codeParam } from './params.ts';

export interface WatchlistDeps {
  codes(): readonly string[];
  /** Each change rewrites watchlist.json before resolving; a failing disk rejects, an unknown code rejects with UnknownCodeError. */
  add(code: string): Promise<void>;
  remove(code: string): void;
  setCodes(codes: readonly string[]): void;
}

export function watchlistRoutes(deps: WatchlistDeps): Router {
  const router = express.Router();
  const reply = (code?: string) => ({ status: 'success', ...(code ? { code } : {}), watchlist: deps.codes() });

  router.get('/api/watchlist', (_req, res) => {
    res.json({ watchlist: deps.codes() });
  });
  router.post('/api/subscribe/:code', async (req, res) => {
    const code = codeParam(req.params.code);
    // The old backend's answer, which its clients show differently from an addition.
    if (deps.codes().includes(code)) {
      res.json({ status: 'already_subscribed', message: `${code}은(는) 이미 관심종목입니다 (already subscribed)`, code, watchlist: deps.codes() });
      return;
    }
    try {
      await deps.add(code);
    } catch (err) {
      if (!(err instanceof UnknownCodeError)) throw err;
      res.status(404).json({ error: err.message, watchlist: deps.codes() });
      return;
    }
    res.json(reply(code));
  });
  router.delete('/api/subscribe/:code', (req, res) => {
    const code = codeParam(req.params.code);
    deps.remove(code);
    res.json(reply(code));
  });
  // Reorder only: a list read before another client added or removed a code would otherwise undo
  // that change silently. Adding and removing go through /api/subscribe.
  router.put('/api/watchlist', (req, res) => {
    const body: unknown = req.body;
    const codes = codeListParam(typeof body === 'object' && body !== null ? (body as { codes?: unknown }).codes : undefined);
    const current = deps.codes();
    if (codes.length !== current.length || !codes.every((c) => current.includes(c))) {
      res.status(409).json({
        error: '순서 바꾸기에는 지금 관심종목이 모두 한 번씩 있어야 합니다 (추가·삭제는 /api/subscribe). The list must hold exactly the current codes.',
        watchlist: current,
      });
      return;
    }
    deps.setCodes(codes);
    res.json(reply());
  });
  return router;
}
