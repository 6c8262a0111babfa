import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineTexts, textWith } from '../../renderer/src/ui/i18n.ts';
import { echoInput } from '../../renderer/src/watchlist/model.ts';
import { WL } from '../../renderer/src/watchlist/text.ts';

const T = defineTexts({
  ko: { hello: '안녕하세요', added: '추가했습니다: {what} ({what})', odd: '{missing} 그대로' },
  en: { hello: 'Hello', added: 'Added: {what} ({what})', odd: '{missing} as is' },
});

test('a text table answers in the language asked for, placeholders filled', () => {
  assert.equal(T.text('ko', 'hello'), '안녕하세요');
  assert.equal(T.text('en', 'hello'), 'Hello');
  assert.equal(T.textWith('en', 'added', { what: '005930' }), 'Added: 005930 (005930)', 'every occurrence');
  assert.equal(T.textWith('ko', 'odd', {}), '{missing} 그대로', 'a value not given stays visible, not "undefined"');
  assert.equal(textWith('en', 'portFallback', { wanted: 8000, using: 8001 }).includes('port 8001'), true, 'the app table goes through the same lookup');
});

test('a wording is worded when shown, so a language switch re-words a shown message', () => {
  const w = WL.wording('added', { what: '카카오 (035720)' });
  assert.equal(w('ko'), '추가했습니다: 카카오 (035720)');
  assert.equal(w('en'), 'Added: 카카오 (035720)');
  assert.equal(WL.wording('reordered')('en'), 'Order saved.');
});

test('typed input is quoted back trimmed and cut short', () => {
  assert.equal(echoInput('  12345 '), '12345');
  assert.equal(echoInput('x'.repeat(30)), 'x'.repeat(20));
});
