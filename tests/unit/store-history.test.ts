import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { streamHistory } from '../../electron/store/history.ts';
import { REAL_035720 } from '../support/paths.ts';

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
