// The big prints of the chart shown (docs/big-prints.md): the day's from GET /api/bigprints, asked
// for once the bars loaded (its X-Last-Seq is then at least theirs), and the live ones the page folds
// itself. `BigPrintBook` merges both without doubles (by seq) and places each print in its bar: a
// live one where the builder put it, a loaded one by counting the bars' trades (`nth`). Pure but
// for the fetch.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { LiveTrade } from '../../../electron/shared/trade.ts';
import type { FootprintQuery, SeqAnswer } from '../../../electron/shared/wire.ts';
import type { BigPrint, BigPrintsAnswer } from '../../../electron/shared/big-prints.ts';
import { ApiError, isRecord, requestJson, seqOf } from './api.ts';

/** A print the chart can draw: its bar's `time`, price, size and side. */
export interface PlacedPrint {
  seq: number;
  time: number;
  price: number;
  qty: number;
  side: 1 | -1;
}

/** The day's big prints of `q`'s code, date and venue; `min` null asks for the day's default. */
export async function fetchBigPrints(q: FootprintQuery, min: number | null, signal?: AbortSignal): Promise<SeqAnswer<BigPrintsAnswer>> {
  const p = new URLSearchParams({ code: q.code, date: q.date, venue: q.venue });
  if (min !== null) p.set('min', String(min));
  const { body, res } = await requestJson('GET', `/api/bigprints?${p.toString()}`, { signal });
  if (!isRecord(body) || !Array.isArray(body.prints)) throw new ApiError('/api/bigprints: expected a list of prints', res.status);
  return { data: body as unknown as BigPrintsAnswer, ...seqOf(res) };
}

interface Entry extends PlacedPrint {
  /** Position among the venue's trades, for placing a loaded print; 0 for a live one (placed already). */
  nth: number;
  placed: boolean;
}

/** Live trades kept while the day's list loads, to judge once its threshold is known. */
const MAX_PENDING = 20_000;

export class BigPrintBook {
  /** The threshold in effect; null while the day's list loads (or a day without trades). */
  min: number | null = null;
  auto = false;
  private loadedSeq = -1;
  private readonly entries = new Map<number, Entry>();
  private pending: Array<{ t: LiveTrade; time: number }> = [];
  private sorted: PlacedPrint[] | null = [];

  /** Forgets everything: a new list is on its way. */
  reset(): void {
    this.min = null;
    this.auto = false;
    this.loadedSeq = -1;
    this.entries.clear();
    this.pending = [];
    this.sorted = [];
  }

  get loading(): boolean {
    return this.loadedSeq < 0;
  }

  /** The day's list up to `lastSeq` arrived; `bars` are those shown. */
  load(answer: BigPrintsAnswer, lastSeq: number, bars: readonly FootprintBar[]): void {
    this.min = answer.min;
    this.auto = answer.auto;
    this.loadedSeq = lastSeq;
    for (const p of answer.prints) this.entries.set(p.seq, fromAnswer(p));
    const pending = this.pending;
    this.pending = [];
    // Trades folded while the list loaded: those it covers are placed where the builder put them.
    for (const { t, time } of pending) {
      const known = this.entries.get(t.seq);
      if (known) Object.assign(known, { time, placed: true });
      else if (t.seq > lastSeq) this.live(t, time);
    }
    this.place(bars);
    this.sorted = null;
  }

  /**
   * A live trade folded into the bar at `time`: the print when it is a new big print (to draw and
   * announce), else null.
   */
  live(t: LiveTrade, time: number): PlacedPrint | null {
    if (this.loading) {
      if (this.pending.length < MAX_PENDING) this.pending.push({ t, time });
      return null;
    }
    if (t.seq <= this.loadedSeq || this.min === null || this.entries.has(t.seq)) return null;
    const qty = Number(t.cvolume);
    if (!(qty >= this.min)) return null;
    const e: Entry = { seq: t.seq, time, price: Number(t.price), qty, side: t.cgubun === '+' ? 1 : -1, nth: 0, placed: true };
    this.entries.set(t.seq, e);
    this.sorted = null;
    return e;
  }

  /** Places loaded prints in `bars` by counting their trades; returns whether any was placed. */
  place(bars: readonly FootprintBar[]): boolean {
    const open = [...this.entries.values()].filter((e) => !e.placed).sort((a, b) => a.nth - b.nth);
    if (open.length === 0) return false;
    let placed = false;
    let k = 0;
    let counted = 0;
    for (const bar of bars) {
      counted += bar.trades;
      for (; k < open.length && open[k]!.nth <= counted; k++) {
        open[k]!.time = bar.time;
        open[k]!.placed = true;
        placed = true;
      }
    }
    if (placed) this.sorted = null;
    return placed;
  }

  /** Prints placed in a bar, in seq order. */
  list(): readonly PlacedPrint[] {
    if (this.sorted === null) {
      this.sorted = [...this.entries.values()].filter((e) => e.placed).sort((a, b) => a.seq - b.seq);
    }
    return this.sorted;
  }
}

function fromAnswer(p: BigPrint): Entry {
  return { seq: p.seq, time: 0, price: p.price, qty: p.qty, side: p.side === '+' ? 1 : -1, nth: p.nth, placed: false };
}
