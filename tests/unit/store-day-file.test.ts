// Which names in a store folder are recorded days: only raw_data_{code}_{YYYYMMDD}.txt with a valid
// code and a real date, never what the store or other parts leave beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dayFilePath, gapFilePath, listRecordedDays, parseDayFileName, recordedDates } from '../../electron/store/day-file.ts';

test('parseDayFileName reads code and date of a day file and nothing else', () => {
  assert.deepEqual(parseDayFileName('raw_data_005930_20251126.txt'), { code: '005930', date: '20251126' });
  assert.deepEqual(parseDayFileName('raw_data_0088K0_20240229.txt'), { code: '0088K0', date: '20240229' });
  for (const name of [
    'raw_data_005930_20251332.txt', // month 13
    'raw_data_005930_20250229.txt', // not a leap year
    'raw_data_005930_19991231.txt',
    'raw_data_00593a_20251126.txt',
    'raw_data_0059300_20251126.txt',
    'raw_data_005930_2025112.txt',
    'raw_data_005930_20251126.txt.torn-1764115200000', // tail-repair's aside copy
    'raw_data_005930_20251126.txt.tmp',
    'raw_data_005930_20251126.gaps.txt', // the day's detected gaps
    'raw_data_005930_20251126.TXT',
    'raw_data_005930_20251126.txt ',
    '.raw_data_005930_20251126.txt',
    'x_raw_data_005930_20251126.txt',
    '.footprint.lock',
    'watchlist.json',
    'stock-list.json',
    '',
  ]) {
    assert.equal(parseDayFileName(name), null, name);
  }
});

test('recordedDates keeps one code\'s real days, newest first', () => {
  const names = [
    'raw_data_005930_20251125.txt',
    '.footprint.lock',
    'raw_data_005930_20251126.txt.torn-1764115200000',
    'raw_data_005930_20251332.txt',
    'raw_data_035720_20251127.txt',
    'raw_data_005930_20251126.txt',
    'notes.txt',
    'raw_data_005930_20241231.txt',
  ];
  assert.deepEqual(recordedDates(names, '005930'), ['20251126', '20251125', '20241231']);
  assert.deepEqual(recordedDates(names, '035720'), ['20251127']);
  assert.deepEqual(recordedDates(names, '000660'), []);
  assert.deepEqual(recordedDates([], '005930'), []);
});

test('listRecordedDays gives each day file\'s size and skips folders and a missing store folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-days-'));
  try {
    fs.writeFileSync(path.join(dir, 'raw_data_005930_20251125.txt'), 'a\n');
    fs.writeFileSync(path.join(dir, 'raw_data_005930_20251126.txt'), 'abcd\n');
    fs.writeFileSync(path.join(dir, 'raw_data_005930_20251126.txt.torn-1'), 'x');
    fs.writeFileSync(gapFilePath(dir, '005930', '20251126'), 'gap\n');
    fs.writeFileSync(gapFilePath(dir, '005930', '20251124'), 'a gap on a day with no trades recorded\n');
    fs.writeFileSync(path.join(dir, '.footprint.lock'), '123');
    fs.mkdirSync(path.join(dir, 'raw_data_005930_20251127.txt'));
    assert.deepEqual(await listRecordedDays(dir, '005930'), [
      { date: '20251126', bytes: 5 },
      { date: '20251125', bytes: 2 },
    ]);
    assert.deepEqual(await listRecordedDays(path.join(dir, 'absent'), '005930'), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('day and gap file paths are built only from a valid code and date', () => {
  assert.equal(dayFilePath('/d', '005930', '20251126'), path.join('/d', 'raw_data_005930_20251126.txt'));
  assert.equal(gapFilePath('/d', '005930', '20251126'), path.join('/d', 'raw_data_005930_20251126.gaps.txt'));
  for (const [code, date] of [['../x', '20251126'], ['005930', '2025112'], ['005930', '20250230']]) {
    assert.throws(() => gapFilePath('/d', code!, date!), /invalid/);
    assert.throws(() => dayFilePath('/d', code!, date!), /invalid/);
  }
});
