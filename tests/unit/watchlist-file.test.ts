import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseWatchlist, WatchlistError, WatchlistFile } from '../../electron/store/watchlist-file.ts';
import { createLogger, silentLogger } from '../../electron/log.ts';

const DESCRIPTION = '수집할 종목 코드 목록 (codes to record)';

function tmpWatchlist(text?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-watchlist-'));
  const file = path.join(dir, 'watchlist.json');
  fs.writeFileSync(file, text ?? `{\n  "description": "${DESCRIPTION}",\n  "codes": ["005930", "000660"]\n}\n`);
  return file;
}

/** Waits until `check` holds, failing after a generous deadline (no timing assertion). */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Replaces the file the way editors do: write a new file, rename it over the old one. */
function editorSave(file: string, text: string): void {
  const tmp = `${file}.swp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

test('parseWatchlist accepts the format and explains every problem in one line', () => {
  assert.deepEqual(parseWatchlist('{"description": "d", "codes": ["005930", "0088K0"]}', 'w.json'), {
    description: 'd',
    codes: ['005930', '0088K0'],
  });
  assert.deepEqual(parseWatchlist('{"codes": []}', 'w.json'), { codes: [] });
  const cases: Array<[string, RegExp]> = [
    ['{\n  "codes": ["005930" "000660"]}', /^w\.json: not valid JSON \(.* at line 2 column 22\)$/],
    ['{"codes": ["005930",]}', /^w\.json: not valid JSON \(.+\)$/],
    ['[]', /^w\.json: expected an object/],
    ['{"description": "x"}', /^w\.json: "codes" is missing or not a list$/],
    ['{"codes": ["005930", "12345"]}', /^w\.json: invalid code "12345" at index 1 /],
    ['{"codes": [5930]}', /^w\.json: invalid code 5930 at index 0 /],
    ['{"codes": ["005930", "000660", "005930"]}', /^w\.json: duplicate code "005930" at index 2$/],
    ['{"description": 3, "codes": []}', /^w\.json: "description" must be text$/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseWatchlist(text, 'w.json'), (e: Error) => e instanceof WatchlistError && re.test(e.message) && !e.message.includes('\n'), text);
  }
});

test('load refuses a broken or missing file with one clear line', () => {
  assert.throws(() => WatchlistFile.load(tmpWatchlist('{"codes": ["5930"]}'), silentLogger), /watchlist\.json: invalid code "5930" at index 0/);
  assert.throws(() => WatchlistFile.load('/nonexistent/watchlist.json', silentLogger), /watchlist\.json: cannot read \(ENOENT\)/);
});

test('a UTF-8 byte-order mark (Windows Notepad) is accepted', () => {
  const wl = WatchlistFile.load(tmpWatchlist('\uFEFF{"codes": ["005930", "000660"]}'), silentLogger);
  assert.deepEqual(wl.codes(), ['005930', '000660']);
  assert.throws(() => WatchlistFile.load(tmpWatchlist('\uFEFF{"codes": ['), silentLogger), /not valid JSON/);
});

test('add, remove and reorder rewrite the file atomically, keeping description, other keys and 2-space indentation', () => {
  const file = tmpWatchlist(`{"description": "${DESCRIPTION}", "codes": ["005930"], "note": "keep me"}`);
  fs.writeFileSync(path.join(path.dirname(file), '.watchlist.json.tmp-99999'), 'stale');
  const wl = WatchlistFile.load(file, silentLogger);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['watchlist.json'], 'stale temp file removed');
  const seen: string[][] = [];
  wl.onChange((codes) => seen.push(codes));
  assert.equal(wl.add('000660'), true);
  assert.equal(wl.add('000660'), false);
  assert.equal(wl.add('035720'), true);
  assert.equal(wl.remove('005930'), true);
  assert.equal(wl.remove('005930'), false);
  wl.setCodes(['035720', '000660']);
  assert.throws(() => wl.add('12345'), WatchlistError);
  assert.throws(() => wl.setCodes(['035720', '035720']), /duplicate code "035720"/);
  assert.deepEqual(wl.codes(), ['035720', '000660']);
  assert.deepEqual(seen, [['005930', '000660'], ['005930', '000660', '035720'], ['000660', '035720'], ['035720', '000660']]);
  assert.equal(
    fs.readFileSync(file, 'utf8'),
    `{\n  "description": "${DESCRIPTION}",\n  "codes": [\n    "035720",\n    "000660"\n  ],\n  "note": "keep me"\n}\n`,
  );
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['watchlist.json'], 'no temp file left behind');
  wl.close();
});

test('a hand edit is picked up; own writes do not come back as changes', async () => {
  const file = tmpWatchlist();
  const wl = WatchlistFile.load(file, silentLogger);
  const seen: string[][] = [];
  wl.onChange((codes) => seen.push(codes));
  wl.watch();
  wl.add('035720');
  editorSave(file, `{"description": "edited", "codes": ["015760", "005930"]}`);
  await until(() => seen.length === 2, 'the hand edit');
  assert.deepEqual(seen, [['005930', '000660', '035720'], ['015760', '005930']]);
  assert.deepEqual(wl.codes(), ['015760', '005930']);
  assert.equal(wl.description(), 'edited');
  // Our next rewrite keeps the hand-written description.
  wl.remove('005930');
  assert.match(fs.readFileSync(file, 'utf8'), /"description": "edited"/);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(seen.length, 3);
  wl.close();
});

test('a broken hand edit is reported and the last good list kept, until the file is fixed', async () => {
  const file = tmpWatchlist();
  const logged: string[] = [];
  const wl = WatchlistFile.load(file, createLogger('info', (l) => logged.push(l)));
  const seen: string[][] = [];
  const errors: Array<string | null> = [];
  wl.onChange((codes) => seen.push(codes));
  wl.onErrorChange((e) => errors.push(e));
  wl.watch();
  fs.writeFileSync(file, '{"codes": ["005930", "00066"]}');
  await until(() => wl.lastError() !== null, 'the error report');
  assert.match(wl.lastError() ?? '', /invalid code "00066" at index 1.*keeping the last good list/);
  assert.ok(logged.some((l) => l.includes('watchlist edit rejected')));
  assert.deepEqual(wl.codes(), ['005930', '000660']);
  assert.deepEqual(seen, []);
  // Changing the list through the app would overwrite the unfinished edit: refused until it is fixed.
  assert.throws(() => wl.add('035720'), /invalid code "00066".*fix the file before changing the list here/);
  assert.equal(fs.readFileSync(file, 'utf8'), '{"codes": ["005930", "00066"]}');
  fs.writeFileSync(file, '{"codes": ["005930", "000660", "035720"]}');
  await until(() => seen.length === 1, 'the fixed edit');
  assert.equal(wl.lastError(), null);
  // A reader can catch the file half-written (another message first); the last two events are what matter.
  assert.match(errors.at(-2) ?? '', /invalid code "00066"/);
  assert.equal(errors.at(-1), null);
  assert.deepEqual(wl.codes(), ['005930', '000660', '035720']);
  assert.equal(wl.add('015760'), true);
  wl.close();
});
