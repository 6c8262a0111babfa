// A bound on heavy reads (day-file answers): at most `running` at once, `waiting` more queued in
// arrival order, the rest refused at once with 503 and Retry-After. A burst of large answers then
// costs a bounded amount of memory and disk time, and ingest (the same event loop) keeps its turns.
import type { NextFunction, Request, Response } from 'express';

export interface ReadLimitOptions {
  running: number;
  waiting: number;
  /** Seconds a refused client is told to wait. */
  retryAfterS: number;
}

export const DEFAULT_READ_LIMIT: ReadLimitOptions = { running: 4, waiting: 32, retryAfterS: 1 };

export interface ReadLimiter {
  (req: Request, res: Response, next: NextFunction): void;
  /** Reads running and waiting now. */
  load(): { running: number; waiting: number };
}

export function createReadLimiter(opts: ReadLimitOptions = DEFAULT_READ_LIMIT): ReadLimiter {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  const limiter = ((req: Request, res: Response, next: NextFunction): void => {
    let done = false;
    // An answer ends (sent, failed or abandoned by its client): its slot goes to the next in line.
    const finish = (): void => {
      if (done) return;
      done = true;
      release();
    };
    const start = (): void => {
      if (res.destroyed) return finish();
      res.once('close', finish);
      next();
    };
    if (running < opts.running) {
      running++;
      start();
      return;
    }
    if (queue.length >= opts.waiting) {
      res.set('Retry-After', String(opts.retryAfterS));
      res.status(503).json({ error: 'too many history reads at once; retry shortly' });
      return;
    }
    const slot = (): void => start();
    queue.push(slot);
    // A client gone while waiting gives up its place.
    req.once('close', () => {
      const i = queue.indexOf(slot);
      if (i >= 0 && res.destroyed) queue.splice(i, 1);
    });
  }) as ReadLimiter;
  limiter.load = () => ({ running, waiting: queue.length });
  return limiter;
}
