// The seam between history and live (docs/ARCHITECTURE.md, "Seam between history and live"), as pure logic. The page is
// subscribed to /ws before it asks for bars, so every trade written after the server's snapshot
// (seq > X-Last-Seq) reaches the buffer; trades at or below it are already in the bars. After the
// load, each live trade must be exactly the next seq of its day file: a smaller one is a double
// (ignored), a larger one means something was missed and the caller reloads. Seqs count lines of one
// epoch of the day file (docs/backfill.md): a trade of a later epoch than the bars' means a fill's
// merge renumbered the file (perhaps before its `fill` frame arrived), so the caller reloads; one of
// an earlier epoch was written before that merge and is in the loaded file already.
import type { LiveTrade } from '../../../electron/shared/trade.ts';

/** The loaded bars the seam adds live trades to: the shared footprint builder behind a small adapter. */
export interface LiveBars<B> {
  /** Adds one trade to the bars (trades of another venue are the bars' to skip). */
  add(trade: LiveTrade): void;
  bars(): readonly B[];
}

export type Offer =
  /** Another code or date: not this chart's business. */
  | 'foreign'
  /** Held until the bars are loaded. */
  | 'buffered'
  | 'applied'
  /** Already in the bars (seq at or below the last one applied). */
  | 'duplicate'
  /** A seq was skipped, or the buffer overflowed: reload. */
  | 'gap'
  /** The trade's epoch is later than the bars': the day file was renumbered, reload. */
  | 'renumbered'
  /** The trade's epoch is earlier than the bars': its line is in the loaded file under another seq. */
  | 'stale';

/** Live trades held while the bars load; beyond this the load is hopeless and is restarted. */
const MAX_BUFFER = 200_000;

export class Seam<B> {
  private buffer: LiveTrade[] | null = [];
  private target: LiveBars<B> | null = null;
  private seq = 0;
  private epoch = 0;

  constructor(
    readonly code: string,
    readonly date: string,
  ) {}

  get loaded(): boolean {
    return this.target !== null;
  }

  /** Seq of the last trade in the bars. */
  get lastSeq(): number {
    return this.seq;
  }

  /** The day file's epoch the bars were loaded at (X-Day-Epoch). */
  get loadedEpoch(): number {
    return this.epoch;
  }

  bars(): readonly B[] {
    return this.target ? this.target.bars() : [];
  }

  offer(t: LiveTrade): Offer {
    if (t.code !== this.code || t.date !== this.date) return 'foreign';
    if (this.buffer) {
      if (this.buffer.length >= MAX_BUFFER) return 'gap';
      this.buffer.push(t);
      return 'buffered';
    }
    return this.fold(t);
  }

  /**
   * Installs the bars resumed from the loaded ones (which hold trades up to `lastSeq` of the day file's
   * `epoch`) and adds the buffered trades after them; 'gap' or 'renumbered' asks for a reload.
   */
  load(bars: LiveBars<B>, lastSeq: number, epoch: number): 'applied' | 'gap' | 'renumbered' {
    const buffered = this.buffer ?? [];
    this.buffer = null;
    this.target = bars;
    this.seq = lastSeq;
    this.epoch = epoch;
    for (const t of buffered) {
      const r = this.fold(t);
      if (r === 'gap' || r === 'renumbered') return r;
    }
    return 'applied';
  }

  private fold(t: LiveTrade): Offer {
    if (t.epoch > this.epoch) return 'renumbered';
    if (t.epoch < this.epoch) return 'stale';
    if (t.seq <= this.seq) return 'duplicate';
    if (t.seq !== this.seq + 1) return 'gap';
    this.seq = t.seq;
    this.target!.add(t);
    return 'applied';
  }
}
