// One descriptor budget for a whole market: the real serve process, limited to 1,024 descriptors (the usual
// default `ulimit -n`), records 2,700 codes from the LS emulator, twice each, without running out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startLsEmulator } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until } from '../support/serve-process.ts';
import { kstDate } from '../../electron/shared/kst.ts';

const CODES = Array.from({ length: 2700 }, (_, i) => String(100000 + i));
const LIMIT = 1024;

test('2,700 codes are subscribed and recorded under a 1,024-descriptor limit', async () => {
  const emu = await startLsEmulator();
  const setup = await tempSetup(CODES);
  const serve = await startServe(emulatorEnv(emu, setup), 20_000, LIMIT);
  try {
    const limits = await fs.readFile(`/proc/${serve.pid}/limits`, 'utf8');
    assert.match(limits, new RegExp(`Max open files\\s+${LIMIT}\\s+${LIMIT}`), 'the limit applies to the serve process itself');
    await until(() => emu.subscribed('US3').size === CODES.length, 'every code subscribed', 10 * 60_000);
    const today = kstDate(Date.now());
    // Two rounds, so every file is opened, closed to stay in budget, and opened again.
    for (const round of [0, 1]) {
      for (const code of CODES) emu.sendTrade(code, { chetime: round === 0 ? '090000' : '090001', price: '10000', cvolume: '1', cgubun: '+' });
      await until(async () => {
        // A status of 2,700 codes is large: ask a few times a second, not in a tight loop.
        await new Promise((r) => setTimeout(r, 250));
        let codes: Record<string, { trades_today: number }>;
        try {
          codes = ((await (await fetch(`${serve.url}/`)).json()) as { codes: typeof codes }).codes;
        } catch {
          // A kept-alive socket the server closed meanwhile; a dead server ends in the timeout, with its output.
          if (serve.child.exitCode !== null) throw new Error(`serve exited: ${serve.stderr().slice(-2000)}`);
          return false;
        }
        return CODES.every((c) => codes[c]?.trades_today === round + 1);
      }, `round ${round + 1} recorded`, 5 * 60_000);
      const fds = (await fs.readdir(`/proc/${serve.pid}/fd`)).length;
      assert.ok(fds < LIMIT, `descriptors in use: ${fds}`);
    }
    const files = (await fs.readdir(setup.dataDir)).filter((f) => f.startsWith('raw_data_') && f.endsWith(`_${today}.txt`));
    assert.equal(files.length, CODES.length);
    const sample = await fs.readFile(path.join(setup.dataDir, `raw_data_${CODES[1234]}_${today}.txt`), 'utf8');
    assert.equal(sample.split('\n').filter(Boolean).length, 2);
    assert.doesNotMatch(serve.stderr(), /EMFILE|ENFILE/);
  } finally {
    const code = await serve.stop();
    await emu.close();
    await setup.cleanup();
    assert.equal(code, 0);
  }
});
