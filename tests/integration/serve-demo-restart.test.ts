// The demo feed across a restart of the real serve process on the same DATA_DIR: each code continues
// from its last recorded trade of the day, so the day file shows no price jump, the cumulative fields
// go on exactly, and no missed trades are reported (the demo simulates nothing while it is stopped).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { kstDate } from '../../electron/shared/kst.ts';
import { tickSize } from '../../electron/shared/tick-size.ts';
import type { TradeRecord } from '../../electron/shared/trade.ts';
import type { CodeStats } from '../../electron/shared/wire.ts';
import { demoEnv, startServe, tempSetup, until, type ServeProcess } from '../support/serve-process.ts';

const CODE = '005930';

let setup: Awaited<ReturnType<typeof tempSetup>>;
let serve: ServeProcess | null = null;

after(async () => {
  await serve?.stop();
  await setup?.cleanup();
});

async function history(url: string): Promise<TradeRecord[]> {
  return (await (await fetch(`${url}/api/history?code=${CODE}`)).json()) as TradeRecord[];
}

async function liveSeq(url: string): Promise<number> {
  const h = (await (await fetch(`${url}/`)).json()) as { codes: Record<string, CodeStats> };
  return h.codes[CODE]?.trades_today ?? 0;
}

test('after a restart the demo continues each code from its last recorded trade: no jump, no false gap', async () => {
  setup = await tempSetup([CODE]);
  serve = await startServe(demoEnv(setup));
  const first = serve;
  // The simulated past is written at start; wait for live trades after it too.
  let startSeq = 0;
  await until(async () => (startSeq ||= await liveSeq(first.url)) > 0, 'the simulated past');
  await until(async () => (await liveSeq(first.url)) >= startSeq + 3, 'live demo trades', 20_000);
  assert.equal(await first.stop(), 0);
  serve = null;
  // Where the first run stopped: the day file as it left it.
  const file = path.join(setup.dataDir, 'demo', `raw_data_${CODE}_${kstDate(Date.now())}.txt`);
  const boundary = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l !== '').length;
  assert.ok(boundary >= startSeq + 3);

  const second = await startServe(demoEnv(setup));
  serve = second;
  await until(async () => (await history(second.url)).length > boundary + 5, 'trades after the restart', 20_000);
  const day = await history(second.url);
  const health = (await (await fetch(`${second.url}/`)).json()) as { codes: Record<string, CodeStats> };
  const [last, next] = [day[boundary - 1]!, day[boundary]!];
  assert.equal(Number(next.volume), Number(last.volume) + Number(next.cvolume), 'the first trade after the restart continues the cumulative volume');
  assert.ok(Math.abs(Number(next.price) - Number(last.price)) <= 2 * tickSize(Number(last.price)), `no price jump at the restart: ${last.price} → ${next.price}`);
  // Every consecutive pair, across the restart included, obeys volume_n = volume_{n-1} + cvolume_n,
  // and the counts step by one per print.
  for (let i = 1; i < day.length; i++) {
    const [a, b] = [day[i - 1]!, day[i]!];
    assert.equal(Number(b.volume), Number(a.volume) + Number(b.cvolume), `volume continues at seq ${i + 1}`);
    assert.equal(Number(b.mschecnt) + Number(b.mdchecnt), Number(a.mschecnt) + Number(a.mdchecnt) + 1, `counts continue at seq ${i + 1}`);
    // No price jump anywhere, the restart included: the demo moves at most a level per print.
    const price = Number(a.price);
    assert.ok(Math.abs(Number(b.price) - price) <= 2 * tickSize(price), `price ${a.price} → ${b.price} at seq ${i + 1}`);
  }
  const gaps = (await (await fetch(`${second.url}/api/gaps?code=${CODE}&date=${kstDate(Date.now())}`)).json()) as unknown[];
  assert.deepEqual(gaps, [], 'no missed trades reported for the restart');
  assert.equal(health.codes[CODE]?.gaps_today, 0);
  assert.equal(health.codes[CODE]?.continuity, 'trusted', 'the stream keeps the trust its recorded tail earned');
});
