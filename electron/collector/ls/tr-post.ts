// One LS REST TR request (docs/ls-api.md: POST with tr_cd/tr_cont/tr_cont_key headers, JSON body and
// answer). Transport only: what the answer means is the caller's. The body is parsed in slices
// (answer-json.ts): a page of thousands of rows must not stall live trades.
import { parseAnswer } from './answer-json.ts';
import { errorText } from './token.ts';

export type Json = Record<string, unknown>;

export interface TrAnswer {
  status: number;
  /** The parsed body when it is a JSON object. */
  json: Json | null;
  /** The answer's continuation headers (tr_cont "Y": more rows). */
  trCont: string;
  trContKey: string;
}

/** A request that got no answer at all (connection refused, reset, or the timeout). */
export class TrTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrTransportError';
  }
}

export interface TrRequest {
  path: string;
  trCd: string;
  body: Json;
  /** Continuation: the previous answer's tr_cont_key (sent with tr_cont "Y"). */
  contKey?: string;
}

/** `stop` aborts the request (a queue closing); the timeout covers an answer that never comes. */
export async function postTr(restUrl: string, token: string, req: TrRequest, timeoutMs: number, stop?: AbortSignal): Promise<TrAnswer> {
  try {
    const res = await fetch(new URL(req.path, restUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${token}`,
        tr_cd: req.trCd,
        tr_cont: req.contKey === undefined ? 'N' : 'Y',
        tr_cont_key: req.contKey ?? '',
      },
      body: JSON.stringify(req.body),
      signal: stop ? AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
    const parsed: unknown = await res.arrayBuffer().then((b) => parseAnswer(Buffer.from(b))).catch(() => null);
    const json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : null;
    return { status: res.status, json, trCont: res.headers.get('tr_cont') ?? '', trContKey: res.headers.get('tr_cont_key') ?? '' };
  } catch (err) {
    throw new TrTransportError(errorText(err));
  }
}
