import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFromTrKey, parseServerFrame, subscribeFrame, trKey } from '../../electron/collector/ls/frames.ts';

// Frames shaped as docs/ls-api.md#ws-data describes them (the portal's examples).
const US3 = '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{"chetime":"162202","sign":"2","change":"900","drate":"1.63","price":"56100","opentime":"080000","open":"55500","hightime":"080000","high":"56700","lowtime":"080000","low":"55500","cgubun":"-","cvolume":"40","volume":"16495969","value":"926807","mdvolume":"7156641","mdchecnt":"42958","msvolume":"7694447","mschecnt":"63407","cpower":"107.51","w_avrg":"56184","offerho":"56200","bidho":"56100","status":"00","jnilvolume":"16817478","shcode":"005930","exchname":"NXT","ex_shcode":"U005930"}}';
const S3 = '{"header":{"tr_cd":"S3_","tr_key":"005930"},"body":{"chetime":"090851","sign":"2","change":"1050","drate":"1.93","price":"55550","opentime":"090030","open":"55600","hightime":"090504","high":"55800","lowtime":"090030","low":"55500","cgubun":"+","cvolume":"1","volume":"10887","value":"604","mdvolume":"946","mdchecnt":"23","msvolume":"3146","mschecnt":"96","cpower":"332.56","w_avrg":"55448","offerho":"55600","bidho":"55500","status":"00","jnilvolume":"2508350","shcode":"005930","exchname":"KRX"}}';

test('tr_key: US3/NS3 are prefixed and padded to 10 characters, S3_/K3_ are the bare code', () => {
  assert.equal(trKey('US3', '005930'), 'U005930   ');
  assert.equal(trKey('NS3', '010950'), 'N010950   ');
  assert.equal(trKey('US3', '005930').length, 10);
  assert.equal(trKey('S3_', '005930'), '005930');
  assert.equal(trKey('K3_', '122870'), '122870');
  assert.equal(codeFromTrKey('U005930   '), '005930');
  assert.equal(codeFromTrKey('N0088K0   '), '0088K0');
  assert.equal(codeFromTrKey('122870'), '122870');
  assert.equal(codeFromTrKey('X005930   '), null);
  assert.equal(codeFromTrKey(''), null);
});

test('subscribe and unsubscribe frames carry the token, tr_type 3/4 and the padded key', () => {
  assert.deepEqual(JSON.parse(subscribeFrame('tok', 'US3', '005930', true)), {
    header: { token: 'tok', tr_type: '3' }, body: { tr_cd: 'US3', tr_key: 'U005930   ' },
  });
  assert.deepEqual(JSON.parse(subscribeFrame('tok', 'K3_', '122870', false)), {
    header: { token: 'tok', tr_type: '4' }, body: { tr_cd: 'K3_', tr_key: '122870' },
  });
});

test('a documented US3 frame becomes a trade keeping venue and cumulative fields', () => {
  assert.deepEqual(parseServerFrame(US3), {
    kind: 'trade', trCd: 'US3', code: '005930',
    record: { chetime: '162202', price: '56100', cvolume: '40', cgubun: '-', exchname: 'NXT', volume: '16495969', mschecnt: '63407', mdchecnt: '42958' },
  });
  const s3 = parseServerFrame(S3);
  assert.equal(s3.kind, 'trade');
  if (s3.kind === 'trade') assert.deepEqual(s3.record, { chetime: '090851', price: '55550', cvolume: '1', cgubun: '+', exchname: 'KRX', volume: '10887', mschecnt: '96', mdchecnt: '23' });
});

test('numeric body values (the NS3/US3 tables say Number) parse like strings', () => {
  const msg = JSON.parse(US3) as { body: Record<string, unknown> };
  for (const k of ['price', 'cvolume', 'volume', 'mschecnt', 'mdchecnt']) msg.body[k] = Number(msg.body[k]);
  const f = parseServerFrame(JSON.stringify(msg));
  assert.equal(f.kind, 'trade');
  if (f.kind === 'trade') assert.deepEqual(f.record, { chetime: '162202', price: '56100', cvolume: '40', cgubun: '-', exchname: 'NXT', volume: '16495969', mschecnt: '63407', mdchecnt: '42958' });
});

test('the code comes from shcode, or from the stripped tr_key when shcode is missing', () => {
  const msg = JSON.parse(US3) as { body: Record<string, unknown> };
  delete msg.body.shcode;
  const f = parseServerFrame(JSON.stringify(msg));
  assert.equal(f.kind === 'trade' && f.code, '005930');
  msg.body.shcode = '035720   ';
  const g = parseServerFrame(JSON.stringify(msg));
  assert.equal(g.kind === 'trade' && g.code, '035720');
});

test('acks: success and errors, with and without an echoed key', () => {
  assert.deepEqual(parseServerFrame('{"header":{"tr_cd":"US3","tr_key":"U005930   ","tr_type":"3","rsp_cd":"00000","rsp_msg":"ok"},"body":null}'), {
    kind: 'ack', trCd: 'US3', trType: '3', rspCd: '00000', rspMsg: 'ok', code: '005930',
  });
  assert.deepEqual(parseServerFrame('{"header":{"tr_cd":"NWS","tr_type":"3","rsp_cd":"IGW00121","rsp_msg":"토큰"},"body":null}'), {
    kind: 'ack', trCd: 'NWS', trType: '3', rspCd: 'IGW00121', rspMsg: '토큰',
  });
});

test('the application PING frame is recognised', () => {
  assert.deepEqual(parseServerFrame('{"header":{"tr_id":"PING"}}'), { kind: 'ping' });
});

test('garbage never throws and is classified as bad; a trade without a code is garbage', () => {
  const bad = [
    '', 'not json', '[]', 'null', '42', '"text"', '{}', '{"header":null}', '{"header":{"tr_cd":"US3"}}',
    '{"header":{"tr_cd":"H1_","tr_key":"005930"},"body":{}}',
    '{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":"x"}',
    '{"header":{"tr_cd":"US3","tr_key":"bogus"},"body":{"chetime":"092619","price":"100","cvolume":"1","cgubun":"+"}}',
    '{"header":{"tr_cd":"US3"', '\u0000\u0001',
  ];
  for (const text of bad) {
    const f = parseServerFrame(text);
    assert.equal(f.kind, 'bad', text);
    if (f.kind === 'bad') assert.ok(f.reason.length > 0);
  }
});

test('a trade of a known code that no real print carries is rejected with its raw values and the reason', () => {
  const body = (fields: string): string => `{"header":{"tr_cd":"US3","tr_key":"U005930   "},"body":{${fields}}}`;
  const rejected: Array<[string, RegExp]> = [
    [body('"chetime":"0926","price":"1","cvolume":"1","cgubun":"+"'), /chetime/],
    [body('"chetime":"999999","price":"100","cvolume":"1","cgubun":"+"'), /chetime/],
    [body('"chetime":"092619","price":"0","cvolume":"1","cgubun":"+"'), /price/],
    [body('"chetime":"092619","price":"0050000","cvolume":"1","cgubun":"+"'), /price/],
    [body('"chetime":"092619","price":0.0001,"cvolume":"1","cgubun":"+"'), /price/],
    [body('"chetime":"092619","price":"50000.5","cvolume":"1","cgubun":"+"'), /half-tick/],
    [body('"chetime":"092619","price":"12345678901234567890","cvolume":"1","cgubun":"+"'), /price/],
    [body('"chetime":"092619","price":{"x":1},"cvolume":"1","cgubun":"+"'), /price/],
    [body('"chetime":"092619","price":"100","cvolume":"0","cgubun":"+"'), /cvolume/],
    [body('"chetime":"092619","price":"100","cvolume":-5,"cgubun":"+"'), /cvolume/],
    [body('"chetime":"092619","price":"100","cvolume":"12345678901234567890","cgubun":"+"'), /cvolume/],
    [body('"chetime":"092619","price":"100","cvolume":"1","cgubun":"*"'), /cgubun/],
    [body('"chetime":"092619","price":"100","cvolume":"1","cgubun":"+","volume":"12345678901234567890"'), /volume/],
  ];
  for (const [text, reason] of rejected) {
    const f = parseServerFrame(text);
    assert.equal(f.kind, 'rejected', text);
    if (f.kind !== 'rejected') continue;
    assert.equal(f.code, '005930');
    assert.match(f.reason, reason, text);
    assert.deepEqual(Object.keys(f.raw).filter((k) => f.raw[k as keyof typeof f.raw] !== undefined).slice(0, 4), ['chetime', 'price', 'cvolume', 'cgubun']);
  }
  const f = parseServerFrame(body('"chetime":"092619","price":"0050000","cvolume":"7","cgubun":"-"'));
  assert.equal(f.kind === 'rejected' && f.raw.price, '0050000', 'the raw value is kept as sent');
});

test('a mid-point print on half a tick is a trade', () => {
  const f = parseServerFrame('{"header":{"tr_cd":"US3","tr_key":"U035720   "},"body":{"chetime":"101125","price":"59950","cvolume":"10","cgubun":"+","shcode":"035720","exchname":"NXT"}}');
  assert.equal(f.kind === 'trade' && f.record.price, '59950');
});
