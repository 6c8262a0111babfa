import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { forEachLine, writeLinesSynced } from '../../electron/store/slices.ts';
import { runSliced } from '../../electron/turns.ts';

test('forEachLine reads a file larger than one chunk line by line, with multi-byte text, and hands back the torn tail', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fp-slices-'));
  try {
    const file = path.join(dir, 'lines.txt');
    const lines = Array.from({ length: 40_000 }, (_, i) => `{"n": ${i}, "name": "종목${i}"}`);
    await writeLinesSynced(file, lines, (l) => `${l}\n`);
    await fs.appendFile(file, '{"n": torn');
    const seen: string[] = [];
    const read = await forEachLine(file, (l) => (seen.push(l), true));
    assert.deepEqual(seen, lines);
    assert.equal(read?.rest, '{"n": torn');
    assert.equal(read?.bytes, Buffer.byteLength(lines.join('\n') + '\n'));
    assert.equal(read?.stopped, false);
    const stop = await forEachLine(file, (l) => !l.includes('"n": 3,'));
    assert.equal(stop?.stopped, true);
    assert.equal(await forEachLine(path.join(dir, 'absent.txt'), () => true), null);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('runSliced runs a generator to its value', async () => {
  function* steps(): Generator<void, number> {
    let s = 0;
    for (let i = 1; i <= 10_000; i++) {
      s += i;
      yield;
    }
    return s;
  }
  assert.equal(await runSliced(steps()), 50_005_000);
});
