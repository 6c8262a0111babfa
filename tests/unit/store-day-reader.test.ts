import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { REAL_005930, REAL_035720 } from '../support/paths.ts';
import { silentLogger } from '../../electron/log.ts';
import { CHUNK, isPlainRecordLine, countLines, countLinesSync, readLines, tail, tailSync } from '../../electron/store/day-reader.ts';
import { DayCursor } from '../../electron/store/day-cursor.ts';
import { scanDayFile } from '../../electron/store/day-scan.ts';
import { streamHistory } from '../../electron/store/history.ts';
import { repairDayFile } from '../../electron/store/tail-repair.ts';
import { readDayRecords } from '../../electron/store/day-merge.ts';

const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmpFile(content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-reader-'));
  tmpDirs.push(dir);
  const file = path.join(dir, 'raw_data_005930_20251126.txt');
  fs.writeFileSync(file, content);
  return file;
}

/** The rule, read the slow way: complete lines that parseRecordLine accepts (one `\r` before the newline allowed). */
function reference(content: string): string[] {
  const lines = content.split('\n');
  lines.pop();
  return lines.filter((l) => parseRecordLine(l.endsWith('\r') ? l.slice(0, -1) : l) !== null);
}

function rec(i: number): TradeRecord {
  return { chetime: '100000', price: String(60_000 + (i % 13) * 100), cvolume: String(1 + (i % 97)), cgubun: i % 3 ? '+' : '-' };
}

/** Several chunks of lines in the store's layout mixed with other valid, foreign and torn lines, and a line longer than a chunk. */
function mixedDay(): string {
  const parts: string[] = [];
  for (let i = 0; i < 30_000; i++) {
    const k = i % 50;
    if (k === 7) parts.push('{"chetime": "100000"}\n'); // an object, not a trade
    else if (k === 13) parts.push(`${formatRecordLine(rec(i)).trimEnd()}\r\n`);
    else if (k === 21) parts.push('{"chetime":"100000","price":"60000.5","cvolume":"3","cgubun":"+"}\n'); // valid, not the store's layout
    else if (k === 33) parts.push('\n');
    else parts.push(formatRecordLine({ ...rec(i), ...(i % 2 ? { exchname: 'NXT', volume: String(i), mschecnt: String(i), mdchecnt: '7' } : {}) }));
    if (i === 12_345) parts.push(`{"chetime": "100000", "price": "1", "cvolume": "1", "cgubun": "+", "pad": "${'x'.repeat(CHUNK + 10)}"}\n`);
  }
  parts.push('{"chetime": "1000');
  return parts.join('');
}

test('every reader counts the same lines: lines, scan, history, tail, counts and repair agree with the rule', async () => {
  const content = mixedDay();
  assert.ok(content.length > 3 * CHUNK, 'several chunks');
  const file = tmpFile(content);
  const ref = reference(content);
  const seen: string[] = [];
  const res = await readLines(file, null, {
    known(b, start, end) {
      const lines = b.toString('utf8', start, end).split('\n');
      lines.pop();
      seen.push(...lines);
      return lines.length;
    },
    other(b, start, end) {
      seen.push(b.toString('utf8', start, end));
    },
  });
  assert.equal(seen.length, ref.length);
  assert.ok(seen.every((l, i) => l === ref[i]));
  const complete = content.length - '{"chetime": "1000'.length;
  assert.deepEqual(res, { lines: ref.length, bytes: complete });
  assert.equal((await scanDayFile(file, null, () => {})).trades, ref.length);
  assert.equal((await streamHistory(file, null, async () => {})).trades, ref.length);
  assert.deepEqual(await countLines(file, content.length), res);
  assert.deepEqual(countLinesSync(file, content.length), res);
  const last = await tail(file, null, 25_000);
  assert.equal(last.length, 25_000);
  assert.ok(last.every((l, i) => l.toString('utf8') === ref[ref.length - 25_000 + i]));
  assert.deepEqual(await tail(file, null, ref.length + 10), ref.map((l) => Buffer.from(l)));
  assert.deepEqual(tailSync(file, null, 25_000), last, 'tailSync reads what tail reads');
  assert.deepEqual(repairDayFile(file, silentLogger), { seq: ref.length, bytes: complete });
});

test('the merge reads every counted line as its record, in order, and refuses a day with a line that is not a trade', async () => {
  const foreign = '{"chetime": "100000"}\n';
  const content = mixedDay().replaceAll(foreign, '');
  const ref = reference(content).map((l) => parseRecordLine(l.endsWith('\r') ? l.slice(0, -1) : l));
  const read = await readDayRecords(tmpFile(content));
  assert.ok('records' in read);
  assert.equal(read.records.length, ref.length);
  assert.ok(read.records.every((r, i) => JSON.stringify(r) === JSON.stringify(ref[i])));
  assert.equal(read.bytes, content.length - '{"chetime": "1000'.length);
  // Dropping or misplacing such a line while rewriting the file would lose what it holds.
  assert.deepEqual(await readDayRecords(tmpFile(mixedDay())), { reason: 'the day file has a line that is not a trade' });
});

test('tail reads only up to the snapshot and finds a line longer than a chunk', async () => {
  const long = `{"chetime": "100000", "price": "1", "cvolume": "1", "cgubun": "+", "pad": "${'x'.repeat(2 * CHUNK)}"}`;
  const a = formatRecordLine(rec(1));
  const file = tmpFile(`${a}${long}\n${a.slice(0, 20)}`);
  assert.deepEqual((await tail(file, null, 5)).map((l) => l.length), [a.length - 1, long.length]);
  assert.deepEqual((await tail(file, Buffer.byteLength(a) + 10, 5)).map(String), [a.trimEnd()]);
  assert.deepEqual(await tail(path.join(path.dirname(file), 'missing.txt'), null, 5), []);
  assert.deepEqual(tailSync(file, null, 5).map((l) => l.length), [a.length - 1, long.length]);
  assert.deepEqual(tailSync(file, Buffer.byteLength(a) + 10, 5).map(String), [a.trimEnd()]);
  assert.deepEqual(tailSync(path.join(path.dirname(file), 'missing.txt'), null, 5), []);
});

test('a cursor replays the records of a finished file: a last record lacking its newline counts, a torn one is skipped', () => {
  const content = mixedDay();
  const records = (file: string): { got: TradeRecord[]; skipped: number } => {
    const cursor = new DayCursor(file);
    const got: TradeRecord[] = [];
    for (let r = cursor.next(); r; r = cursor.next()) got.push(r);
    return { got, skipped: cursor.skipped };
  };
  const ref = reference(content).map((l) => parseRecordLine(l.endsWith('\r') ? l.slice(0, -1) : l));
  const torn = records(tmpFile(content));
  assert.deepEqual(torn.got, ref);
  // Foreign lines (one in 50 of 30,000) and the torn tail; the empty lines are not counted.
  assert.equal(torn.skipped, 600 + 1);
  const whole = records(tmpFile(`${content}00", "price": "5", "cvolume": "1", "cgubun": "-"}`));
  assert.deepEqual(whole.got, [...ref, { chetime: '100000', price: '5', cvolume: '1', cgubun: '-' }]);
  assert.equal(whole.skipped, 600);
  const missing = new DayCursor(path.join(os.tmpdir(), 'fp-reader-missing', 'raw_data_005930_20251126.txt'));
  assert.deepEqual([missing.exists, missing.peek()], [false, null]);
});

test('the fast line check only ever accepts lines parseRecordLine accepts, and matches real lines', () => {
  const real = [REAL_005930, REAL_035720].flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l !== ''));
  assert.ok(real.every(isPlainRecordLine), 'old-collector lines take the fast path');
  const full = formatRecordLine({ ...rec(1), exchname: 'NXT', volume: '10', mschecnt: '3', mdchecnt: '4' }).slice(0, -1);
  assert.ok(isPlainRecordLine(full));
  const candidates = [...real.slice(0, 200), full];
  // Every single-character change of a good line: whatever the fast check accepts must parse.
  for (const line of candidates.slice(0, 20)) {
    for (let i = 0; i < line.length; i++) {
      for (const ch of ['0', '9', '.', '"', ' ', '-', '+', '}', 'x', ',', 'K', 'N']) candidates.push(line.slice(0, i) + ch + line.slice(i + 1));
    }
  }
  candidates.push('{"chetime": "090000", "price": "0", "cvolume": "1", "cgubun": "+"}', '{"chetime": "090000", "price": "1", "cvolume": "00", "cgubun": "+"}');
  let accepted = 0;
  for (const line of candidates) {
    if (!isPlainRecordLine(line)) continue;
    accepted++;
    assert.notEqual(parseRecordLine(line), null, line);
  }
  assert.ok(accepted > 200);
});
