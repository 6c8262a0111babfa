// LS REST TRs (docs/ls-api.md#rest): stock names from t1102 and the master list from t8436.
// Shares the feed's TokenManager: one token holder per app key.
import { kstDate } from '../../shared/kst.ts';
import { isValidCode } from '../../shared/trade.ts';
import type { StockInfo } from '../../shared/wire.ts';
import type { Logger } from '../../log.ts';
import { LS_OK, TOKEN_REJECTED, TokenError, errorText, type TokenManager } from './token.ts';
import { postTr, type Json } from './tr-post.ts';

export type StockLookupErrorKind = 'unknown' | 'unreachable' | 'auth';

export class StockLookupError extends Error {
  constructor(message: string, readonly kind: StockLookupErrorKind) {
    super(message);
    this.name = 'StockLookupError';
  }
}

export interface MasterEntry {
  code: string;
  name: string;
  market: 'KOSPI' | 'KOSDAQ';
}

const REQUEST_TIMEOUT_MS = 10_000;


export class LsRest {
  /** Keyed by KST date + code: the reference price changes every day. */
  readonly #infos = new Map<string, Promise<StockInfo>>();
  #master: { date: string; list: Promise<MasterEntry[]> } | null = null;

  constructor(
    private readonly restUrl: string,
    private readonly tokens: TokenManager,
    private readonly log: Logger,
  ) {}

  /** Name (t1102 `hname`) and reference price (`recprice`) of a code; one request per code and KST day. */
  stockInfo(code: string): Promise<StockInfo> {
    if (!isValidCode(code)) return Promise.reject(new StockLookupError(`잘못된 종목코드입니다: ${code}`, 'unknown'));
    const key = `${kstDate(Date.now())}:${code}`;
    let info = this.#infos.get(key);
    if (!info) {
      info = this.#lookup(code);
      this.#infos.set(key, info);
      // A failure is not remembered: the next request asks again.
      info.catch(() => {
        if (this.#infos.get(key) === info) this.#infos.delete(key);
      });
    }
    return info;
  }

  /** Every KOSPI/KOSDAQ listing (t8436, gubun 0), fetched at most once per KST day. */
  masterList(): Promise<MasterEntry[]> {
    const today = kstDate(Date.now());
    if (this.#master?.date !== today) {
      const list = this.#fetchMaster();
      this.#master = { date: today, list };
      list.catch(() => {
        if (this.#master?.list === list) this.#master = null;
      });
    }
    return this.#master.list;
  }

  async #lookup(code: string): Promise<StockInfo> {
    const res = await this.#call('/stock/market-data', 't1102', { t1102InBlock: { shcode: code } });
    const out = res.t1102OutBlock;
    const block = typeof out === 'object' && out !== null ? (out as Json) : {};
    const name = block.hname;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new StockLookupError(`종목코드 ${code}에 해당하는 종목이 없습니다.`, 'unknown');
    }
    // Number-typed fields arrive as JSON numbers; strings are accepted too (docs/ls-api.md#rest).
    const ref = Number(block.recprice);
    return { name: name.trim(), referencePrice: Number.isFinite(ref) && ref > 0 ? ref : null };
  }

  async #fetchMaster(): Promise<MasterEntry[]> {
    const res = await this.#call('/stock/etc', 't8436', { t8436InBlock: { gubun: '0' } });
    const rows = Array.isArray(res.t8436OutBlock) ? res.t8436OutBlock : [];
    const list: MasterEntry[] = [];
    for (const row of rows) {
      if (typeof row !== 'object' || row === null) continue;
      const r = row as Json;
      const code = typeof r.shcode === 'string' ? r.shcode.trim() : '';
      const name = typeof r.hname === 'string' ? r.hname.trim() : '';
      const market = r.gubun === '1' ? 'KOSPI' : r.gubun === '2' ? 'KOSDAQ' : null;
      if (isValidCode(code) && name !== '' && market !== null) list.push({ code, name, market });
    }
    this.log.info('ls master list loaded', { count: list.length });
    return list;
  }

  /** One TR call; a rejected token is renewed and the call retried once. */
  async #call(path: string, trCd: string, body: Json): Promise<Json> {
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = (await this.tokens.get()).value;
      } catch (err) {
        if (err instanceof TokenError && err.kind === 'refused') throw new StockLookupError(`LS 인증에 실패했습니다: ${err.message}`, 'auth');
        throw new StockLookupError(`LS 서버에 연결할 수 없습니다: ${errorText(err)}`, 'unreachable');
      }
      const { status, json } = await this.#post(path, trCd, token, body);
      const rspCd = typeof json?.rsp_cd === 'string' ? json.rsp_cd : '';
      const rspMsg = typeof json?.rsp_msg === 'string' ? json.rsp_msg : '';
      if (TOKEN_REJECTED.has(rspCd)) {
        this.tokens.invalidate(token);
        if (attempt === 0) continue;
        throw new StockLookupError(`LS 인증에 실패했습니다: ${rspMsg} (${rspCd})`, 'auth');
      }
      if (json === null) throw new StockLookupError(`LS 응답을 해석할 수 없습니다 (HTTP ${status}).`, 'unreachable');
      if (rspCd !== LS_OK || status >= 400) {
        throw new StockLookupError(`LS 조회 실패: ${rspMsg || `HTTP ${status}`}${rspCd ? ` (${rspCd})` : ''}`, 'unreachable');
      }
      return json;
    }
  }

  async #post(path: string, trCd: string, token: string, body: Json): Promise<{ status: number; json: Json | null }> {
    try {
      return await postTr(this.restUrl, token, { path, trCd, body }, REQUEST_TIMEOUT_MS);
    } catch (err) {
      throw new StockLookupError(`LS 서버에 연결할 수 없습니다: ${errorText(err)}`, 'unreachable');
    }
  }
}
