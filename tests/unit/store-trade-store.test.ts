import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dayFilePath } from '../../electron/store/day-file.ts';
import { TradeStore, type StoreIo } from '../../electron/store/trade-store.ts';
import { REAL_035720 } from '../support/paths.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { createLogger, silentLogger, type Logger } from '../../electron/log.ts';

const DATE = '20251126';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fp-store-'));
}

function rec(i: number, extra: Partial<TradeRecord> = {}): TradeRecord {
  return { chetime: '090000', price: String(60_000 + (i % 10) * 100), cvolume: String(i + 1), cgubun: i % 2 ? '-' : '+', ...extra };
}

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

function capture(): { log: Logger; lines: string[] } {
  const out: string[] = [];
  return { log: createLogger('debug', (l) => out.push(l)), lines: out };
}

/** Real fs, except that writes fail with `failWith` while it is set, or write at most `maxBytes`. */
function faultyIo(): StoreIo & { failWith: string | null; maxBytes: number } {
  const io = {
    failWith: null as string | null,
    maxBytes: Infinity,
    open: (p: string) => fs.openSync(p, 'a'),
    write(fd: number, buf: Buffer, offset: number, length: number): number {
      if (io.failWith) throw Object.assign(new Error(io.failWith), { code: io.failWith });
      return fs.writeSync(fd, buf, offset, Math.min(length, io.maxBytes));
    },
  };
  return io;
}

test('dayFilePath builds raw_data_{code}_{date}.txt and refuses anything else', () => {
  assert.equal(dayFilePath('/d', '005930', DATE), path.join('/d', 'raw_data_005930_20251126.txt'));
  assert.equal(dayFilePath('/d', '0088K0', DATE), path.join('/d', 'raw_data_0088K0_20251126.txt'));
  for (const bad of ['12345', '../../x', '00593a', '005930/', '']) assert.throws(() => dayFilePath('/d', bad, DATE), /invalid stock code/);
  for (const bad of ['20251131', '2025112', '../2025', '19991231']) assert.throws(() => dayFilePath('/d', '005930', bad), /invalid date/);
});

test('append writes complete lines in the old format and numbers them from 1', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  const seqs = [0, 1, 2].map((i) => store.append('005930', DATE, rec(i, i === 2 ? { exchname: 'NXT', volume: '99' } : {})));
  assert.deepEqual(seqs, [1, 2, 3]);
  assert.equal(store.append('035720', DATE, rec(9)), 1);
  const file = dayFilePath(dir, '005930', DATE);
  assert.deepEqual(lines(file)[0], '{"chetime": "090000", "price": "60000", "cvolume": "1", "cgubun": "+"}');
  assert.equal(fs.readFileSync(file, 'utf8'), [0, 1, 2].map((i) => formatRecordLine(rec(i, i === 2 ? { exchname: 'NXT', volume: '99' } : {}))).join(''));
  assert.deepEqual(store.snapshot('005930', DATE), { seq: 3, bytes: fs.statSync(file).size });
  assert.deepEqual(store.stats(), { openFiles: 2, pendingLines: 0, droppedLines: 0, writeErrors: 0, lastError: null, linesWritten: 4 });
  await store.close();
  assert.equal(store.stats().openFiles, 0);
});

test('seq continues across a reopen and counts only valid lines of an existing file', async () => {
  const dir = tmpDir();
  const file = dayFilePath(dir, '005930', DATE);
  // An old-collector file with a foreign line in the middle.
  fs.writeFileSync(file, `${formatRecordLine(rec(0))}not a trade\n${formatRecordLine(rec(1))}`);
  let store = new TradeStore(dir, silentLogger);
  assert.deepEqual(store.snapshot('005930', DATE), { seq: 2, bytes: fs.statSync(file).size });
  assert.equal(store.append('005930', DATE, rec(2)), 3);
  await store.close();
  store = new TradeStore(dir, silentLogger);
  assert.equal(store.append('005930', DATE, rec(3)), 4);
  assert.equal(store.append('005930', DATE, rec(4)), 5);
  await store.close();
  const valid = lines(file).filter((l) => parseRecordLine(l) !== null);
  assert.equal(valid.length, 5);
  assert.deepEqual(valid.map((l) => parseRecordLine(l)?.cvolume), ['1', '2', '3', '4', '5']);
});

test('a torn tail is copied aside and cut off; no complete line is lost', async () => {
  const dir = tmpDir();
  const file = dayFilePath(dir, '005930', DATE);
  const good = [0, 1, 2].map((i) => formatRecordLine(rec(i))).join('');
  const torn = '{"chetime": "090001", "price": "600';
  fs.writeFileSync(file, good + torn);
  const { log, lines: logged } = capture();
  const store = new TradeStore(dir, log);
  assert.deepEqual(store.snapshot('005930', DATE), { seq: 3, bytes: Buffer.byteLength(good) });
  assert.equal(store.append('005930', DATE, rec(3)), 4);
  await store.close();
  assert.equal(fs.readFileSync(file, 'utf8'), good + formatRecordLine(rec(3)));
  const aside = fs.readdirSync(dir).filter((n) => n.startsWith('raw_data_005930_20251126.txt.torn-'));
  assert.equal(aside.length, 1);
  assert.equal(fs.readFileSync(path.join(dir, aside[0] as string), 'utf8'), torn);
  assert.ok(logged.some((l) => l.includes('torn last line')));
});

test('repair: every cut of the last lines leaves a line-prefix of the original', async () => {
  const original = [0, 1, 2, 3].map((i) => formatRecordLine(rec(i))).join('');
  const lastLines = original.length - formatRecordLine(rec(3)).length - formatRecordLine(rec(2)).length;
  for (let cut = lastLines; cut <= original.length; cut++) {
    const dir = tmpDir();
    fs.writeFileSync(dayFilePath(dir, '005930', DATE), original.slice(0, cut));
    const store = new TradeStore(dir, silentLogger);
    const seq = store.append('005930', DATE, rec(9));
    await store.close();
    const text = fs.readFileSync(dayFilePath(dir, '005930', DATE), 'utf8');
    const kept = text.slice(0, -formatRecordLine(rec(9)).length);
    assert.ok(original.startsWith(kept) && (kept === '' || kept.endsWith('\n')), `cut ${cut}`);
    // A last line missing only its newline is whole and kept.
    const wholeLines = original.slice(0, cut).split('\n').filter((l) => parseRecordLine(l) !== null).length;
    assert.equal(seq, wholeLines + 1, `cut ${cut}`);
    assert.equal(kept.split('\n').length - 1, wholeLines, `cut ${cut}`);
    fs.rmSync(dir, { recursive: true });
  }
});

test('trailing NULs after a power loss are stripped without a torn copy', async () => {
  const dir = tmpDir();
  const file = dayFilePath(dir, '005930', DATE);
  const good = formatRecordLine(rec(0)) + formatRecordLine(rec(1));
  fs.writeFileSync(file, Buffer.concat([Buffer.from(good), Buffer.alloc(4096)]));
  const store = new TradeStore(dir, silentLogger);
  assert.equal(store.append('005930', DATE, rec(2)), 3);
  await store.close();
  assert.equal(fs.readFileSync(file, 'utf8'), good + formatRecordLine(rec(2)));
  assert.deepEqual(fs.readdirSync(dir), ['raw_data_005930_20251126.txt']);
});

test('snapshot of a file not open for writing scans it, without repairing it; missing is zero', () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  assert.deepEqual(store.snapshot('000660', DATE), { seq: 0, bytes: 0 });
  const file = dayFilePath(dir, '000660', '20251125');
  const good = formatRecordLine(rec(0)).replace('\n', '\r\n') + formatRecordLine(rec(1));
  fs.writeFileSync(file, `${good}{"chetime": "09`);
  assert.deepEqual(store.snapshot('000660', '20251125'), { seq: 2, bytes: Buffer.byteLength(good) });
  assert.equal(fs.readFileSync(file, 'utf8'), `${good}{"chetime": "09`);
  // The cached answer is dropped when the file changes.
  fs.appendFileSync(file, '0000", "price": "1", "cvolume": "1", "cgubun": "+"}\n');
  assert.equal(store.snapshot('000660', '20251125').seq, 3);
  void store.close();
});

test('an append after a snapshot reuses its count only while the file is unchanged and ends on a complete line', async () => {
  const dir = tmpDir();
  const io = { open: (p: string) => fs.openSync(p, 'a'), write: (fd: number, b: Buffer, o: number, l: number) => fs.writeSync(fd, b, o, l) };
  // Unchanged and whole: the snapshot's count carries on.
  const whole = dayFilePath(dir, '005930', DATE);
  fs.writeFileSync(whole, [0, 1, 2].map((i) => formatRecordLine(rec(i))).join(''));
  const a = new TradeStore(dir, silentLogger, { io });
  assert.equal(a.snapshot('005930', DATE).seq, 3);
  assert.equal(a.append('005930', DATE, rec(3)), 4);
  await a.close();
  assert.equal(lines(whole).length, 4);
  // A torn tail after the snapshot's last line: it is repaired before appending, not trusted.
  const torn = dayFilePath(dir, '000660', DATE);
  fs.writeFileSync(torn, `${formatRecordLine(rec(0))}{"chetime": "09`);
  const b = new TradeStore(dir, silentLogger, { io });
  assert.equal(b.snapshot('000660', DATE).seq, 1);
  assert.equal(b.append('000660', DATE, rec(1)), 2);
  await b.close();
  assert.deepEqual(lines(torn).map(parseRecordLine), [rec(0), rec(1)]);
  // Grown by someone else since the snapshot: counted again.
  const grown = dayFilePath(dir, '035720', DATE);
  fs.writeFileSync(grown, formatRecordLine(rec(0)));
  const c = new TradeStore(dir, silentLogger, { io });
  assert.equal(c.snapshot('035720', DATE).seq, 1);
  fs.appendFileSync(grown, formatRecordLine(rec(1)));
  assert.equal(c.append('035720', DATE, rec(2)), 3);
  await c.close();
});

test('snapshotAsync: the same answer as snapshot, cached by size and mtime, open files from memory', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  assert.deepEqual(await store.snapshotAsync('000660', DATE), { seq: 0, bytes: 0 });
  const file = dayFilePath(dir, '000660', '20251125');
  const good = [
    formatRecordLine(rec(0)).replace('\n', '\r\n'),
    'garbage\n',
    formatRecordLine(rec(1, { price: '60000.5' })),
    '{"chetime": "090000", "price": "0", "cvolume": "1", "cgubun": "+"}\n',
    formatRecordLine(rec(2, { exchname: 'NXT', volume: '10', mschecnt: '3', mdchecnt: '4' })),
  ].join('');
  fs.writeFileSync(file, `${good}{"chetime": "09`);
  const fresh = new TradeStore(dir, silentLogger);
  const sync = fresh.snapshot('000660', '20251125');
  assert.deepEqual(sync, { seq: 3, bytes: Buffer.byteLength(good) });
  // Concurrent requests share one count; both get the sync answer.
  const [a, b] = await Promise.all([store.snapshotAsync('000660', '20251125'), store.snapshotAsync('000660', '20251125')]);
  assert.deepEqual(a, sync);
  assert.deepEqual(b, sync);
  const counts = (store as unknown as { snapshots: { counts: Map<string, unknown> } }).snapshots.counts;
  assert.equal(counts.size, 0, 'finished counts are forgotten');
  fs.appendFileSync(file, '0000", "price": "1", "cvolume": "1", "cgubun": "+"}\n');
  assert.equal((await store.snapshotAsync('000660', '20251125')).seq, 4);
  // A file open for appending answers from memory, queued lines excluded.
  store.append('005930', DATE, rec(0));
  store.append('005930', DATE, rec(1));
  assert.deepEqual(await store.snapshotAsync('005930', DATE), store.snapshot('005930', DATE));
  assert.equal((await store.snapshotAsync('005930', DATE)).seq, 2);
  await store.close();
  await fresh.close();
});

test('snapshotAsync of a heavy file lets the event loop run while it scans', async () => {
  const dir = tmpDir();
  const real = fs.readFileSync(REAL_035720);
  const copies = Math.ceil((12 << 20) / real.length);
  fs.writeFileSync(dayFilePath(dir, '035720', '20251125'), Buffer.concat(Array.from({ length: copies }, () => real)));
  const store = new TradeStore(dir, silentLogger);
  let turns = 0;
  let done = false;
  const spin = (): void => {
    if (done) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const snap = await store.snapshotAsync('035720', '20251125');
  done = true;
  assert.equal(snap.seq, 23_434 * copies);
  assert.ok(turns >= 3, `event loop turns during the scan: ${turns}`);
  await store.close();
});

test('failed writes queue in order, never throw, and are told (with their seq) only once written', async () => {
  const dir = tmpDir();
  const io = faultyIo();
  const { log, lines: logged } = capture();
  const written: [number, string][] = [];
  let alarms = 0;
  const store = new TradeStore(dir, log, { io, retryIntervalMs: 10, written: (_c, _d, seq, r) => written.push([seq, r.cvolume]), onAlarm: () => alarms++ });
  assert.equal(store.append('005930', DATE, rec(0)), 1);
  assert.deepEqual(written, [[1, '1']]);
  assert.equal(store.alarm(), null);
  io.failWith = 'ENOSPC';
  assert.equal(store.append('005930', DATE, rec(1)), 'queued');
  assert.equal(store.append('005930', DATE, rec(2)), 'queued');
  assert.deepEqual(written, [[1, '1']], 'a queued line is not told: nothing is sent before it is on disk');
  assert.equal(store.alarm()?.state, 'queueing');
  assert.match(store.alarm()?.error ?? '', /ENOSPC/);
  assert.equal(alarms, 1);
  const s = store.stats();
  assert.equal(s.pendingLines, 2);
  assert.equal(s.droppedLines, 0);
  assert.ok(s.writeErrors >= 2);
  assert.match(s.lastError ?? '', /ENOSPC/);
  assert.deepEqual(store.snapshot('005930', DATE).seq, 1);
  assert.ok(logged.some((l) => l.includes('"level":"error"') && l.includes('ENOSPC')));
  io.failWith = null;
  // The retry timer writes the queue without any further append.
  while (store.stats().pendingLines > 0) await new Promise((r) => setTimeout(r, 5));
  assert.equal(store.stats().lastError, null, 'healthy again');
  assert.deepEqual(written, [[1, '1'], [2, '2'], [3, '3']], 'told in order once written');
  assert.equal(store.alarm(), null);
  assert.equal(alarms, 2);
  assert.equal(store.append('005930', DATE, rec(3)), 4);
  await store.close();
  assert.equal(fs.readFileSync(dayFilePath(dir, '005930', DATE), 'utf8'), [0, 1, 2, 3].map((i) => formatRecordLine(rec(i))).join(''));
});

test('a full retry queue refuses new lines with an explicit count; numbering stays true to the file', async () => {
  const dir = tmpDir();
  const io = faultyIo();
  const { log, lines: logged } = capture();
  const store = new TradeStore(dir, log, { io, maxPendingLines: 3, retryIntervalMs: 60_000 });
  io.failWith = 'EIO';
  const seqs = [0, 1, 2, 3, 4].map((i) => store.append('005930', DATE, rec(i)));
  assert.deepEqual(seqs, ['queued', 'queued', 'queued', 'refused', 'refused']);
  assert.equal(store.alarm()?.state, 'overflowing');
  assert.equal(store.stats().droppedLines, 2);
  assert.equal(store.stats().pendingLines, 3);
  assert.ok(logged.some((l) => l.includes('NOT recorded')));
  io.failWith = null;
  assert.equal(store.append('005930', DATE, rec(5)), 4);
  await store.close();
  const got = lines(dayFilePath(dir, '005930', DATE)).map((l) => parseRecordLine(l)?.cvolume);
  assert.deepEqual(got, ['1', '2', '3', '6']);
});

test('a bound over all files: many codes cannot queue more than maxPendingTotal lines', async () => {
  const dir = tmpDir();
  const io = faultyIo();
  const store = new TradeStore(dir, silentLogger, { io, maxPendingLines: 10, maxPendingTotal: 4, retryIntervalMs: 60_000 });
  io.failWith = 'ENOSPC';
  const got = ['000001', '000002', '000003', '000004', '000005'].map((c) => store.append(c, DATE, rec(0)));
  assert.deepEqual(got, ['queued', 'queued', 'queued', 'queued', 'refused']);
  assert.equal(store.stats().pendingLines, 4);
  io.failWith = null;
  await store.close();
});

test('short writes are completed, and a write failing mid-line resumes where it stopped', async () => {
  const dir = tmpDir();
  const io = faultyIo();
  io.maxBytes = 7;
  const store = new TradeStore(dir, silentLogger, { io, retryIntervalMs: 60_000 });
  store.append('005930', DATE, rec(0));
  // Fail after the first 7 bytes of the next line have gone out.
  let calls = 0;
  const write = io.write;
  io.write = (fd, buf, offset, length) => {
    if (++calls === 2) throw Object.assign(new Error('EIO'), { code: 'EIO' });
    return write(fd, buf, offset, length);
  };
  store.append('005930', DATE, rec(1));
  assert.equal(store.stats().pendingLines, 1);
  store.append('005930', DATE, rec(2));
  await store.close();
  assert.equal(fs.readFileSync(dayFilePath(dir, '005930', DATE), 'utf8'), [0, 1, 2].map((i) => formatRecordLine(rec(i))).join(''));
});

test('descriptors beyond maxOpenFiles are closed least recently used first, and reopening continues seq', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger, { maxOpenFiles: 2 });
  const codes = ['000001', '000002', '000003'];
  for (const c of codes) store.append(c, DATE, rec(0));
  assert.equal(store.stats().openFiles, 2);
  assert.equal(store.snapshot('000001', DATE).seq, 1);
  assert.equal(store.append('000001', DATE, rec(1)), 2);
  assert.equal(store.stats().openFiles, 2);
  await store.close();
  assert.equal(lines(dayFilePath(dir, '000001', DATE)).length, 2);
});

test('a new KST date closes the previous day\'s files', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  store.append('005930', '20251125', rec(0));
  store.append('035720', '20251125', rec(0));
  assert.equal(store.stats().openFiles, 2);
  assert.equal(store.append('005930', '20251126', rec(1)), 1);
  assert.equal(store.stats().openFiles, 1);
  await store.close();
});

test('dirty files are fdatasynced on the group-commit timer', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger, { syncIntervalMs: 5 });
  store.append('005930', DATE, rec(0));
  const internals = store as unknown as { files: Map<string, { dirty: boolean }> };
  const f = [...internals.files.values()][0];
  assert.equal(f?.dirty, true);
  while (f?.dirty) await new Promise((r) => setTimeout(r, 5));
  await store.close();
});

test('append after close refuses and counts the line instead of writing it', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  await store.close();
  assert.equal(store.append('005930', DATE, rec(0)), 'refused');
  assert.equal(store.stats().droppedLines, 1);
  assert.equal(fs.existsSync(dayFilePath(dir, '005930', DATE)), false);
});

test('append refuses an invalid code or date before touching any file', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  store.append('005930', DATE, rec(0));
  assert.throws(() => store.append('00593', `0${DATE}`, rec(1)), /invalid stock code/);
  assert.throws(() => store.append('005930', '2025-11-26', rec(1)), /invalid date/);
  await store.close();
  assert.deepEqual(fs.readdirSync(dir), ['raw_data_005930_20251126.txt']);
});

test('a replacement its swap declines changes nothing: same file, same epoch, appends go on with the next seq', async () => {
  const dir = tmpDir();
  const store = new TradeStore(dir, silentLogger);
  for (let i = 0; i < 3; i++) store.append('005930', DATE, rec(i));
  const file = dayFilePath(dir, '005930', DATE);
  const before = fs.readFileSync(file, 'utf8');
  let swapped = 0;
  assert.equal(store.replaceDay('005930', DATE, () => {
    swapped++;
    return 'declined';
  }), 'declined');
  assert.equal(swapped, 1);
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  assert.equal(store.epoch('005930', DATE), 0);
  assert.equal(store.append('005930', DATE, rec(3)), 4);
  assert.equal(lines(file).length, 4);
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
