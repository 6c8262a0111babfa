// HTTP client for the local server. Every call is same-origin (the server serves this page), so no
// URL or credential is configured here; errors carry the server's `{error}` text for the UI.
import type { TradeRecord } from '../../../electron/shared/trade.ts';
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import { toGap, type Gap } from '../../../electron/shared/gap.ts';
import {
  DAY_EPOCH_HEADER,
  FOOTPRINT_EMPTY_HEADER,
  FOOTPRINT_STATE_HEADER,
  LAST_SEQ_HEADER,
  type FootprintAnswer,
  type FootprintEmpty,
  type FootprintQuery,
  type SeqAnswer,
  type StockInfo,
} from '../../../electron/shared/wire.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The parsed answer, for callers that read more than `{error}` (e.g. per-field errors). */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** One JSON request to the local server; a non-2xx answer throws ApiError with the server's `{error}` text. */
export async function requestJson(
  method: string,
  url: string,
  opts: { body?: unknown; signal?: AbortSignal } = {},
): Promise<{ body: unknown; res: Response }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: opts.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError('서버에 연결할 수 없습니다', 0);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ApiError(`${url}: not JSON (HTTP ${res.status})`, res.status);
  }
  if (!res.ok) {
    const msg = isRecord(body) && typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
    throw new ApiError(msg, res.status, body);
  }
  return { body, res };
}

const getJson = (url: string, signal?: AbortSignal): Promise<{ body: unknown; res: Response }> => requestJson('GET', url, { signal });

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function countHeader(res: Response, name: string): number {
  const n = Number(res.headers.get(name) ?? '0');
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

/** The seam headers of a day-file answer: `X-Last-Seq` and `X-Day-Epoch` (0 when absent). */
export function seqOf(res: Response): { lastSeq: number; epoch: number } {
  return { lastSeq: countHeader(res, LAST_SEQ_HEADER), epoch: countHeader(res, DAY_EPOCH_HEADER) };
}

function footprintUrl(q: FootprintQuery): string {
  const p = new URLSearchParams({ code: q.code, date: q.date, bar: q.bar, row: String(q.row), venue: q.venue });
  return `/api/footprint?${p.toString()}`;
}

export async function fetchFootprint(q: FootprintQuery, signal?: AbortSignal): Promise<FootprintAnswer> {
  const { body, res } = await getJson(footprintUrl(q), signal);
  if (!Array.isArray(body)) throw new ApiError('/api/footprint: expected an array of bars', res.status);
  return { data: body as FootprintBar[], ...seqOf(res), auctionState: res.headers.get(FOOTPRINT_STATE_HEADER), empty: emptyOf(res) };
}

const EMPTY_REASONS: readonly string[] = ['no_trades', 'no_venue_trades', 'no_venue_data'] satisfies FootprintEmpty['reason'][];

/** The `X-Footprint-Empty` header; null when absent or not understood (the page then says only "no trades"). */
function emptyOf(res: Response): FootprintEmpty | null {
  let v: unknown;
  try {
    v = JSON.parse(res.headers.get(FOOTPRINT_EMPTY_HEADER) ?? 'null');
  } catch {
    return null;
  }
  if (!isRecord(v) || typeof v.reason !== 'string' || !EMPTY_REASONS.includes(v.reason) || typeof v.trades !== 'number') return null;
  const last = typeof v.last_price === 'number' && v.last_price > 0 ? v.last_price : null;
  return { reason: v.reason as FootprintEmpty['reason'], trades: v.trades, last_price: last };
}

/** The day's recorded trades, or only the last `tail` of them. */
export async function fetchHistory(code: string, date: string, tail: number, signal?: AbortSignal): Promise<SeqAnswer<TradeRecord[]>> {
  const p = new URLSearchParams({ code, date, tail: String(tail) });
  const { body, res } = await getJson(`/api/history?${p.toString()}`, signal);
  if (!Array.isArray(body)) throw new ApiError('/api/history: expected an array of trades', res.status);
  return { data: body as TradeRecord[], ...seqOf(res) };
}

/** Dates (YYYYMMDD) with a day file for `code`, newest first (`/api/days`). */
export async function fetchDays(code: string, signal?: AbortSignal): Promise<string[]> {
  const { body, res } = await getJson(`/api/days?${new URLSearchParams({ code }).toString()}`, signal);
  const days = isRecord(body) ? body.days : null;
  if (!Array.isArray(days)) throw new ApiError('/api/days: expected a list of days', res.status);
  return days.flatMap((d) => (isRecord(d) && typeof d.date === 'string' ? [d.date] : []));
}

/** Stretches of the day the collector missed (`/api/gaps`), oldest first. */
export async function fetchGaps(code: string, date: string, signal?: AbortSignal): Promise<Gap[]> {
  const { body, res } = await getJson(`/api/gaps?${new URLSearchParams({ code, date }).toString()}`, signal);
  if (!Array.isArray(body)) throw new ApiError('/api/gaps: expected an array of gaps', res.status);
  return body.flatMap((g) => toGap(g) ?? []);
}

/** Name and reference price of a code (`/api/stock/{code}`); null when unknown or unreachable. */
export async function fetchStock(code: string): Promise<StockInfo | null> {
  try {
    const { body } = await getJson(`/api/stock/${encodeURIComponent(code)}`);
    if (!isRecord(body) || typeof body.name !== 'string' || body.name === '') return null;
    const ref = body.reference_price;
    return { name: body.name, referencePrice: typeof ref === 'number' && ref > 0 ? ref : null };
  } catch {
    return null;
  }
}

/** Watchlist codes, in the trader's order (`{watchlist: [...]}`). */
export async function fetchWatchlist(): Promise<string[]> {
  const { body } = await getJson('/api/watchlist');
  const list = isRecord(body) ? body.watchlist : null;
  if (!Array.isArray(list)) throw new ApiError('/api/watchlist: expected a list of codes', 200);
  return list.filter((c): c is string => typeof c === 'string');
}

/** The health document of `GET /` (HealthStatus in electron/shared/wire.ts; readers check each field they use). */
export async function fetchHealth(): Promise<Record<string, unknown>> {
  const { body } = await getJson('/');
  if (!isRecord(body)) throw new ApiError('/: expected the health document', 200);
  return body;
}
