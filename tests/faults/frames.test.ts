// Feed content faults against the real serve process: garbage and malformed frames among good ones,
// a broker repeating a trade frame (next to it, and after a resubscribe), identical legitimate prints,
// and the opening burst (5,000 trades in about 100 ms over 200 codes). Each ends in the ledger check.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../support/serve-process.ts';
import { onDisk } from './ledger.ts';
import { startRig, type Rig } from './rig.ts';

const A = '005930';

async function withRig(codes: readonly string[], body: (rig: Rig) => Promise<void>): Promise<void> {
  const rig = await startRig(codes);
  try {
    await body(rig);
  } finally {
    await rig.close();
  }
}

/** Frames no trade can come from; each must be counted and change nothing else. */
const GARBAGE = [
  'not json',
  '{',
  '[]',
  'null',
  '"text"',
  '{"header":null}',
  '{"header":{}}',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "}}',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":"x"}',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"chetime":"090000","price":"abc","cvolume":"1","cgubun":"+"}}',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"chetime":"090000","price":"55000","cvolume":"-3","cgubun":"+"}}',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"chetime":"090000","price":"55000","cvolume":"1","cgubun":"?"}}',
  '{"header":{"tr_cd":"XX9","tr_key":"U005930   "},"body":{"chetime":"090000","price":"55000","cvolume":"1","cgubun":"+"}}',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"__proto__":{"price":"1"},"chetime":"090000"}}',
  `{"header":{"tr_cd":"US3"},"body":{"pad":"${'x'.repeat(200_000)}"}}`,
  '\u0000\u0001\u0002',
  '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"chetime":"0900","price":"55000","cvolume":"1","cgubun":"+"}}',
];

describe('feed content faults', { concurrency: true }, () => {
  test('garbage and malformed frames between good ones: counted, never recorded, the connection kept', () =>
    withRig([A], async (rig) => {
      const before = (await rig.health()).bad_frames;
      for (const g of GARBAGE) {
        rig.trade(A);
        rig.emu.sendRaw(g);
      }
      rig.trade(A);
      await rig.drained();
      // Frames that name a watched code but carry impossible values are quarantined (docs/trade-sanity.md);
      // every other one is a bad frame.
      const QUARANTINED = 5;
      await until(async () => {
        const h = await rig.health();
        return h.bad_frames - before === GARBAGE.length - QUARANTINED && h.codes[A]?.quarantined_today === QUARANTINED;
      }, 'every bad frame counted or quarantined');
      assert.equal(rig.emu.connections, 1, 'no reconnect over content');
      rig.assertLedger('garbage frames');
    }));

  test('a repeated trade frame (next to itself, and after a resubscribe) is recorded once', () =>
    withRig([A], async (rig) => {
      for (let i = 0; i < 5; i++) {
        rig.trade(A);
        assert.ok(rig.emu.resendLast(A));
      }
      await rig.drained();
      rig.emu.dropAll();
      await until(() => rig.emu.connections === 2, 'reconnected', 30_000);
      await rig.subscribed();
      assert.ok(rig.emu.resendLast(A), 'the broker repeats the last trade after the resubscribe');
      for (let i = 0; i < 5; i++) rig.trade(A);
      await rig.drained();
      // The repeats must not be on disk or /ws either: the ledger compares exact counts.
      await until(async () => (await rig.health()).codes[A]?.trades_today === 10, 'the count settled');
      assert.equal((await rig.health()).repeated_trades, 6);
      rig.assertLedger('duplicates');
    }));

  test('identical legitimate prints (same second, price, size and side) are all kept', () =>
    withRig([A], async (rig) => {
      for (let i = 0; i < 40; i++) rig.trade(A, { chetime: '090001', price: '55000', cvolume: '7', cgubun: '+' });
      await rig.drained();
      rig.assertLedger('identical prints');
      const same = onDisk(rig.dayFile(A)).map((k) => k.split('|').slice(0, 4).join('|'));
      assert.deepEqual(new Set(same), new Set(['090001|55000|7|+']));
      assert.equal(same.length, 40);
    }));

  test('opening burst: 5,000 trades in about 100 ms over 200 codes, every one recorded in per-code order', () => {
    const codes = Array.from({ length: 200 }, (_, i) => String(100_000 + i * 37).padStart(6, '0'));
    return withRig(codes, async (rig) => {
      const t0 = performance.now();
      for (let i = 0; i < 5000; i++) {
        rig.trade(codes[i % codes.length]!);
        // Spread over about 100 ms: a few hundred frames, then let the sockets move.
        if (i % 500 === 499) await new Promise((r) => setTimeout(r, Math.max(0, t0 + ((i + 1) / 5000) * 100 - performance.now())));
      }
      await rig.drained(60_000);
      rig.assertLedger('opening burst');
    });
  });
});
