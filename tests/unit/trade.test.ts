import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatRecordLine, isValidCode, parseRecordLine, toTradeRecord } from '../../electron/shared/trade.ts';

import { REAL_005930 } from '../support/paths.ts';

test('the old collector lines parse and re-format byte for byte', () => {
  const lines = readFileSync(REAL_005930, 'utf8').split('\n').filter(Boolean);
  assert.equal(lines.length, 309);
  for (const line of lines) {
    const r = parseRecordLine(line);
    assert.ok(r, line);
    assert.equal(formatRecordLine(r), `${line}\n`);
  }
});

test('extra fields are kept in a fixed order after the four original ones', () => {
  const line = formatRecordLine({
    chetime: '162202', price: '56100', cvolume: '40', cgubun: '-', exchname: 'NXT', volume: '16495969', mschecnt: '63407', mdchecnt: '42958',
  });
  assert.equal(line, '{"chetime": "162202", "price": "56100", "cvolume": "40", "cgubun": "-", "exchname": "NXT", "volume": "16495969", "mschecnt": "63407", "mdchecnt": "42958"}\n');
  assert.deepEqual(parseRecordLine(line.trimEnd())?.exchname, 'NXT');
});

test('torn, foreign and malformed lines are rejected, never thrown', () => {
  for (const bad of [
    '', '{', '{"chetime": "092619", "price": "99300", "cvolume": "100"', 'null', '[]', 'garbage',
    '{"chetime": "0926", "price": "99300", "cvolume": "100", "cgubun": "-"}',
    '{"chetime": "092619", "price": "-1", "cvolume": "100", "cgubun": "-"}',
    '{"chetime": "092619", "price": "99300", "cvolume": "0", "cgubun": "-"}',
    '{"chetime": "092619", "price": "99300", "cvolume": "100", "cgubun": "x"}',
  ]) assert.equal(parseRecordLine(bad), null, bad);
  assert.equal(toTradeRecord({ chetime: '092619', price: '99300', cvolume: '1', cgubun: '+', exchname: 'NYSE' })?.exchname, undefined);
});

test('codes are six digits or capital letters', () => {
  for (const ok of ['005930', '0088K0', 'Q50001']) assert.ok(isValidCode(ok), ok);
  for (const bad of ['5930', '0059300', '00593a', '../../', '005930 ', '']) assert.ok(!isValidCode(bad), bad);
});
