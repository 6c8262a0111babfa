// The chart's message when a load has no bars, from the server's reason (`X-Footprint-Empty`): a day
// with nothing recorded, a venue with no trades that day, or a file recorded before venue support.
import type { VenueFilter } from '../../../electron/shared/footprint/index.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import type { FootprintEmpty } from '../../../electron/shared/wire.ts';
import { text, textWith, type Lang } from '../ui/i18n.ts';

export function emptyMessage(lang: Lang, empty: FootprintEmpty | null, venue: VenueFilter): string {
  const vars = { venue, trades: groupThousands(empty?.trades ?? 0) };
  switch (empty?.reason) {
    case 'no_venue_trades':
      return textWith(lang, 'noVenueTrades', vars);
    case 'no_venue_data':
      return textWith(lang, 'noVenueData', vars);
    default:
      return text(lang, 'noTrades');
  }
}
