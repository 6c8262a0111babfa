import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeListParam, codeParam, dateParam, single } from '../../electron/server/params.ts';
import { ParamError } from '../../electron/shared/param-error.ts';

test('codeParam accepts six digits or capital letters and nothing else', () => {
  assert.equal(codeParam('005930'), '005930');
  assert.equal(codeParam('0088K0'), '0088K0');
  for (const bad of ['', '5930', '0059300', '00593a', '../etc', '005930\n', ['005930'], 5930, undefined]) {
    assert.throws(() => codeParam(bad), ParamError, JSON.stringify(bad));
  }
});

test('dateParam defaults to today and accepts only real YYYYMMDD dates', () => {
  assert.equal(dateParam(undefined, '20251126'), '20251126');
  assert.equal(dateParam('20240229', '20251126'), '20240229');
  for (const bad of ['20250229', '2025-11-26', '20251301', '', '1999', ['20251126'], '20251126/../x']) {
    assert.throws(() => dateParam(bad, '20251126'), ParamError, JSON.stringify(bad));
  }
});

test('codeListParam validates each code and refuses repeats', () => {
  assert.deepEqual(codeListParam(['035720', '005930']), ['035720', '005930']);
  assert.deepEqual(codeListParam([]), []);
  assert.throws(() => codeListParam('005930'), ParamError);
  assert.throws(() => codeListParam(['005930', '005930']), ParamError);
  assert.throws(() => codeListParam(['005930', 'bad']), ParamError);
});

test('single: a query parameter as sent, absent as undefined; a repeated one is refused by name, never one of it taken', () => {
  assert.equal(single({ code: '005930' }, 'code'), '005930');
  assert.equal(single({}, 'code'), undefined);
  assert.equal(single({ code: '' }, 'code'), '');
  assert.throws(() => single({ bar: ['time:60', 'tick:5'] }, 'bar'), { name: 'ParamError', message: 'bar is repeated' });
  assert.throws(() => single({ code: { a: '1' } }, 'code'), { name: 'ParamError', message: 'code must be a plain value' });
});
