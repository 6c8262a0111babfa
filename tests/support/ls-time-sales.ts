// The LS emulator's memory of every trade that "happened" (delivered or not) and its answers to the
// time-and-sales TRs t8454 ((통합)주식시간대별체결2, exchgubun K/N/U) and t1301 (KRX), as docs/ls-api.md and
// docs/backfill.md describe them: rows newest first, Number fields as JSON numbers, pages continued with the
// tr_cont/tr_cont_key headers plus InBlock.cts_time, per-TR calls-per-second limits answered with HTTP 500
// IGW00201 when exceeded, and scriptable failures and hangs.
//
// Cumulative fields: the combined (U) cumulative counts every print of the code; K and N rows carry
// per-venue cumulatives, as the KRX-only and NXT-only TRs would.
import type http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export type Exch = 'K' | 'N' | 'U';

export interface Cum {
  volume: number;
  msvolume: number;
  mdvolume: number;
  mschecnt: number;
  mdchecnt: number;
}

/** One print as the market saw it, with the cumulative values after it per view (U, K, N). */
export interface LoggedTrade {
  chetime: string;
  price: number;
  cvolume: number;
  exchname: 'KRX' | 'NXT';
  /** Mutable by tests (for example to make a row whose side cannot be recovered). */
  cum: Record<Exch, Cum>;
}

export type FailAnswer = { status: number; rsp_cd?: string; rsp_msg?: string };

export interface TimeSalesOptions {
  /** Rows per page (default 20, the size of the documented example). */
  pageSize?: number;
  /** Calls per second accepted per TR (default t8454 1, t1301 2); more within one second → HTTP 500 IGW00201. */
  limits?: Partial<Record<'t8454' | 't1301', number>>;
  /** How the last page says so: tr_cont "N" (default) or tr_cont "Y" with a blank cts_time. */
  lastPage?: 'tr_cont' | 'blank_cts';
}

const zero = (): Cum => ({ volume: 0, msvolume: 0, mdvolume: 0, mschecnt: 0, mdchecnt: 0 });

/** Where a continued request resumes: below `before` (an index into the code's log). */
interface Cursor {
  code: string;
  tr: string;
  before: number;
  ctsTime: string;
}

type Send = (res: http.ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

export class TimeSales {
  readonly logs = new Map<string, LoggedTrade[]>();
  readonly #totals = new Map<string, Record<Exch, Cum>>();
  readonly #cursors = new Map<string, Cursor>();
  readonly #calls = new Map<string, number[]>();
  readonly #fails = new Map<string, FailAnswer[]>();
  readonly #hangs = new Map<string, number>();
  readonly #hung: http.ServerResponse[] = [];
  #nextKey = 1;
  pageSize: number;
  lastPage: 'tr_cont' | 'blank_cts';
  readonly limits: Record<string, number>;
  /** Calls answered with the over-limit error, per TR. */
  readonly overLimit = new Map<string, number>();

  constructor(opts: TimeSalesOptions = {}) {
    this.pageSize = opts.pageSize ?? 20;
    this.lastPage = opts.lastPage ?? 'tr_cont';
    this.limits = { t8454: 1, t1301: 2, ...opts.limits };
  }

  log(code: string): LoggedTrade[] {
    let l = this.logs.get(code);
    if (!l) {
      l = [];
      this.logs.set(code, l);
    }
    return l;
  }

  /** Records one print; `side` null is an auction fill (neither aggressor count moves). */
  record(code: string, t: { chetime: string; price: number; cvolume: number; exchname: 'KRX' | 'NXT' }, side: '+' | '-' | null, combined: Cum): void {
    let tot = this.#totals.get(code);
    if (!tot) {
      tot = { U: zero(), K: zero(), N: zero() };
      this.#totals.set(code, tot);
    }
    const venue = tot[t.exchname === 'KRX' ? 'K' : 'N'];
    venue.volume += t.cvolume;
    if (side === '+') {
      venue.msvolume += t.cvolume;
      venue.mschecnt++;
    } else if (side === '-') {
      venue.mdvolume += t.cvolume;
      venue.mdchecnt++;
    }
    tot.U = { ...combined };
    this.log(code).push({ ...t, cum: { U: { ...tot.U }, K: { ...tot.K }, N: { ...tot.N } } });
  }

  failNext(tr: string, answer: FailAnswer, times = 1): void {
    const list = this.#fails.get(tr) ?? [];
    for (let i = 0; i < times; i++) list.push(answer);
    this.#fails.set(tr, list);
  }

  hangNext(tr: string, times = 1): void {
    this.#hangs.set(tr, (this.#hangs.get(tr) ?? 0) + times);
  }

  /** Ends every hung request's connection without an answer. */
  releaseHangs(): void {
    for (const res of this.#hung.splice(0)) res.socket?.destroy();
  }

  /** Answers a t8454/t1301 call; false when `trCd` is not one of them. */
  answer(trCd: string, headers: IncomingHttpHeaders, input: Record<string, Record<string, unknown>>, res: http.ServerResponse, send: Send): boolean {
    if (trCd !== 't8454' && trCd !== 't1301') return false;
    const hangs = this.#hangs.get(trCd) ?? 0;
    if (hangs > 0) {
      this.#hangs.set(trCd, hangs - 1);
      this.#hung.push(res);
      return true;
    }
    if (!this.#admit(trCd)) {
      this.overLimit.set(trCd, (this.overLimit.get(trCd) ?? 0) + 1);
      send(res, 500, { rsp_cd: 'IGW00201', rsp_msg: '초당 전송건수를 초과하였습니다.' });
      return true;
    }
    const fail = this.#fails.get(trCd)?.shift();
    if (fail) {
      send(res, fail.status, { rsp_cd: fail.rsp_cd ?? 'IGW99999', rsp_msg: fail.rsp_msg ?? '일시적인 오류입니다.' });
      return true;
    }
    const inBlock = input[`${trCd}InBlock`] ?? {};
    const code = typeof inBlock.shcode === 'string' ? inBlock.shcode : '';
    const exch: Exch = trCd === 't1301' ? 'K' : inBlock.exchgubun === 'N' ? 'N' : inBlock.exchgubun === 'U' ? 'U' : 'K';
    const start = this.#start(trCd, code, headers, inBlock);
    if (typeof start === 'string') {
      send(res, 400, { rsp_cd: 'IGW40012', rsp_msg: start });
      return true;
    }
    this.#page(trCd, code, exch, start, inBlock, res, send);
    return true;
  }

  /** The log index below which this request starts, or why the continuation is not valid. */
  #start(trCd: string, code: string, headers: IncomingHttpHeaders, inBlock: Record<string, unknown>): number | string {
    if (headers.tr_cont !== 'Y') {
      return inBlock.cts_time === '' || inBlock.cts_time === undefined ? this.log(code).length : 'cts_time without tr_cont';
    }
    const cursor = this.#cursors.get(String(headers.tr_cont_key ?? ''));
    if (!cursor || cursor.code !== code || cursor.tr !== trCd) return 'unknown tr_cont_key';
    if (cursor.ctsTime !== inBlock.cts_time) return `cts_time ${String(inBlock.cts_time)} does not continue ${cursor.ctsTime}`;
    return cursor.before;
  }

  #page(trCd: string, code: string, exch: Exch, start: number, inBlock: Record<string, unknown>, res: http.ServerResponse, send: Send): void {
    const log = this.log(code);
    const from = typeof inBlock.starttime === 'string' && /^\d{4}$/.test(inBlock.starttime) ? inBlock.starttime : '0000';
    const to = typeof inBlock.endtime === 'string' && /^\d{4}$/.test(inBlock.endtime) ? inBlock.endtime : '9999';
    const minVolume = Number(inBlock.cvolume ?? 0) || 0;
    const rows: Record<string, unknown>[] = [];
    let i = start - 1;
    let oldest = -1;
    for (; i >= 0 && rows.length < this.pageSize; i--) {
      const t = log[i];
      if (exch !== 'U' && t.exchname !== (exch === 'K' ? 'KRX' : 'NXT')) continue;
      const hhmm = t.chetime.slice(0, 4);
      if (hhmm < from || hhmm > to || t.cvolume <= minVolume) continue;
      rows.push(this.#row(trCd, t, exch));
      oldest = i;
    }
    // More rows exist when any older entry of this view passes the filters.
    let more = false;
    for (let j = i; j >= 0 && !more; j--) {
      const t = log[j];
      const hhmm = t.chetime.slice(0, 4);
      more = (exch === 'U' || t.exchname === (exch === 'K' ? 'KRX' : 'NXT')) && hhmm >= from && hhmm <= to && t.cvolume > minVolume;
    }
    let ctsTime = '';
    let trCont = 'N';
    let key = '';
    if (more) {
      ctsTime = `${log[oldest].chetime}${String(oldest % 10_000).padStart(4, '0')}`;
      key = `emu${this.#nextKey++}`;
      trCont = 'Y';
      this.#cursors.set(key, { code, tr: trCd, before: oldest, ctsTime });
    } else if (this.lastPage === 'blank_cts') {
      trCont = 'Y';
      key = `emu${this.#nextKey++}`;
    }
    const out: Record<string, unknown> = {
      [`${trCd}OutBlock`]: trCd === 't8454' ? { cts_time: ctsTime, ex_shcode: `${exch}${code}` } : { cts_time: ctsTime },
      rsp_cd: '00000',
      rsp_msg: rows.length > 0 ? '조회완료' : '해당자료가 없습니다.',
    };
    if (rows.length > 0) out[`${trCd}OutBlock1`] = rows;
    send(res, 200, out, { tr_cd: trCd, tr_cont: trCont, tr_cont_key: key });
  }

  #row(trCd: string, t: LoggedTrade, exch: Exch): Record<string, unknown> {
    const c = t.cum[exch];
    const row: Record<string, unknown> = {
      chetime: t.chetime, price: t.price, sign: '3', change: 0, diff: '000.00', cvolume: t.cvolume,
      chdegree: c.mdvolume > 0 ? ((c.msvolume / c.mdvolume) * 100).toFixed(2).padStart(8, '0') : '00000.00',
      volume: c.volume, mdvolume: c.mdvolume, mdchecnt: c.mdchecnt, msvolume: c.msvolume, mschecnt: c.mschecnt,
      revolume: c.msvolume - c.mdvolume, rechecnt: c.mschecnt - c.mdchecnt,
    };
    if (trCd === 't8454') row.exchname = t.exchname;
    return row;
  }

  /** Sliding one-second window per TR. */
  #admit(trCd: string): boolean {
    const now = Date.now();
    const calls = (this.#calls.get(trCd) ?? []).filter((t) => t > now - 1000);
    this.#calls.set(trCd, calls);
    if (calls.length >= (this.limits[trCd] ?? Infinity)) return false;
    calls.push(now);
    return true;
  }
}
