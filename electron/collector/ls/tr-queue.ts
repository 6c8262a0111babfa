// The one REST request queue of an app key (docs/backfill.md): every TR call of every code waits here,
// calls of one TR start no closer together than its calls-per-second limit allows, and the code on
// screen goes first. An over-limit answer (IGW00201, or HTTP 500 with no other code) backs off and
// retries; a rejected token is renewed and retried; other failures retry a bounded number of times.
import type { Logger } from '../../log.ts';
import { LS_OK, TOKEN_REJECTED, errorText } from './token.ts';
import { postTr, TrTransportError, type TrAnswer, type TrRequest } from './tr-post.ts';

/** Calls per second per TR (docs/ls-api.md); TRs not listed are not paced. */
export const DEFAULT_TR_LIMITS: Readonly<Record<string, number>> = { t8454: 1, t1301: 2 };
export const OVER_LIMIT = 'IGW00201';

export interface TokenSource {
  get(): Promise<{ value: string }>;
  invalidate(token: string): void;
}

export interface TrQueueOptions {
  limits?: Record<string, number>;
  /** Attempts after a failure other than over-limit (default 3). */
  retries?: number;
  /** Over-limit answers tolerated for one call before it fails (default 30). */
  overLimitRetries?: number;
  /** First backoff; doubles per attempt up to maxBackoffMs (defaults 500 / 8000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
}

/** A call that failed for good; `kind` auth: the key was refused. */
export class TrCallError extends Error {
  constructor(message: string, readonly kind: 'auth' | 'failed') {
    super(message);
    this.name = 'TrCallError';
  }
}

function closedError(): TrCallError {
  return new TrCallError('요청 대기열이 닫혔습니다.', 'failed');
}

interface Job {
  code: string;
  req: TrRequest;
  order: number;
  attempts: number;
  overLimits: number;
  notBefore: number;
  resolve: (a: TrAnswer) => void;
  reject: (e: Error) => void;
}

export interface TrQueueStats {
  waiting: number;
  calls: number;
  overLimit: number;
  retries: number;
}

export class TrQueue {
  readonly #limits: Record<string, number>;
  readonly #jobs: Job[] = [];
  /** Earliest start of the next call, per TR. */
  readonly #next = new Map<string, number>();
  /** TRs with a call under way: one at a time per TR, the next spaced from its answer (see interval). */
  readonly #busy = new Set<string>();
  #focus: ReadonlySet<string> = new Set();
  #order = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Aborts the calls under way at close: shutdown never waits on the network. */
  readonly #abort = new AbortController();
  readonly #stats = { calls: 0, overLimit: 0, retries: 0 };

  constructor(
    private readonly restUrl: string,
    private readonly tokens: TokenSource,
    private readonly log: Logger,
    private readonly opts: TrQueueOptions = {},
  ) {
    this.#limits = { ...DEFAULT_TR_LIMITS, ...opts.limits };
  }

  /** The codes whose calls go first (those on screen). */
  focus(codes: readonly string[]): void {
    this.#focus = new Set(codes);
  }

  /** Queues one call; resolves with an answer whose rsp_cd is OK. */
  call(code: string, req: TrRequest): Promise<TrAnswer> {
    if (this.#closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      this.#jobs.push({ code, req, order: this.#order++, attempts: 0, overLimits: 0, notBefore: 0, resolve, reject });
      this.#pump();
    });
  }

  /**
   * Spacing between one call's answer and the next call's start for a TR: the server received the call
   * before it answered, so two arrivals are never closer than this, whatever the network's delays.
   */
  interval(trCd: string): number {
    const limit = this.#limits[trCd];
    return limit === undefined ? 0 : Math.ceil(1000 / limit + 10);
  }

  stats(): TrQueueStats {
    return { waiting: this.#jobs.length, ...this.#stats };
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#abort.abort();
    for (const j of this.#jobs.splice(0)) j.reject(closedError());
  }

  #pump(): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const now = Date.now();
    let wake = Infinity;
    for (const trCd of new Set(this.#jobs.map((j) => j.req.trCd))) {
      if (this.#busy.has(trCd)) continue;
      const ready = this.#jobs.filter((j) => j.req.trCd === trCd && j.notBefore <= now);
      const at = this.#next.get(trCd) ?? 0;
      if (ready.length === 0 || at > now) {
        const soonest = Math.min(...this.#jobs.filter((j) => j.req.trCd === trCd).map((j) => j.notBefore));
        wake = Math.min(wake, Math.max(at, soonest));
        continue;
      }
      const job = ready.reduce((a, b) => (this.#before(b, a) ? b : a));
      this.#jobs.splice(this.#jobs.indexOf(job), 1);
      this.#busy.add(trCd);
      void this.#run(job).finally(() => {
        this.#busy.delete(trCd);
        this.#next.set(trCd, Date.now() + this.interval(trCd));
        this.#pump();
      });
    }
    if (wake !== Infinity) {
      this.#timer = setTimeout(() => this.#pump(), Math.max(0, wake - Date.now()));
      this.#timer.unref();
    }
  }

  #before(a: Job, b: Job): boolean {
    const fa = this.#focus.has(a.code);
    const fb = this.#focus.has(b.code);
    return fa !== fb ? fa : a.order < b.order;
  }

  #backoff(n: number): number {
    return Math.min(this.opts.maxBackoffMs ?? 8000, (this.opts.backoffMs ?? 500) * 2 ** Math.max(0, n - 1));
  }

  #again(job: Job, delayMs: number): void {
    // A call that ends after close is not queued again: nothing would ever run or reject it.
    if (this.#closed) return job.reject(closedError());
    this.#stats.retries++;
    job.notBefore = Date.now() + delayMs;
    this.#jobs.push(job);
    this.#pump();
  }

  async #run(job: Job): Promise<void> {
    this.#stats.calls++;
    let token = '';
    try {
      token = (await this.tokens.get()).value;
      const a = await postTr(this.restUrl, token, job.req, this.opts.timeoutMs ?? 10_000, this.#abort.signal);
      const rspCd = typeof a.json?.rsp_cd === 'string' ? a.json.rsp_cd : '';
      const rspMsg = typeof a.json?.rsp_msg === 'string' ? a.json.rsp_msg : '';
      if (rspCd === LS_OK && a.status < 400) return job.resolve(a);
      if (TOKEN_REJECTED.has(rspCd)) {
        this.tokens.invalidate(token);
        if (++job.attempts > 1) return job.reject(new TrCallError(`LS 인증에 실패했습니다: ${rspMsg} (${rspCd})`, 'auth'));
        return this.#again(job, 0);
      }
      if (rspCd === OVER_LIMIT || (a.status === 500 && rspCd === '')) {
        this.#stats.overLimit++;
        if (++job.overLimits > (this.opts.overLimitRetries ?? 30)) return job.reject(new TrCallError(`LS 초당 요청 한도 초과가 계속됩니다 (${job.req.trCd})`, 'failed'));
        return this.#again(job, this.#backoff(job.overLimits));
      }
      this.#fail(job, `LS ${job.req.trCd} 조회 실패: ${rspMsg || `HTTP ${a.status}`}${rspCd ? ` (${rspCd})` : ''}`);
    } catch (err) {
      const why = err instanceof TrTransportError ? `LS 서버 응답 없음: ${err.message}` : `LS 인증 실패: ${errorText(err)}`;
      this.#fail(job, why);
    }
  }

  #fail(job: Job, why: string): void {
    if (this.#closed) return job.reject(closedError());
    if (++job.attempts > (this.opts.retries ?? 3)) {
      job.reject(new TrCallError(why, 'failed'));
      return;
    }
    this.log.limited(`tr-retry:${job.req.trCd}`, 'warn', 'ls tr call failed, retrying', { tr: job.req.trCd, code: job.code, error: why, attempt: job.attempts });
    this.#again(job, this.#backoff(job.attempts));
  }
}
