// A collector whose output nobody reads any more (the terminal or pipe it was started from closed):
// it records on, logs into the void, and still stops cleanly on SIGTERM. Unguarded, each log line's
// EPIPE reached the uncaught-exception handler, whose own line failed the same way: a busy loop that
// also kept SIGTERM from ending the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until } from '../support/serve-process.ts';

const CODE = '005930';

test('with its stdout and stderr closed, serve keeps recording through a reconnect and exits 0 on SIGTERM', { timeout: 90_000 }, async () => {
  const emu = await startLsEmulator();
  const setup = await tempSetup([CODE]);
  const serve = await startServe({ ...emulatorEnv(emu, setup), LOG_LEVEL: 'debug' });
  try {
    await emu.waitFor(() => emu.subscribed().has(CODE), 15_000, 'subscription');
    serve.child.stdout!.destroy();
    serve.child.stderr!.destroy();
    const trades = async (): Promise<number> => {
      const h = (await (await fetch(serve.url, { headers: { Accept: 'application/json' } })).json()) as { codes: Record<string, { trades_today: number }> };
      return h.codes[CODE]?.trades_today ?? 0;
    };
    // A drop and a reconnect: the client logs both, into the closed pipe.
    const connections = emu.connections;
    emu.dropAll();
    await until(() => emu.connections > connections && emu.subscribed().has(CODE), 'a new connection', 20_000);
    emu.sendTrade(CODE, { chetime: '093000', price: '99400', cvolume: '3', cgubun: '+' });
    await until(async () => (await trades()) === 1, 'the trade recorded after the pipes closed');
  } finally {
    assert.equal(await serve.stop(), 0, 'a clean exit on SIGTERM, not the stop helper\'s SIGKILL');
    await emu.close();
    await setup.cleanup();
  }
});
