// Fetching a day's prints back from LS time-and-sales (docs/backfill.md, docs/ls-api.md): t8454 with
// exchgubun U for the unified US3 stream, N for NXT's NS3, and t1301 (KRX) for S3_/K3_, so the fetched
// cumulative values are those of the stream being filled. Pages come newest first and are continued with
// tr_cont_key and cts_time until the hole's start is reached or LS says there is no more.
import type { FillRow } from '../../shared/fill/row.ts';
import { cutPage, samePrint, type Hole, type PageCut } from '../../shared/fill/seam.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import type { TrQueue } from './tr-queue.ts';
import type { Json, TrAnswer } from './tr-post.ts';

export type TimeSalesTr = 't8454' | 't1301';

export interface TimeSalesSource {
  tr: TimeSalesTr;
  /** t8454 only: K KRX, N NXT, U both. */
  exchgubun: 'K' | 'N' | 'U' | null;
}

/** The time-and-sales view whose cumulative values match a live trade TR's. */
export function timeSalesSource(tradeTr: 'US3' | 'S3_' | 'K3_' | 'NS3'): TimeSalesSource {
  if (tradeTr === 'US3') return { tr: 't8454', exchgubun: 'U' };
  if (tradeTr === 'NS3') return { tr: 't8454', exchgubun: 'N' };
  return { tr: 't1301', exchgubun: null };
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
const count = (v: unknown): number | null => {
  const n = num(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/** One OutBlock1 row (Number fields as numbers or strings); null when it is not a usable print. */
export function parseTimeSalesRow(o: unknown): FillRow | null {
  if (typeof o !== 'object' || o === null) return null;
  const v = o as Json;
  const chetime = typeof v.chetime === 'string' ? v.chetime.trim().slice(0, 6) : '';
  const price = count(v.price);
  const cvolume = count(v.cvolume);
  const fields = [count(v.volume), count(v.msvolume), count(v.mdvolume), count(v.mschecnt), count(v.mdchecnt)];
  if (!/^\d{6}$/.test(chetime) || price === null || price <= 0 || cvolume === null || cvolume <= 0) return null;
  if (fields.some((f) => f === null)) return null;
  const [volume, msvolume, mdvolume, mschecnt, mdchecnt] = fields as number[];
  const row: FillRow = { chetime, price: String(price), cvolume, volume, msvolume, mdvolume, mschecnt, mdchecnt };
  if (v.exchname === 'KRX' || v.exchname === 'NXT') row.exchname = v.exchname;
  return row;
}

export interface TimeSalesPage {
  /** Newest first. */
  rows: FillRow[];
  /** Rows that were not usable prints. */
  skipped: number;
  ctsTime: string;
  /** LS says older rows exist. */
  more: boolean;
}

export function parseTimeSalesPage(tr: TimeSalesTr, a: TrAnswer): TimeSalesPage {
  const json = a.json ?? {};
  const list = Array.isArray(json[`${tr}OutBlock1`]) ? (json[`${tr}OutBlock1`] as unknown[]) : [];
  const out = json[`${tr}OutBlock`];
  const cts = typeof out === 'object' && out !== null ? (out as Json).cts_time : undefined;
  const ctsTime = typeof cts === 'string' ? cts.trim() : typeof cts === 'number' ? String(cts) : '';
  const rows: FillRow[] = [];
  for (const o of list) {
    const r = parseTimeSalesRow(o);
    if (r) rows.push(r);
  }
  return { rows, skipped: list.length - rows.length, ctsTime, more: a.trCont === 'Y' && ctsTime !== '' && list.length > 0 };
}

/** HHMM of a chetime, moved `minutes` (clamped to the day). */
function hhmm(chetime: string, minutes: number): string {
  const t = Math.min(23 * 60 + 59, Math.max(0, Number(chetime.slice(0, 2)) * 60 + Number(chetime.slice(2, 4)) + minutes));
  return `${String(Math.floor(t / 60)).padStart(2, '0')}${String(t % 60).padStart(2, '0')}`;
}

export interface FetchProgress {
  pages: number;
  rows: number;
  skipped: number;
  /** The hole's start was reached (every row of the hole was offered). */
  reached: boolean;
  /** No page is left to ask for: the start was reached or LS has no older rows (false: stopped). */
  ended: boolean;
}

/** LS's rows are not the prints the day records (see samePrint): another view of the market, or a print LS lacks. */
function viewMismatch(line: TradeRecord): Error {
  return new Error(`LS 체결 조회가 기록된 체결(누적 거래량 ${Number(line.volume).toLocaleString('en-US')})과 맞지 않아 채우지 않습니다: 이 날을 다른 체결 TR로 기록했을 수 있습니다.`);
}

/**
 * Pages one request newest first, continued with tr_cont_key and cts_time. `visit` gets each page and
 * says whether to go on; `stop` is asked before each request. False when stopped.
 */
async function pageRequest(
  queue: Pick<TrQueue, 'call'>,
  code: string,
  src: TimeSalesSource,
  inBlock: Json,
  stop: () => boolean,
  visit: (page: TimeSalesPage) => Promise<boolean>,
): Promise<boolean> {
  const block: Json = { ...inBlock, cts_time: '' };
  if (src.exchgubun !== null) block.exchgubun = src.exchgubun;
  let contKey: string | undefined;
  for (;;) {
    if (stop()) return false;
    const answer = await queue.call(code, { path: '/stock/market-data', trCd: src.tr, body: { [`${src.tr}InBlock`]: { ...block } }, contKey });
    const page = parseTimeSalesPage(src.tr, answer);
    if (!(await visit(page)) || !page.more) return true;
    contKey = answer.trContKey;
    block.cts_time = page.ctsTime;
  }
}

/**
 * Pages one hole of a code's day newest first. `onPage` receives each page's cut (and must keep what it
 * needs before resolving: the side file); `stop` is asked between pages (pause, shutdown). Throws, before
 * any row of the hole is offered, when LS's print at a line around the hole is not the line's (samePrint):
 * the one after the hole is on the first pages; a tail has none, so its seam is fetched first.
 */
export async function fetchHole(
  queue: Pick<TrQueue, 'call'>,
  code: string,
  src: TimeSalesSource,
  hole: Hole,
  onPage: (cut: PageCut, progress: FetchProgress) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<FetchProgress> {
  const progress: FetchProgress = { pages: 0, rows: 0, skipped: 0, reached: false, ended: false };
  const { afterLine, beforeLine } = hole;
  if (beforeLine === null && afterLine !== null) {
    let seam: FillRow | null = null;
    const window = { shcode: code, cvolume: 0, starttime: hhmm(afterLine.chetime, 0), endtime: hhmm(afterLine.chetime, 1) };
    const checked = await pageRequest(queue, code, src, window, stop, async (page) => {
      const cut = cutPage(page.rows, { after: hole.after, before: null });
      seam = cut.seam;
      return !cut.reached;
    });
    if (!checked) return progress;
    if (seam === null || !samePrint(afterLine, seam)) throw viewMismatch(afterLine);
  }
  let bound = beforeLine === null;
  // Whole minutes around the hole, a minute wider on each side: KRX and NXT prints interleave by volume, and
  // their stamps may disagree by a second across a minute, so the line after a hole can read earlier than
  // the one before it (paging ends at the seam by volume either way).
  const times = [afterLine, beforeLine].flatMap((l) => (l === null ? [] : [l.chetime])).sort();
  const inBlock: Json = {
    shcode: code,
    cvolume: 0,
    starttime: hole.after > 0 && afterLine !== null ? hhmm(times[0], -1) : '',
    endtime: beforeLine !== null ? hhmm(times[times.length - 1], 1) : '',
  };
  const done = await pageRequest(queue, code, src, inBlock, stop, async (page) => {
    const cut = cutPage(page.rows, hole);
    if (!bound && beforeLine !== null) {
      // Newest first: the print after the hole comes before any row inside it.
      if (cut.bound !== null && !samePrint(beforeLine, cut.bound)) throw viewMismatch(beforeLine);
      if (cut.bound === null && (cut.inside.length > 0 || cut.reached || !page.more)) throw viewMismatch(beforeLine);
      bound = cut.bound !== null;
    }
    progress.pages++;
    progress.rows += cut.inside.length;
    progress.skipped += page.skipped;
    // The day's first print is the seam of a hole that starts the day.
    progress.reached = cut.reached || (!page.more && hole.after === 0);
    progress.ended = cut.reached || !page.more;
    await onPage(cut, progress);
    return !progress.ended;
  });
  if (!done) progress.ended = false;
  return progress;
}
