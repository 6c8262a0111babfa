import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hmsToSeconds } from '../../electron/shared/kst.ts';
import { formatRecordLine, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { scanDayFile, type ScannedTrade } from '../../electron/store/day-scan.ts';

const REAL = path.resolve(import.meta.dirname, '../../../../shared/data/real');

/** The slow, obvious reading: every complete line through parseRecordLine, as the store counts them. */
function reference(bytes: Buffer): TradeRecord[] {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  lines.pop(); // not `\n`-terminated: torn or still being written
  const out: TradeRecord[] = [];
  for (const l of lines) {
    const r = parseRecordLine(l.endsWith('\r') ? l.slice(0, -1) : l);
    if (r !== null) out.push(r);
  }
  return out;
}

function expected(r: TradeRecord, seq: number): ScannedTrade {
  const both = r.mschecnt !== undefined && r.mdchecnt !== undefined;
  return {
    seq,
    time: hmsToSeconds(r.chetime),
    price: Number(r.price),
    qty: Number(r.cvolume),
    side: r.cgubun === '+' ? 1 : -1,
    venue: r.exchname ?? '',
    ms: both ? Number(r.mschecnt) : -1,
    md: both ? Number(r.mdchecnt) : -1,
  };
}

async function scanAll(file: string, upTo: number | null = null): Promise<{ seen: ScannedTrade[]; trades: number; bytes: number }> {
  const seen: ScannedTrade[] = [];
  const res = await scanDayFile(file, upTo, (t) => seen.push({ ...t }));
  return { seen, ...res };
}

const tmpDirs: string[] = [];
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmpFile(content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-scan-'));
  tmpDirs.push(dir);
  const file = path.join(dir, 'raw_data_005930_20251126.txt');
  fs.writeFileSync(file, content);
  return file;
}

const ODD_LINES = [
  '{"chetime": "092619", "price": "99300", "cvolume": "100", "cgubun": "-"}',
  formatRecordLine({ chetime: '092620', price: '99350', cvolume: '5', cgubun: '+', exchname: 'NXT', volume: '1234', mschecnt: '10', mdchecnt: '4' }).trimEnd(),
  formatRecordLine({ chetime: '092621', price: '99400', cvolume: '1', cgubun: '+', exchname: 'KRX' }).trimEnd(),
  formatRecordLine({ chetime: '092622', price: '99400', cvolume: '2', cgubun: '-', mschecnt: '10' }).trimEnd(),
  formatRecordLine({ chetime: '092623', price: '99400', cvolume: '2', cgubun: '-', volume: '9', mdchecnt: '5' }).trimEnd(),
  '{"chetime": "092624", "price": "99350.5", "cvolume": "3", "cgubun": "+"}', // decimal: valid, via fallback
  '{"chetime":"092625","price":"99300","cvolume":"4","cgubun":"-"}', // compact spacing
  '{"price": "99300", "chetime": "092626", "cvolume": "4", "cgubun": "-"}', // other key order
  '{"chetime": "092627", "price": "99300", "cvolume": "4", "cgubun": "-", "exchname": "XXX"}', // unknown venue dropped
  '{"chetime": "092628", "price": "99300", "cvolume": "4", "cgubun": "-", "extra": 1}',
  '{"chetime": "092629", "price": "099300", "cvolume": "007", "cgubun": "+"}', // leading zeros
  '{"chetime": "092630", "price": "99300", "cvolume": "4", "cgubun": "-"} ', // trailing space
  '{"chetime": "092631", "price": "99300", "cvolume": "4", "cgubun": "-"}\r', // CRLF
  '{"chetime": "092632", "price": "99300", "cvolume": "0", "cgubun": "-"}', // zero volume: invalid
  '{"chetime": "092633", "price": "0", "cvolume": "4", "cgubun": "-"}', // zero price: invalid
  '{"chetime": "092634", "price": "99300", "cvolume": "4", "cgubun": "x"}', // bad side: invalid
  '{"chetime": "09263", "price": "99300", "cvolume": "4", "cgubun": "-"}', // short time: invalid
  '{"chetime": "092635", "price": "99300", "cvolume": "4", "cgubun": "-"', // torn: invalid
  '{"chetime": "092636", "price": "99300", "cvolume": "12345678901234567", "cgubun": "+"}', // long number
  '',
  'garbage 한글 ✓',
  '\uFEFF{"chetime": "092637", "price": "99300", "cvolume": "4", "cgubun": "-"}', // BOM: invalid
  '{"chetime": "092638", "price": "99300", "cvolume": "4", "cgubun": "+", "exchname": "NXT", "volume": "1.5", "mschecnt": "2", "mdchecnt": "2"}',
  '{"chetime": "092639", "price": "99300", "cvolume": "4", "cgubun": "+", "exchname": "NXT", "volume": "", "mschecnt": "2", "mdchecnt": "2"}',
];

test('odd and invalid lines are read exactly as parseRecordLine reads them, with the same seq', async () => {
  const content = `${ODD_LINES.join('\n')}\n{"chetime": "092640", "price": "99300", "cvolume": "4", "cgubun": "-"}`;
  const file = tmpFile(content);
  const ref = reference(Buffer.from(content));
  assert.ok(ref.length >= 15, 'the fixture has many valid lines');
  const { seen, trades, bytes } = await scanAll(file);
  assert.deepEqual(seen, ref.map((r, i) => expected(r, i + 1)));
  assert.equal(trades, ref.length);
  assert.equal(bytes, Buffer.byteLength(content) - Buffer.byteLength(content.slice(content.lastIndexOf('\n') + 1)));
});

test('randomly damaged lines are judged exactly as parseRecordLine judges them', async () => {
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const alphabet = '0123456789{}":, .+-KRXNTvolumechtsidgbn\r\u00e9';
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) {
    let l = formatRecordLine({
      chetime: `1${rnd(10)}${rnd(6)}${rnd(10)}${rnd(6)}${rnd(10)}`,
      price: String(1 + rnd(99_999)),
      cvolume: String(1 + rnd(999)),
      cgubun: rnd(2) ? '+' : '-',
      ...(rnd(2) ? { exchname: rnd(2) ? 'KRX' : 'NXT', volume: String(rnd(1e6)), mschecnt: String(rnd(1e4)), mdchecnt: String(rnd(1e4)) } : {}),
    }).slice(0, -1);
    for (let k = rnd(3); k > 0; k--) {
      const at = rnd(l.length + 1);
      const op = rnd(3);
      const ch = alphabet[rnd(alphabet.length)]!;
      l = op === 0 ? l.slice(0, at) + l.slice(at + 1) : op === 1 ? l.slice(0, at) + ch + l.slice(at) : l.slice(0, at) + ch + l.slice(at + 1);
    }
    lines.push(l);
  }
  const content = `${lines.join('\n')}\n`;
  const ref = reference(Buffer.from(content));
  assert.ok(ref.length > 1000 && ref.length < 3900, `a mix of valid and invalid lines (${ref.length} valid)`);
  const { seen } = await scanAll(tmpFile(content));
  assert.deepEqual(seen, ref.map((r, i) => expected(r, i + 1)));
});

test('upToBytes stops at that offset and counts only complete lines before it', async () => {
  const lines = Array.from({ length: 50 }, (_, i) =>
    formatRecordLine({ chetime: `1000${String(i).padStart(2, '0')}`, price: '60000', cvolume: String(i + 1), cgubun: '+', exchname: 'KRX' }),
  );
  const content = lines.join('');
  const file = tmpFile(content);
  const cut = Buffer.byteLength(lines.slice(0, 20).join('')) + 10; // 10 bytes into line 21
  const { seen, trades, bytes } = await scanAll(file, cut);
  assert.equal(trades, 20);
  assert.equal(seen[19]!.qty, 20);
  assert.equal(bytes, Buffer.byteLength(lines.slice(0, 20).join('')));
  assert.equal((await scanAll(file, 0)).trades, 0);
  assert.deepEqual(await scanDayFile(path.join(path.dirname(file), 'missing.txt'), null, () => assert.fail()), { trades: 0, bytes: 0 });
});

test('lines crossing chunk boundaries, and a line longer than a chunk, are read whole', async () => {
  const parts: string[] = [];
  for (let i = 0; i < 90_000; i++) {
    parts.push(
      formatRecordLine({
        chetime: '120000',
        price: String(60_000 + (i % 17) * 100),
        cvolume: String(1 + (i % 997)),
        cgubun: i % 3 === 0 ? '-' : '+',
        exchname: i % 2 === 0 ? 'KRX' : 'NXT',
        volume: String(i * 7),
        mschecnt: String(i),
        mdchecnt: String(i >> 1),
      }),
    );
    if (i === 30_000) parts.push(`${'x'.repeat(9 << 20)}\n`); // 9 MiB of garbage on one line
  }
  const content = parts.join('');
  const file = tmpFile(content);
  const ref = reference(Buffer.from(content));
  const { seen, trades } = await scanAll(file);
  assert.equal(trades, 90_000);
  assert.deepEqual(seen, ref.map((r, i) => expected(r, i + 1)));
});

test('real files: line counts and aggressor totals match the recorded data exactly', async () => {
  for (const [name, lines, buyLines, buyVol, sellLines, sellVol] of [
    ['raw_data_005930_20251125.txt', 309, 162, 24_557, 147, 10_394],
    ['raw_data_035720_20251126.txt', 23_434, 13_391, 931_598, 10_043, 641_448],
  ] as const) {
    const file = path.join(REAL, name);
    const totals = { buyLines: 0, buyVol: 0, sellLines: 0, sellVol: 0 };
    const res = await scanDayFile(file, null, (t) => {
      if (t.side > 0) {
        totals.buyLines++;
        totals.buyVol += t.qty;
      } else {
        totals.sellLines++;
        totals.sellVol += t.qty;
      }
    });
    assert.equal(res.trades, lines, name);
    assert.equal(res.bytes, fs.statSync(file).size, name);
    assert.deepEqual(totals, { buyLines, buyVol, sellLines, sellVol }, name);
    const ref = reference(fs.readFileSync(file));
    const seen: ScannedTrade[] = [];
    await scanDayFile(file, null, (t) => seen.push({ ...t }));
    assert.deepEqual(seen, ref.map((r, i) => expected(r, i + 1)), name);
  }
});

test('a visitor that throws rejects the scan and leaves no read behind', async () => {
  const line = formatRecordLine({ chetime: '120000', price: '60000', cvolume: '1', cgubun: '+' });
  const file = tmpFile(line.repeat(200_000)); // several chunks
  let seen = 0;
  await assert.rejects(
    scanDayFile(file, null, () => {
      if (++seen === 50_000) throw new Error('stop');
    }),
    /stop/,
  );
  assert.equal(seen, 50_000);
  assert.equal((await scanAll(file)).trades, 200_000);
});
