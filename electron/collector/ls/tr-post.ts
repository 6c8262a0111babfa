// One LS REST TR request (docs/ls-api.md: POST with tr_cd/tr_cont/tr_cont_key headers, JSON body and
// answer). Transport only: what the answer means is the caller's. The body is parsed in slices
// (answer-json.ts): a page of thousands of rows must not stall live trades. node:http(s) rather than
// fetch: fetch's set-up of each call was a block of several milliseconds for the live trades waiting
// behind it (docs/backfill.md, "Measured").
import http from 'node:http';
import https from 'node:https';
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
  const url = new URL(req.path, restUrl);
  const payload = Buffer.from(JSON.stringify(req.body));
  const signal = stop ? AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  try {
    const { status, headers, body } = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': payload.length,
          authorization: `Bearer ${token}`,
          tr_cd: req.trCd,
          tr_cont: req.contKey === undefined ? 'N' : 'Y',
          tr_cont_key: req.contKey ?? '',
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      request.on('error', reject);
      request.end(payload);
    });
    const parsed: unknown = await parseAnswer(body).catch(() => null);
    const json = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : null;
    const header = (name: string): string => {
      const v = headers[name];
      return typeof v === 'string' ? v : '';
    };
    return { status, json, trCont: header('tr_cont'), trContKey: header('tr_cont_key') };
  } catch (err) {
    throw new TrTransportError(errorText(err));
  }
}
