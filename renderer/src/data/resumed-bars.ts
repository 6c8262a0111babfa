// The loaded footprint bars kept growing with live trades: the shared footprint builder resumed
// from them, with the auction state the server handed over (`X-Footprint-State`), so classification
// continues exactly where the server's computation stopped.
import type { LiveTrade } from '../../../electron/shared/trade.ts';
import {
  FootprintBuilder,
  decodeAuctionState,
  newAuctionState,
  parseBarSpec,
  tickFromRecord,
  type FootprintBar,
} from '../../../electron/shared/footprint/index.ts';
import type { FootprintQuery } from '../../../electron/shared/wire.ts';
import type { LiveBars } from './seam.ts';

export interface ResumedBars extends LiveBars<FootprintBar> {
  /** Index of the first bar changed since the last call (the builder only ever changes the last bar). */
  takeChangedFrom(): number;
  /** The `time` of the bar the last trade added went into (null before any). */
  openBarTime(): number | null;
}

export function resumeBars(q: FootprintQuery, bars: FootprintBar[], auctionState: string | null): ResumedBars {
  const builder = FootprintBuilder.resume({ bar: parseBarSpec(q.bar), rowTicks: q.row, venue: q.venue, date: q.date }, bars);
  // Every print advances the classification, whatever venue the chart shows (the counts are per code).
  const state = (auctionState !== null ? decodeAuctionState(auctionState) : null) ?? newAuctionState();
  let known = bars.length;
  return {
    add: (t: LiveTrade) => builder.add(tickFromRecord(t, state)),
    bars: () => builder.bars(),
    openBarTime: () => builder.openBarTime(),
    takeChangedFrom() {
      const from = Math.max(0, known - 1);
      known = builder.bars().length;
      return from;
    },
  };
}
