// The LS OAuth access token (docs/ls-api.md#token): one holder per app key, because issuing a new token
// is reported to invalidate the one another holder uses. The token is reused until shortly before it
// lapses: at the earlier of its stated lifetime and the next 07:00 KST.
import { nextKst0700Ms } from '../../shared/kst.ts';
import type { Logger } from '../../log.ts';

export interface LsCredentials {
  restUrl: string;
  appKey: string;
  appSecret: string;
}

export interface Token {
  value: string;
  issuedAt: number;
  expiresAt: number;
  /** When to stop using it and fetch (and reconnect with) a new one. */
  renewAt: number;
}

/** `refused`: LS answered and said no (bad key, ...). `unreachable`: no usable answer. */
export class TokenError extends Error {
  constructor(message: string, readonly kind: 'refused' | 'unreachable') {
    super(message);
    this.name = 'TokenError';
  }
}

/** `rsp_cd` of a successful LS answer (WS acknowledgement or REST TR). */
export const LS_OK = '00000';
/** `rsp_cd`s meaning the token itself was refused (a REST TR sometimes with HTTP 500): renew it. */
export const TOKEN_REJECTED = new Set(['IGW00121', 'IGW00123']);

const DEFAULT_LIFETIME_SEC = 86_400;
const REQUEST_TIMEOUT_MS = 10_000;

/** Epoch ms at which a token issued at `issuedAtMs` with `expiresInSec` lapses. */
export function tokenExpiry(issuedAtMs: number, expiresInSec: number): number {
  return Math.min(issuedAtMs + expiresInSec * 1000, nextKst0700Ms(issuedAtMs));
}

/**
 * Renew `marginMs` early, unless that leaves less than `marginMs` of use (a token issued just before
 * 07:00 KST): then renew at expiry itself, so a late-night start cannot loop fetching doomed tokens.
 */
export function tokenRenewAt(issuedAtMs: number, expiresAtMs: number, marginMs: number): number {
  const early = expiresAtMs - marginMs;
  return early >= issuedAtMs + marginMs ? early : expiresAtMs;
}

/**
 * Reads a token response body. The field table says `expire_in` (string), the example `expires_in`
 * (number): both are accepted. A missing lifetime means a day (still capped at 07:00 KST).
 */
export function readTokenResponse(body: unknown): { accessToken: string; expiresInSec: number } | { error: string } {
  if (typeof body !== 'object' || body === null) return { error: '응답 형식 오류' };
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== 'string' || b.access_token === '') {
    const msg = typeof b.rsp_msg === 'string' ? b.rsp_msg : typeof b.error_description === 'string' ? b.error_description : '';
    const cd = typeof b.rsp_cd === 'string' ? b.rsp_cd : '';
    return { error: [msg, cd && `(${cd})`].filter(Boolean).join(' ') || 'access_token 없음' };
  }
  const raw = b.expires_in ?? b.expire_in;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
  return { accessToken: b.access_token, expiresInSec: Number.isFinite(n) && n > 0 ? n : DEFAULT_LIFETIME_SEC };
}

export class TokenManager {
  #current: Token | null = null;
  #inflight: Promise<Token> | null = null;
  #lastError: string | null = null;

  constructor(
    private readonly creds: LsCredentials,
    private readonly refreshMarginMs: number,
    private readonly log: Logger,
  ) {}

  /** Why the last request was refused or failed (LS's own message, never the secret); null after success. */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** A usable token: the current one, or one fetched now (concurrent callers share one request). */
  get(): Promise<Token> {
    const cur = this.#current;
    if (cur && Date.now() < cur.renewAt) return Promise.resolve(cur);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  /** The server rejected this token: the next `get()` fetches a new one. */
  invalidate(value: string): void {
    if (this.#current?.value === value) this.#current = null;
  }

  async #fetch(): Promise<Token> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      appkey: this.creds.appKey,
      appsecretkey: this.creds.appSecret,
      scope: 'oob',
    });
    let res: Response;
    let body: unknown;
    try {
      res = await fetch(new URL('/oauth2/token', this.creds.restUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = await res.json().catch(() => null);
    } catch (err) {
      throw this.#fail(new TokenError(`LS 토큰 서버에 연결할 수 없습니다: ${errorText(err)}`, 'unreachable'));
    }
    const parsed = readTokenResponse(body);
    if ('error' in parsed || !res.ok) {
      const why = 'error' in parsed ? parsed.error : `HTTP ${res.status}`;
      const kind = body === null && res.status >= 500 ? 'unreachable' : 'refused';
      throw this.#fail(new TokenError(`LS 토큰 발급 거부: ${why}`, kind));
    }
    const issuedAt = Date.now();
    const expiresAt = tokenExpiry(issuedAt, parsed.expiresInSec);
    const token: Token = {
      value: parsed.accessToken, issuedAt, expiresAt, renewAt: tokenRenewAt(issuedAt, expiresAt, this.refreshMarginMs),
    };
    this.#current = token;
    this.#lastError = null;
    this.log.info('ls token issued', { expiresAt: new Date(expiresAt).toISOString() });
    return token;
  }

  #fail(err: TokenError): TokenError {
    this.#lastError = err.message;
    this.log.warn('ls token request failed', { reason: err.message });
    return err;
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? err.cause.message : '';
    return cause ? `${err.message} (${cause})` : err.message;
  }
  return String(err);
}
