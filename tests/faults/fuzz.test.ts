// The short fuzz in the test suite (tests/fuzz/: the LS frame parser and the HTTP API of a real serve
// process); `npm run fuzz` runs 100,000 cases each. FUZZ_SEED picks another seed, FUZZ_CASES another count.
import { test } from 'node:test';
import { fuzzFrames } from '../fuzz/frames.ts';
import { fuzzHttp } from '../fuzz/http.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 11);
const CASES = Number(process.env.FUZZ_CASES ?? 400);

test(`LS frame parser: ${CASES * 10} seeded frames (seed ${SEED}), well-formed ones exact, none throwing, every trade valid`, (t) => {
  t.diagnostic(JSON.stringify(fuzzFrames(SEED, CASES * 10)));
});

test(`HTTP API: ${CASES} seeded requests (seed ${SEED}): no 5xx, no crash, nothing outside the data folder, still answering`, async (t) => {
  t.diagnostic(JSON.stringify(await fuzzHttp(SEED, CASES)));
});
