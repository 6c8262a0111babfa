// `npm run soak`: SOAK_MINUTES (default 60) of compressed trading days with seeded faults against a real
// serve process; SOAK_SEED replays a run. Prints the report as JSON; exits 1 when the ledger does not
// reconcile or a rejection went unhandled.
import { runSoak } from './soak.ts';

const minutes = Number(process.env.SOAK_MINUTES ?? 60);
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 1_000_000);
process.stderr.write(`soak: ${minutes} min, seed ${seed} (SOAK_SEED=${seed} replays the faults)\n`);
const report = await runSoak({ durationMs: minutes * 60_000, seed, progress: (l) => process.stderr.write(`soak: ${l}\n`) });
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(report.ledger.exact && report.unhandled_rejections === 0 ? 0 : 1);
