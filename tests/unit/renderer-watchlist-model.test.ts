import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enterChoice } from '../../renderer/src/watchlist/model.ts';

const SAMSUNG = [
  { code: '005930', name: '삼성전자' },
  { code: '028260', name: '삼성물산' },
  { code: '006400', name: '삼성SDI' },
];

test('Enter on a name adds only what the trader surely meant', () => {
  assert.deepEqual(enterChoice('삼성', SAMSUNG, []), { choose: 3 }, 'a broad name: pick from the list');
  assert.deepEqual(enterChoice(' 삼성전자 ', SAMSUNG, []), { add: SAMSUNG[0] }, 'an exact name');
  assert.deepEqual(enterChoice('삼성', SAMSUNG, ['005930', '006400']), { add: SAMSUNG[1] }, 'the only one not listed yet');
  assert.deepEqual(enterChoice('삼성', SAMSUNG, ['005930', '028260', '006400']), { duplicate: SAMSUNG[0] });
  assert.deepEqual(enterChoice('카카오', [], []), { none: true });
});
