// The Express application: guards first (Host on everything, Origin on state changes), security
// headers, then the routes; every error ends as a JSON answer, never as a crashed process.
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from '../log.ts';
import { DAY_EPOCH_HEADER, FOOTPRINT_EMPTY_HEADER, FOOTPRINT_STATE_HEADER, LAST_SEQ_HEADER } from '../shared/wire.ts';
import { DirLockError, LockFileError } from '../store/dir-lock.ts';
import { WatchlistError } from '../store/watchlist-file.ts';
import { isAllowedHost, isLoopbackOrigin, originProblem } from './guards.ts';
import { ParamError } from '../shared/param-error.ts';
import { bigPrintRoutes } from './routes-bigprints.ts';
import { footprintRoutes, type FootprintQueryService } from './routes-footprint.ts';
import { historyRoutes, type HistoryDeps } from './routes-history.ts';
import { pageRoutes, type PageDeps } from './routes-page.ts';
import { createReadLimiter, type ReadLimiter } from './read-limit.ts';
import { stockRoutes, type StockDeps } from './routes-stock.ts';
import { stockSearchRoutes, type MasterList } from './routes-stock-search.ts';
import { watchlistRoutes, type WatchlistDeps } from './routes-watchlist.ts';

export interface AppDeps {
  log: Logger;
  /** Host header values this server answers to. */
  hosts: ReadonlySet<string>;
  page: Omit<PageDeps, 'wsHosts'>;
  /**
   * The sources below change when the settings switch the collector (demo ↔ LS, new credentials):
   * each getter returns the current one, and its routes are rebuilt when it returns a new object.
   */
  history: () => HistoryDeps;
  footprint: FootprintQueryService;
  today: () => string;
  stock: () => StockDeps;
  stockSearch: () => MasterList;
  watchlist: WatchlistDeps;
  /** The bound on concurrent day-file reads (tests pass a small one). */
  readLimit?: ReadLimiter;
  /** Routers of other parts (the settings API), behind the same guards and error handling. */
  routes: readonly Router[];
}

/** Routes built from `deps()`, rebuilt (fresh caches) whenever it returns a different object. */
function swappable<D>(deps: () => D, build: (d: D) => Router): RequestHandler {
  let current: { deps: D; router: Router } | null = null;
  return (req, res, next) => {
    const d = deps();
    if (current?.deps !== d) current = { deps: d, router: build(d) };
    current.router(req, res, next);
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function httpStatusOf(err: unknown): number | null {
  if (err instanceof ParamError) return 400;
  // A broken watchlist.json (a hand edit in progress) refuses changes until it is fixed: the file's problem, not ours.
  if (err instanceof DirLockError || err instanceof LockFileError || err instanceof WatchlistError) return 409;
  // body-parser marks its own client errors (malformed JSON, too large, bad charset) with a 4xx status.
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

export function createHttpApp(deps: AppDeps): Express {
  const { log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req: Request, res: Response, next: NextFunction) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    // Local tools (a dev server on another loopback port) may read the API, refusals included.
    const origin = req.headers.origin;
    const local = origin !== undefined && isLoopbackOrigin(origin);
    if (local) res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Expose-Headers': `${LAST_SEQ_HEADER}, ${DAY_EPOCH_HEADER}, ${FOOTPRINT_STATE_HEADER}, ${FOOTPRINT_EMPTY_HEADER}` });
    if (!isAllowedHost(req.headers.host, deps.hosts)) {
      res.status(421).json({ error: 'unknown host name; use http://127.0.0.1:<port>' });
      return;
    }
    // A foreign page may navigate to / (and load the page), nothing else: no state change, and no
    // /api/ read either (a day-file read is heavy; GETs need no CORS preflight, so a page could fire many).
    const changing = STATE_CHANGING.has(req.method);
    if (changing || req.path.startsWith('/api/')) {
      const problem = originProblem(origin, req.get('sec-fetch-site'));
      if (problem) {
        // A refused change is readable, so a foreign page learns why instead of a bare CORS failure.
        if (changing && origin !== undefined && !local) res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
        res.status(403).json({ error: problem });
        return;
      }
    }
    if (local) {
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE', 'Access-Control-Allow-Headers': 'Content-Type' });
        res.status(204).end();
        return;
      }
    }
    if (req.path.startsWith('/api/')) res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: '64kb' }));

  app.use(pageRoutes({ ...deps.page, wsHosts: deps.hosts }));
  // Day-file answers are the heavy reads: bounded together, whatever feed serves them.
  const heavy = deps.readLimit ?? createReadLimiter();
  app.use(['/api/history', '/api/footprint', '/api/bigprints'], heavy);
  app.use(swappable(deps.history, historyRoutes));
  app.use(swappable(deps.history, bigPrintRoutes));
  app.use(footprintRoutes(deps.footprint, deps.today));
  app.use(swappable(deps.stock, stockRoutes));
  app.use(swappable(deps.stockSearch, stockSearchRoutes));
  app.use(watchlistRoutes(deps.watchlist));
  for (const router of deps.routes) app.use(router);

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `not found: ${req.method} ${req.path.slice(0, 100)}` });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = httpStatusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    if (status === null) log.error('request failed', { path: req.path, error: message });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status ?? 500).json({ error: status === null ? 'internal error' : message });
  });
  return app;
}
