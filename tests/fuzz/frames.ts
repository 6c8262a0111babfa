// The LS frame parser (electron/collector/ls/frames.ts) fuzzed directly: well-formed trade frames must
// come back as exactly the trade sent; mutated, truncated and random frames may be anything but must never
// throw, and whatever is taken for a trade must be a valid code and a record the day file reads back as is.
import assert from 'node:assert/strict';
import { parseServerFrame } from '../../electron/collector/ls/frames.ts';
import { formatRecordLine, isValidCode, parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';
import { Gen } from './gen.ts';

const TRS = ['US3', 'S3_', 'K3_', 'NS3'] as const;
const KEY = (tr: string, code: string): string => (tr === 'US3' ? `U${code}   ` : tr === 'NS3' ? `N${code}   ` : code);

function validTrade(g: Gen): { text: string; code: string; record: TradeRecord; frame: { header: Record<string, unknown>; body: Record<string, unknown> } } {
  const tr = g.pick(TRS);
  const code = g.pick(['005930', '000660', '0088K0', '122870']);
  const record: TradeRecord = {
    chetime: `${String(g.int(8, 20)).padStart(2, '0')}${String(g.int(0, 59)).padStart(2, '0')}${String(g.int(0, 59)).padStart(2, '0')}`,
    price: String(g.int(1, 3_000_000)),
    cvolume: String(g.int(1, 1_000_000)),
    cgubun: g.pick(['+', '-'] as const),
    exchname: g.pick(['KRX', 'NXT'] as const),
    volume: String(g.int(1, 1e12)),
    mschecnt: String(g.int(0, 1e6)),
    mdchecnt: String(g.int(0, 1e6)),
  };
  const body: Record<string, unknown> = { ...record, shcode: code, sign: '2', status: '00' };
  if (g.chance(0.3)) for (const f of ['price', 'cvolume', 'volume', 'mschecnt', 'mdchecnt']) body[f] = Number(body[f]);
  const frame = { header: { tr_cd: tr, tr_key: KEY(tr, code) }, body };
  return { text: JSON.stringify(frame), code, record, frame };
}

/** A frame changed in one of the ways a broken peer or a cut connection changes one. */
function mutated(g: Gen): string {
  const { text, frame } = validTrade(g);
  switch (g.int(0, 7)) {
    case 0:
      return text.slice(0, g.int(0, text.length - 1));
    case 1: {
      const at = g.int(0, text.length - 1);
      return text.slice(0, at) + g.chars('{}[]":,\\0aZ\u0000\uFFFD', g.int(1, 4)) + text.slice(at + g.int(0, 3));
    }
    case 2:
      frame.body[g.pick(Object.keys(frame.body))] = g.json(2);
      return JSON.stringify(frame);
    case 3:
      delete frame.body[g.pick(Object.keys(frame.body))];
      return JSON.stringify(frame);
    case 4:
      frame.header[g.pick(['tr_cd', 'tr_key', 'rsp_cd', 'tr_id', 'tr_type'])] = g.json(1);
      return JSON.stringify(frame);
    case 5:
      return JSON.stringify(g.json(4));
    case 6:
      return g.chars('\u0000\u0001 {}[]",:0123456789abcxyz\uD800\uDFFF가', g.int(0, 200));
    default:
      return JSON.stringify({ header: g.json(2), body: g.json(3) });
  }
}

export interface FrameFuzzResult {
  cases: number;
  kinds: Record<string, number>;
}

export function fuzzFrames(seed: number, cases: number): FrameFuzzResult {
  const g = new Gen(seed);
  const kinds: Record<string, number> = {};
  for (let i = 0; i < cases; i++) {
    const valid = g.chance(0.25);
    const t = valid ? validTrade(g) : null;
    const text = t ? t.text : mutated(g);
    try {
      const f = parseServerFrame(text);
      kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
      if (t) assert.deepEqual(f, { kind: 'trade', trCd: t.frame.header.tr_cd, code: t.code, record: t.record });
      if (f.kind === 'trade') {
        assert.ok(isValidCode(f.code), `code ${f.code}`);
        assert.deepEqual(parseRecordLine(formatRecordLine(f.record).trimEnd()), f.record, 'the record reads back from its line as it is');
      }
    } catch (e) {
      throw new Error(`frame fuzz failed: seed ${seed}, case ${i} (FUZZ_SEED=${seed}): ${JSON.stringify(text.slice(0, 500))}\n${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { cases, kinds };
}
