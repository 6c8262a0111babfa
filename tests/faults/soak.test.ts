// A one-minute soak (tests/soak/soak.ts) in the test suite: seeded drops, kill -9 restarts and disk-full
// bursts against a real serve process; the ledger reconciles exactly and no rejection goes unhandled.
// Its figures (RSS, descriptors, event-loop delay) are printed, never asserted. `npm run soak` runs the long one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../soak/soak.ts';

const SEED = Number(process.env.SOAK_SEED ?? 7);

test(`one-minute soak (seed ${SEED}): the ledger reconciles exactly, no unhandled rejection`, async (t) => {
  const report = await runSoak({ durationMs: 60_000, seed: SEED, codes: 3, calmMs: [4000, 10_000], faults: ['drop', 'kill', 'disk'], tmpfsSize: '256m' });
  t.diagnostic(JSON.stringify(report));
  assert.equal(report.ledger.error, null, `seed ${SEED}`);
  assert.ok(report.ledger.exact);
  assert.ok(report.ledger.sent > 0 && report.ledger.on_disk >= report.ledger.sent - report.ledger.lost_in_flight);
  assert.equal(report.unhandled_rejections, 0);
});
