// LS Open API WebSocket frames (docs/ls-api.md#ws-frames, #trade-trs): building subscription requests and classifying
// whatever the server sends. Pure: no I/O, never throws, so a garbage frame can only ever be counted, and a
// trade of a known code that no real print carries only ever quarantined (docs/trade-sanity.md).
import { isValidCode, RECORD_FIELDS, toTradeRecord, type TradeRecord } from '../../shared/trade.ts';
import { tradeProblem, type RawTrade } from '../../shared/trade-sanity.ts';
import { isTradeTr, type TradeTr } from '../../shared/wire.ts';

export type ServerFrame =
  | { kind: 'trade'; trCd: TradeTr; code: string; record: TradeRecord }
  /** A trade of a known code whose values no real print carries (shared/trade-sanity.ts): quarantined, not recorded. */
  | { kind: 'rejected'; trCd: TradeTr; code: string; raw: RawTrade; reason: string }
  | { kind: 'ack'; trCd: string; trType: string; rspCd: string; rspMsg: string; code?: string }
  | { kind: 'ping' }
  | { kind: 'bad'; reason: string };

/** The `tr_key` LS expects: fixed-width TRs are prefixed and padded to 10 characters. */
export function trKey(tr: TradeTr, code: string): string {
  if (tr === 'US3') return `U${code}   `;
  if (tr === 'NS3') return `N${code}   `;
  return code;
}

/** The stock code inside a `tr_key` as the server echoes it (padding and U/N prefix removed). */
export function codeFromTrKey(key: string): string | null {
  const k = key.trim();
  if (k.length === 7 && (k[0] === 'U' || k[0] === 'N')) return isValidCode(k.slice(1)) ? k.slice(1) : null;
  return isValidCode(k) ? k : null;
}

/** A subscribe (tr_type 3) or unsubscribe (tr_type 4) request; the token rides in every frame. */
export function subscribeFrame(token: string, tr: TradeTr, code: string, on: boolean): string {
  return JSON.stringify({
    header: { token, tr_type: on ? '3' : '4' },
    body: { tr_cd: tr, tr_key: trKey(tr, code) },
  });
}

export const PONG_FRAME = '{"header":{"tr_id":"PONG"}}';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Header fields may be strings or numbers; anything else counts as absent. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function parseServerFrame(raw: string): ServerFrame {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return { kind: 'bad', reason: 'not JSON' };
  }
  if (!isObject(msg) || !isObject(msg.header)) return { kind: 'bad', reason: 'no header' };
  const header = msg.header;
  if (header.tr_id === 'PING') return { kind: 'ping' };

  const trCd = text(header.tr_cd) ?? '';
  const rspCd = text(header.rsp_cd);
  if (rspCd !== undefined) {
    const ack: ServerFrame = {
      kind: 'ack', trCd, trType: text(header.tr_type) ?? '', rspCd, rspMsg: text(header.rsp_msg) ?? '',
    };
    const key = text(header.tr_key);
    const code = key === undefined ? null : codeFromTrKey(key);
    if (code !== null) ack.code = code;
    return ack;
  }

  if (!isTradeTr(trCd)) return { kind: 'bad', reason: `unexpected tr_cd ${JSON.stringify(trCd).slice(0, 20)}` };
  const body = msg.body;
  if (!isObject(body)) return { kind: 'bad', reason: `${trCd} without body` };
  // The NS3/US3 tables type these fields as Number although every example sends strings: accept both.
  const fields: RawTrade = {};
  for (const f of RECORD_FIELDS) {
    const v = body[f];
    fields[f] = typeof v === 'number' ? String(v) : v;
  }
  const shcode = text(body.shcode)?.trim();
  const keyText = text(header.tr_key);
  const code = shcode !== undefined && isValidCode(shcode) ? shcode : keyText === undefined ? null : codeFromTrKey(keyText);
  if (code === null) return { kind: 'bad', reason: `${trCd} trade without a stock code` };
  const problem = tradeProblem(fields);
  const record = problem === null ? toTradeRecord(fields) : null;
  if (record === null) return { kind: 'rejected', trCd, code, raw: fields, reason: problem ?? 'not a valid trade' };
  return { kind: 'trade', trCd, code, record };
}
