// Our own bursts never reach clients as a live flood: adding a code on the demo feed records its
// simulated past (hundreds of trades) at once, but quietly; /ws carries only the trades after it, whose
// seq jump tells pages to read the day, and no client is cut for being slow.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoEnv, startServe, tempSetup, until, wsCollector, type ServeProcess } from '../support/serve-process.ts';

const ADDED = '035720';

let serve: ServeProcess;
let setup: Awaited<ReturnType<typeof tempSetup>>;

before(async () => {
  setup = await tempSetup(['005930']);
  serve = await startServe(demoEnv(setup));
});

after(async () => {
  await serve?.stop();
  await setup?.cleanup();
});

test('a code added on the demo feed: its past is in the day file, not on /ws', async () => {
  const ws = await wsCollector(serve.url);
  await until(() => ws.trades('005930').length > 0, 'live demo trades');
  // As the old client on its own dev server adds a code.
  const res = await fetch(`${serve.url}/api/subscribe/${ADDED}`, { method: 'POST', headers: { origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'cross-site' } });
  assert.equal(res.status, 200);
  await until(() => ws.trades(ADDED).length >= 3, 'live trades of the added code');
  const seqs = ws.trades(ADDED).map((t) => t.seq!);
  const history = (await (await fetch(`${serve.url}/api/history?code=${ADDED}`)).json()) as unknown[];
  assert.ok(seqs[0]! > 100, `the first trade sent follows the simulated past (seq ${seqs[0]})`);
  assert.ok(history.length >= seqs.at(-1)!, 'the past and the live trades are in the day file');
  assert.ok(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1), 'after the jump, live trades follow one by one');
  const h = (await (await fetch(`${serve.url}/`)).json()) as { slow_clients_cut: number; connected_clients: number };
  assert.deepEqual([h.slow_clients_cut, h.connected_clients], [0, 1]);
  ws.close();
});
