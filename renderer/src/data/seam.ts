// The seam between history and live (docs/ARCHITECTURE.md, "Seam between history and live"), as pure logic. The page is
// subscribed to /ws before it asks for bars, so every trade written after the server's snapshot
// (seq > X-Last-Seq) reaches the buffer; trades at or below it are already in the bars. After the
// load, each live trade must be exactly the next seq of its day file: a smaller one is a double
// (ignored), a larger one means something was missed and the caller reloads.
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
  | 'gap';

/** Live trades held while the bars load; beyond this the load is hopeless and is restarted. */
const MAX_BUFFER = 200_000;

export class Seam<B> {
  private buffer: LiveTrade[] | null = [];
  private target: LiveBars<B> | null = null;
  private seq = 0;

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
   * Installs the bars resumed from the loaded ones (which hold trades up to `lastSeq`) and adds the
   * buffered trades after them; 'gap' asks for a reload.
   */
  load(bars: LiveBars<B>, lastSeq: number): 'applied' | 'gap' {
    const buffered = this.buffer ?? [];
    this.buffer = null;
    this.target = bars;
    this.seq = lastSeq;
    for (const t of buffered) if (this.fold(t) === 'gap') return 'gap';
    return 'applied';
  }

  private fold(t: LiveTrade): Offer {
    if (t.seq <= this.seq) return 'duplicate';
    if (t.seq !== this.seq + 1) return 'gap';
    this.seq = t.seq;
    this.target!.add(t);
    return 'applied';
  }
}
