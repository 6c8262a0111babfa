// Broker connection faults against the real serve process with its default delays (tests/faults/rig.ts):
// a dropped connection, a stalled one (socket open, no frames, no pongs), a handshake that never completes,
// subscribe refusals and a token the broker silently stopped honouring. Each ends in the ledger check:
// every trade that reached the collector's socket is on disk and on /ws once, in order. The cases wait
// on the client's own timers (seconds each), so they run side by side, each with its own emulator,
// server and folder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../support/serve-process.ts';
import type { LsEmulator } from '../support/ls-emulator.ts';
import { startRig, type Rig } from './rig.ts';

const A = '005930';
const B = '000660';

async function withRig(codes: readonly string[], body: (rig: Rig) => Promise<void>, before?: (emu: LsEmulator) => void): Promise<void> {
  const rig = await startRig(codes, { before, unsubscribed: before !== undefined });
  try {
    await body(rig);
  } finally {
    await rig.close();
  }
}

function burst(rig: Rig, n: number): void {
  for (let i = 0; i < n; i++) for (const c of rig.codes) rig.trade(c);
}

describe('broker connection faults', { concurrency: true }, () => {
  test('dropped connection: one reconnect, every code resubscribed, nothing lost or doubled', () =>
    withRig([A, B], async (rig) => {
      burst(rig, 30);
      await rig.drained();
      rig.emu.dropAll();
      await until(() => rig.emu.connections === 2, 'a second connection', 30_000);
      await rig.subscribed();
      burst(rig, 30);
      await rig.drained();
      assert.equal(rig.emu.connections, 2, 'exactly one reconnect');
      assert.equal((await rig.health()).reconnects, 1);
      rig.assertLedger('drop');
    }));

  test('stalled connection (socket open, no frames, no pongs): detected, replaced; the held trades are one exact gap', () =>
    withRig([A], async (rig) => {
      burst(rig, 25); // past the 20 matches a stream needs before its gaps are reported
      await rig.drained();
      rig.emu.hold(true);
      rig.emu.silence();
      let missed = 0;
      for (let i = 0; i < 7; i++) missed += Number(rig.emu.sendTrade(A, { chetime: '100000', price: '55000', cvolume: String(10 + i), cgubun: '+' }).cvolume);
      await until(() => rig.emu.connections === 2, 'the stalled connection replaced', 60_000);
      rig.emu.hold(false);
      await rig.subscribed();
      burst(rig, 5);
      await rig.drained();
      rig.assertLedger('stall');
      const gaps = (await (await fetch(`${rig.serve.url}/api/gaps?code=${A}`)).json()) as { missed_volume: number; cause: string }[];
      assert.deepEqual(gaps.map((g) => [g.missed_volume, g.cause]), [[missed, 'reconnect']], 'the volume held during the stall is reported exactly');
    }));

  test('handshake hang (TCP accepted, no 101): timed out, retried; the hung socket is closed, not leaked', () =>
    withRig([A], async (rig) => {
      burst(rig, 10);
      await rig.drained();
      rig.emu.hangHandshakes(1);
      rig.emu.dropAll();
      await until(() => rig.emu.hungOpen() === 1, 'the hung handshake', 30_000);
      await until(() => rig.emu.connections === 2, 'a connection after the hang', 60_000);
      assert.equal(rig.emu.handshakeAttempts, 3, 'first connection, the hung attempt, its retry');
      await until(() => rig.emu.hungOpen() === 0, 'the hung socket closed by the client');
      await rig.subscribed();
      burst(rig, 10);
      await rig.drained();
      rig.assertLedger('handshake hang');
    }));

  test('subscribe refusals: a code refused twice is retried on the connection; one refused for good is an alarm, then recovers', () =>
    withRig(
      [A, B],
      async (rig) => {
        // B is refused on every request of the first connection: the alarm names it while A records.
        await rig.emu.waitFor(() => rig.emu.subscribed().has(A), 30_000, 'A accepted on its third request');
        await until(async () => (await rig.health()).rejected_codes.includes(B), 'B shown as refused', 30_000);
        const h = await rig.health();
        assert.ok(h.not_recording.includes(B), 'a watched code that is not recording is named');
        assert.ok(!h.not_recording.includes(A));
        burst(rig, 10);
        rig.emu.rejectCode(B, 0);
        await rig.subscribed(90_000);
        await until(async () => (await rig.health()).not_recording.length === 0, 'the alarm cleared', 30_000);
        burst(rig, 10);
        await rig.drained();
        rig.assertLedger('refusals');
      },
      (emu) => {
        emu.rejectCode(A, 2);
        emu.rejectCode(B, Infinity);
      },
    ));

  test('a token the broker silently stopped honouring: a new token and connection, every code recording again', () =>
    withRig([A, B], async (rig) => {
      burst(rig, 10);
      await rig.drained();
      const tokens = rig.emu.tokensIssued;
      rig.emu.poisonTokens();
      rig.emu.dropAll();
      await until(() => rig.emu.tokensIssued > tokens, 'a fresh token', 90_000);
      await rig.subscribed(90_000);
      burst(rig, 10);
      await rig.drained();
      rig.assertLedger('token invalidated');
    }));
});
