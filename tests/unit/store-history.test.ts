import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { streamHistory, streamHistoryTail } from '../../electron/store/history.ts';

/** streamHistoryTail's pieces joined. */
async function readHistoryTail(file: string, upTo: number | null, n: number): Promise<{ body: Buffer; trades: number }> {
  const parts: Buffer[] = [];
  const { trades } = await streamHistoryTail(file, upTo, n, async (c) => { parts.push(Buffer.from(c)); });
  return { body: Buffer.concat(parts), trades };
}
import { REAL_035720 } from '../support/paths.ts';
import { parseRecordLine } from '../../electron/shared/trade.ts';
import { scanDayFile } from '../../electron/store/day-scan.ts';

async function collect(file: string, upTo: number | null = null): Promise<{ text: string; trades: number; chunks: number }> {
  const parts: Buffer[] = [];
  const { trades } = await streamHistory(file, upTo, async (c) => {
    parts.push(Buffer.from(c));
  });
  return { text: Buffer.concat(parts).toString('utf8'), trades, chunks: parts.length };
}

function tmpFile(content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-history-'));
  const file = path.join(dir, 'raw_data_005930_20251125.txt');
  fs.writeFileSync(file, content);
  return file;
}

const A = '{"chetime": "092619", "price": "99300", "cvolume": "100", "cgubun": "-"}';
const B = '{"chetime": "092619", "price": "99350", "cvolume": "4", "cgubun": "+", "exchname": "NXT"}';

test('a missing or empty file is []', async () => {
  assert.deepEqual(await collect('/nonexistent/raw_data_005930_20251125.txt'), { text: '[]', trades: 0, chunks: 1 });
  assert.deepEqual(await collect(tmpFile('')), { text: '[]', trades: 0, chunks: 1 });
  assert.deepEqual(await collect(tmpFile('{"chetime": "0926')), { text: '[]', trades: 0, chunks: 1 });
});

test('lines come back byte for byte, in file order, without the torn tail or foreign lines', async () => {
  const file = tmpFile(`${A}\n\nnot json\n${B}\r\n\u0000\u0000${A}\n${A}\n{"chetime": "09`);
  const { text, trades } = await collect(file);
  assert.equal(text, `[${A},${B}\r,${A}]`);
  assert.equal(trades, 3);
  assert.deepEqual(JSON.parse(text), [JSON.parse(A), JSON.parse(B), JSON.parse(A)]);
});

test('object lines that are not trades are left out, so the n-th entry is the trade with seq n', async () => {
  const foreign = ['{}', '{"chetime": "092619"}', '{"chetime": "092619", "price": "0", "cvolume": "1", "cgubun": "+"}', `${A.slice(0, -1)}, "x": }`];
  const file = tmpFile(`${A}\n${foreign.join('\n')}\n${B}\n${foreign.join('\r\n')}\r\n${A}\n`);
  const { text, trades } = await collect(file);
  assert.equal(text, `[${A},${B},${A}]`);
  const scanned = await scanDayFile(file, null, () => {});
  assert.equal(trades, scanned.trades);
  const tailed = await readHistoryTail(file, null, 2);
  assert.equal(tailed.body.toString('utf8'), `[${B},${A}]`);
});

test('upToBytes stops at a snapshot boundary even while the file grows', async () => {
  const file = tmpFile(`${A}\n${B}\n`);
  const upTo = Buffer.byteLength(`${A}\n`);
  fs.appendFileSync(file, `${A}\n`);
  assert.equal((await collect(file, upTo)).text, `[${A}]`);
  assert.equal((await collect(file, upTo + 5)).text, `[${A}]`);
  assert.equal((await collect(file, 0)).text, '[]');
  assert.equal((await collect(file, 1e9)).trades, 3);
});

test('a multi-megabyte real file streams in several chunks and parses to exactly its lines', async () => {
  const real = fs.readFileSync(REAL_035720, 'utf8');
  const file = tmpFile(real.repeat(3));
  const expected = real.repeat(3).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
  const { text, trades, chunks } = await collect(file);
  assert.ok(chunks > 2, `chunks ${chunks}`);
  assert.equal(trades, expected.length);
  assert.deepEqual(JSON.parse(text), expected);
});

test('a line longer than a chunk is carried over whole', async () => {
  const long = `{"chetime": "092619", "price": "99300", "cvolume": "100", "cgubun": "-", "pad": "${'x'.repeat(3 << 20)}"}`;
  const { text, trades } = await collect(tmpFile(`${A}\n${long}\n${B}\n`));
  assert.equal(trades, 3);
  assert.equal(text, `[${A},${long},${B}]`);
});

/** The obvious reading: every complete line the store counts (parseRecordLine, a `\r` before the newline allowed), as it is, joined by commas. */
function reference(content: Buffer, upTo: number): string {
  const text = content.subarray(0, upTo).toString('latin1');
  const lines = text.split('\n');
  lines.pop(); // not `\n`-terminated: torn or still being written
  const kept = lines.filter((l) => parseRecordLine(l.endsWith('\r') ? l.slice(0, -1) : l) !== null);
  return kept.length === 0 ? '[]' : `[${kept.join(',')}]`;
}

test('good lines among skipped ones come back exactly, across chunks and at any boundary', async () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const kinds = [
    () => `${A}\n`,
    () => `${B}\r\n`,
    () => '\n',
    () => 'not json\n',
    () => `${A.slice(0, rnd(A.length))}\u0000${A.slice(rnd(A.length))}\n`,
    () => `{${'y'.repeat(rnd(300_000))}}\n`,
    () => `${A.slice(0, -1)}, "pad": "${'y'.repeat(rnd(300_000))}"}\n`,
    () => '{}\n',
    () => '{"chetime": "092619"}\n',
    () => '}{\n',
    () => '{\r\n',
  ];
  const parts: string[] = [];
  let length = 0;
  while (length < 5 << 20) {
    const k = rnd(10) < 6 ? rnd(2) : rnd(kinds.length);
    const part = kinds[k]!();
    parts.push(part);
    length += part.length;
  }
  parts.push('{"chetime": "0926');
  const content = Buffer.from(parts.join(''), 'latin1');
  const file = tmpFile(content);
  for (const upTo of [null, content.length - 3, 1 << 20, (1 << 20) + 1, 3_000_001]) {
    const { text } = await collect(file, upTo);
    const want = reference(content, upTo ?? content.length);
    let at = 0;
    while (at < want.length && text[at] === want[at]) at++;
    // The first difference, not megabytes of diff.
    assert.equal(text.slice(at, at + 80), want.slice(at, at + 80), `upTo ${upTo}: differs at ${at}`);
    assert.equal(text.length, want.length);
  }
});

test('a tail request is byte for byte the last n entries of the whole answer, across read sizes', async () => {
  // About 1.3 MB of real lines with foreign, CR and NUL lines mixed in, and a torn tail: reads from
  // the end must grow past the first 64 KiB and skip the same lines the full stream skips.
  const real = fs.readFileSync(REAL_035720, 'utf8').split('\n').filter(Boolean).slice(0, 15_000);
  const lines = real.map((l, i) => (i % 997 === 5 ? 'not json' : i % 1499 === 7 ? `${l}\r` : i % 2003 === 9 ? `\u0000${l}` : l));
  const file = tmpFile(`${lines.join('\n')}\n{"chetime": "1357`);
  const whole = JSON.parse((await collect(file)).text) as unknown[];
  for (const n of [1, 7, 500, 4_000, 14_000, 20_000]) {
    const { body, trades } = await readHistoryTail(file, null, n);
    assert.equal(trades, Math.min(n, whole.length), `n=${n}`);
    assert.deepEqual(JSON.parse(body.toString('utf8')), whole.slice(-n), `n=${n}`);
  }
  // Up to a snapshot boundary: the lines after it are not there yet.
  const upTo = Buffer.byteLength(`${lines.slice(0, 3_000).join('\n')}\n`);
  const { body } = await readHistoryTail(file, upTo, 10);
  assert.deepEqual(JSON.parse(body.toString('utf8')), JSON.parse((await collect(file, upTo)).text).slice(-10));
  assert.deepEqual(await readHistoryTail('/nonexistent/raw_data_005930_20251125.txt', null, 5), { body: Buffer.from('[]'), trades: 0 });
});
