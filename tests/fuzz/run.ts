// `npm run fuzz`: FUZZ_CASES (default 100,000) cases each of the LS frame parser and the HTTP API, from
// FUZZ_SEED (default: a fresh one, printed). A failure prints its seed and case number; rerun with that seed.
import { fuzzFrames } from './frames.ts';
import { fuzzHttp } from './http.ts';

const cases = Number(process.env.FUZZ_CASES ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000);
process.stderr.write(`fuzz: ${cases} cases each, seed ${seed} (FUZZ_SEED=${seed} reproduces)\n`);
let t = performance.now();
const frames = fuzzFrames(seed, cases);
process.stdout.write(`frames: ${JSON.stringify(frames)} in ${Math.round(performance.now() - t)} ms\n`);
t = performance.now();
const api = await fuzzHttp(seed, cases);
process.stdout.write(`http: ${JSON.stringify(api)} in ${Math.round(performance.now() - t)} ms\n`);
