// The watchlist file's notice (app/watchlist-problem.ts) takes the server's line apart: the file, the
// problem, and whether the file could not be read at all, and words it in the page's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWatchlistError, watchlistNotice } from '../../renderer/src/app/watchlist-problem.ts';

test('a broken edit: the file and the problem, without the server\'s own tail', () => {
  const line = '/home/u/footprint/watchlist.json: not valid JSON (Unexpected end of JSON input at line 1 column 22); keeping the last good list';
  assert.deepEqual(readWatchlistError(line), {
    file: '/home/u/footprint/watchlist.json',
    problem: 'not valid JSON (Unexpected end of JSON input at line 1 column 22)',
    unreadable: false,
  });
  assert.equal(
    watchlistNotice('en', line, 3),
    'The watchlist file has an error: /home/u/footprint/watchlist.json — not valid JSON (Unexpected end of JSON input at line 1 column 22). Recording continues with the last list read correctly (3 codes). Fix and save the file and it is read again by itself; until then, watchlist changes in the app are refused.',
  );
});

test('a Windows path and an unreadable file', () => {
  const line = 'C:\\Users\\u\\AppData\\Roaming\\Footprint\\watchlist.json: cannot read (EBUSY); keeping the last good list';
  assert.deepEqual(readWatchlistError(line), { file: 'C:\\Users\\u\\AppData\\Roaming\\Footprint\\watchlist.json', problem: 'cannot read (EBUSY)', unreadable: true });
  assert.match(watchlistNotice('ko', line, 2), /^관심종목 파일을 읽을 수 없습니다: C:\\Users.*watchlist\.json — cannot read \(EBUSY\)\. 마지막으로 올바르게 읽은 목록\(2종목\)/);
});

test('a line in another shape is shown whole', () => {
  assert.deepEqual(readWatchlistError('something else'), { file: 'watchlist.json', problem: 'something else', unreadable: false });
});
