// A real recorded day replayed through the LS emulator into the real serve process, with dropped
// connections and kill -9 restarts at seeded random points: once the fills are done the day file holds
// the original's prints, each once, in order, with the same first four fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { kstDate } from '../../electron/shared/kst.ts';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { startLsEmulator } from '../support/ls-emulator.ts';
import { REAL_005930 } from '../support/paths.ts';
import { seededRandom } from '../../electron/shared/random.ts';
import { emulatorEnv, startServe, tempSetup, until, type ServeProcess } from '../support/serve-process.ts';

const CODE = '005930';

const records = (text: string): TradeRecord[] => text.split('\n').filter(Boolean).map((l) => parseRecordLine(l) as TradeRecord);

test('a real day replayed with seeded disconnects and restarts ends equal to the original', async () => {
  const original = records(await fs.readFile(REAL_005930, 'utf8'));
  const random = seededRandom(20251125);
  const emu = await startLsEmulator({ timeSales: { pageSize: 25 } });
  const setup = await tempSetup([CODE]);
  const dayFile = path.join(setup.dataDir, `raw_data_${CODE}_${kstDate(Date.now())}.txt`);
  const fileNow = async (): Promise<TradeRecord[]> => records(await fs.readFile(dayFile, 'utf8').catch(() => ''));
  let serve: ServeProcess | null = null;
  let sent = 0;
  const send = (n: number): void => {
    for (const r of original.slice(sent, sent + n)) emu.sendTrade(CODE, { chetime: r.chetime, price: Number(r.price), cvolume: Number(r.cvolume), cgubun: r.cgubun });
    sent = Math.min(original.length, sent + n);
  };
  try {
    // The morning before the app starts.
    send(20 + Math.floor(random() * 40));
    serve = await startServe(emulatorEnv(emu, setup));
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    while (sent < original.length - 10) {
      const n = 10 + Math.floor(random() * 40);
      const roll = random();
      if (roll < 0.25) {
        // A dropped connection while the market trades on.
        emu.hold(true);
        emu.dropAll();
        send(n);
        emu.hold(false);
        await emu.waitFor(() => emu.liveConnections() > 0 && emu.subscribed().has(CODE), 60_000, 'resubscribed');
      } else if (roll < 0.4) {
        // kill -9, trades while the app is down, a new run.
        emu.hold(true);
        serve.child.kill('SIGKILL');
        await new Promise((r) => (serve as ServeProcess).child.once('exit', r));
        serve = null;
        send(n);
        emu.hold(false);
        serve = await startServe(emulatorEnv(emu, setup));
        await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription after restart');
      } else {
        send(n);
      }
    }
    send(original.length - sent);
    await until(async () => (await fileNow()).length === original.length, 'every print in the day file', 120_000);
    const file = await fileNow();
    file.forEach((r, i) => {
      const o = original[i];
      assert.deepEqual([r.chetime, r.price, r.cvolume, r.cgubun], [o.chetime, o.price, o.cvolume, o.cgubun], `line ${i + 1}`);
      if (o.exchname !== undefined) assert.equal(r.exchname, o.exchname, `venue of line ${i + 1}`);
    });
  } finally {
    await serve?.stop();
    await emu.close();
    await setup.cleanup();
  }
});
