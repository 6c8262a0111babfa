import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enterChoice, WatchlistModel } from '../../renderer/src/watchlist/model.ts';

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

function listed(codes: string[]): WatchlistModel {
  const m = new WatchlistModel();
  m.codes = codes;
  for (const c of codes) m.rowOf(c);
  return m;
}

test('the model keeps today\'s last price and trade count from the health report and live trades', () => {
  const m = listed(['005930', '000660']);
  m.applyHealth({ codes: new Map([['005930', { tradesToday: 10, lastPrice: '60000' }]]), rejected: new Set(['000660']), date: '20251125' });
  assert.deepEqual(m.row('005930'), { price: '60000', trades: 10 });
  assert.equal(m.stateOf('000660'), 'rejected');
  assert.equal(m.stateOf('005930'), 'collecting');
  assert.equal(m.applyTrade({ code: '005930', date: '20251125', price: '60100', seq: 12 }), true);
  assert.deepEqual(m.row('005930'), { price: '60100', trades: 12 });
  // An older trade (seq) never lowers the count; another day's trade or an unlisted code changes nothing.
  m.applyTrade({ code: '005930', date: '20251125', price: '60200', seq: 11 });
  assert.equal(m.row('005930')?.trades, 12);
  assert.equal(m.applyTrade({ code: '005930', date: '20251124', price: '1', seq: 99 }), false);
  assert.equal(m.applyTrade({ code: '035720', date: '20251125', price: '1', seq: 1 }), false);
  assert.equal(m.row('035720'), undefined);
});

test('a status frame: recording state, file problem, list changes and a feed switch', () => {
  const m = listed(['005930']);
  m.rowOf('005930').name = '삼성전자';
  m.applyTrade({ code: '005930', date: '20251125', price: '60100', seq: 5 });
  assert.deepEqual(m.applyStatus({ type: 'status', feed: 'demo', state: 'open', watchlist: ['005930'] }), { feedChanged: false, listDiffers: false });
  assert.deepEqual(m.applyStatus({ type: 'status', feed: 'demo', state: 'reconnecting', watchlist_error: 'bad json', watchlist: ['005930', '000660'] }), {
    feedChanged: false,
    listDiffers: true,
  });
  assert.equal(m.stateOf('005930'), 'waiting');
  assert.equal(m.fileProblem, 'bad json');
  assert.equal(m.row('005930')?.trades, 5);
  // Settings switched the collector: today's figures come from another folder now; names stay.
  assert.deepEqual(m.applyStatus({ type: 'status', feed: 'ls', state: 'open' }), { feedChanged: true, listDiffers: false });
  assert.deepEqual(m.row('005930'), { name: '삼성전자', price: null, trades: 0 });
  assert.equal(m.fileProblem, null);
  assert.deepEqual(m.unnamed(['005930', '000660']), ['000660']);
});
