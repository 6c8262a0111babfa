// The bound on heavy reads: at most `running` at once, `waiting` queued in order, the rest 503 with
// Retry-After; a slot is freed when an answer ends, however it ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createReadLimiter } from '../../electron/server/read-limit.ts';

test('concurrency is bounded, waiting reads run in order, overflow gets 503 with Retry-After', async () => {
  const limiter = createReadLimiter({ running: 2, waiting: 2, retryAfterS: 3 });
  const app = express();
  const held: Array<() => void> = [];
  const started: string[] = [];
  app.get('/r/:id', limiter, (req, res) => {
    const id = String(req.params.id);
    started.push(id);
    held.push(() => res.json({ id }));
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const answers = ['a', 'b', 'c', 'd'].map((id) => fetch(`${base}/r/${id}`));
    while (limiter.load().waiting < 2) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(limiter.load(), { running: 2, waiting: 2 });
    const refused = await fetch(`${base}/r/e`);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '3');
    assert.match(((await refused.json()) as { error: string }).error, /too many/);
    assert.deepEqual(started, ['a', 'b'], 'only two run');
    held.shift()!();
    while (started.length < 3) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(started, ['a', 'b', 'c'], 'the first waiting one runs next');
    while (held.length > 0 || started.length < 4) {
      held.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual((await Promise.all(answers)).map((r) => r.status), [200, 200, 200, 200]);
    while (limiter.load().running > 0) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(limiter.load(), { running: 0, waiting: 0 });
  } finally {
    server.close();
  }
});
