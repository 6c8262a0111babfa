import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnswer, parseObjectInSlices } from '../../electron/collector/ls/answer-json.ts';
import { seededRandom } from '../../electron/shared/random.ts';

/** parseAnswer's value, or the error it threw, beside JSON.parse's for the same bytes. */
async function both(text: string): Promise<[unknown, unknown]> {
  const ours = await parseAnswer(Buffer.from(text)).catch((e: unknown) => e);
  let theirs: unknown;
  try {
    theirs = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    theirs = e;
  }
  return [ours, theirs];
}

async function assertSame(text: string): Promise<void> {
  const [ours, theirs] = await both(text);
  if (theirs instanceof SyntaxError) assert.ok(ours instanceof SyntaxError, `${JSON.stringify(text)} must fail as JSON.parse does`);
  else {
    assert.deepStrictEqual(ours, theirs, JSON.stringify(text));
    // The walk itself, not the fallback, gets an object body right.
    if (/^[ \t\r\n]*\{/.test(text)) assert.deepStrictEqual(await parseObjectInSlices(Buffer.from(text)), theirs, `walked: ${JSON.stringify(text)}`);
  }
}

function page(rows: number): string {
  const list = Array.from({ length: rows }, (_, i) => ({
    chetime: '091500', price: 180_000 + i, sign: '2', cvolume: 1 + (i % 7), chdegree: '00100.00', volume: 1000 + i,
    mdvolume: i, mdchecnt: i, msvolume: 1000, mschecnt: 10, exchname: i % 3 === 0 ? 'NXT' : 'KRX',
  }));
  return JSON.stringify({ t8454OutBlock: { cts_time: '0915000001', ex_shcode: 'U005930' }, rsp_cd: '00000', rsp_msg: '조회완료', t8454OutBlock1: list });
}

test('an LS time-and-sales page, with Korean text and surrounding space, parses to JSON.parse\'s value', async () => {
  await assertSame(page(500));
  await assertSame(`\n  ${page(3)}  \r\n`);
  await assertSame(`\uFEFF${page(2)}`);
  await assertSame('{"rsp_cd":"00000","rsp_msg":"해당자료가 없습니다.","t8454OutBlock":{"cts_time":""}}');
});

test('edge shapes parse as JSON.parse parses them', async () => {
  for (const text of [
    '{}', '[]', '[1,2]', '"x"', '12', 'null', '{"a":[]}', '{ "a" : [ ] , "b" : [ 1 , [2,[3]] , {"c":"]}\\""} ] }',
    '{"a":"\\u005d\\\\","b":-1.5e3,"c":true,"d":null}', '{"a":1,"a":2}', '{"__proto__":{"x":1},"y":[{"__proto__":2}]}',
    '{"a":"\\"","b":["\\\\"]}', '{"한글":["값",{"키":"값"}]}',
  ]) {
    await assertSame(text);
  }
  const proto = (await parseAnswer(Buffer.from('{"__proto__":{"polluted":1}}'))) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(proto), Object.prototype, 'a "__proto__" member is an own property, never the prototype');
  assert.ok(Object.hasOwn(proto, '__proto__'));
});

test('malformed bodies fail as JSON.parse fails', async () => {
  for (const text of [
    '', ' ', '{', '{"a":1,}', '{"a":[1,]}', '{"a" 1}', '{"a":1 "b":2}', '{"a":[1 2]}', '{"a":1}x', '{"a":+1}', '{a:1}',
    '{"a":"unterminated}', '{"a":[{"b":1}', '<html>502 Bad Gateway</html>', '{"a":01}', '{"a":[1]]}',
  ]) {
    await assertSame(text);
  }
});

test('random JSON documents and their damaged copies match JSON.parse (seeded)', async () => {
  const rnd = seededRandom(20261206);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.4) return pick([0, -1, 1.5e-3, 123456789, '', 'a"b', '\\', '한글', 'x]}', true, false, null]);
    if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [pick(['k', 'rsp_cd', '}', `f${i}`]), value(depth + 1)]));
  };
  for (let n = 0; n < 2000; n++) {
    const doc = { rows: Array.from({ length: Math.floor(rnd() * 5) }, () => value(1)), other: value(1) };
    const text = JSON.stringify(doc, null, rnd() < 0.3 ? 1 : undefined);
    await assertSame(text);
    const at = Math.floor(rnd() * text.length);
    await assertSame(text.slice(0, at) + pick(['', ',', ']', '}', '"', ' ', 'x']) + text.slice(at + 1));
  }
});

test('a large answer gives the event loop turns while it is parsed', async () => {
  let turns = 0;
  let parsing = true;
  const tick = (): void => {
    turns++;
    if (parsing) setImmediate(tick);
  };
  setImmediate(tick);
  const value = (await parseAnswer(Buffer.from(page(100_000)))) as { t8454OutBlock1: unknown[] };
  parsing = false;
  assert.equal(value.t8454OutBlock1.length, 100_000);
  assert.ok(turns > 1, `other work ran ${turns} time(s) during the parse`);
});
