// Recognising auction (single-price) prints, so they are shown apart from aggressor buy/sell volume.
//
// How a print is recognised, in order (docs/ls-api.md#cumulative, #sessions):
// 1. Counts: when the record carries both cumulative aggressor counts (`mschecnt`, `mdchecnt`) and
//    neither changed since the previous print of the day that carried them (any venue; the day
//    starts at 0/0), the exchange attributed the print to no aggressor: an auction fill.
// 2. KRX session windows, for prints marked KRX: outside continuous trading (before 09:00:00 or from
//    15:20:00) every KRX trade is single-price — pre-open after-hours close, the 15:30 closing cross,
//    after-hours close and 시간외 단일가.
// 3. The 09:00 opening cross: the first KRX print of the day at or after 09:00:00, when it falls in
//    09:00:00–09:00:59 (random end can delay the match) and carries no counts to say otherwise. The
//    minute bound keeps a recording that starts mid-morning from calling its first print an auction.
// NXT prints are continuous-session trades (NXT has no single-price auction), so only rule 1 applies.
// Legacy lines (shared/trade.ts) carry neither venue nor counts: they are never called auctions, because
// outside 09:00–15:20 a venue-less print may just as well be an NXT pre/after-market trade with a real
// aggressor, and moving real aggression out of buy/sell would be the worse error.
import { hmsToSeconds } from '../kst.ts';
import type { TradeRecord } from '../trade.ts';
import type { FootprintTrade, TradeVenue } from './trade.ts';

const OPEN = 9 * 3600;
const OPENING_CROSS_END = OPEN + 60;
const CONTINUOUS_END = 15 * 3600 + 20 * 60;

/** KRX continuous trading, 09:00:00–15:20:00 KST; every KRX print outside it is a single-price fill. */
export function isKrxContinuous(time: number): boolean {
  return time >= OPEN && time < CONTINUOUS_END;
}

/** What classification carries from one print to the next; the page resumes it from the server. */
export interface AuctionState {
  ms: number;
  md: number;
  /** The first KRX print at/after 09:00:00 has been seen. */
  opened: boolean;
}

export function newAuctionState(): AuctionState {
  return { ms: 0, md: 0, opened: false };
}

/** `ms` and `md` are the record's cumulative counts, or -1 when it carries none. Updates `state`. */
export function classifyAuction(state: AuctionState, time: number, venue: TradeVenue, ms: number, md: number): boolean {
  const hasCounts = ms >= 0 && md >= 0;
  let unattributed = false;
  if (hasCounts) {
    unattributed = ms === state.ms && md === state.md;
    state.ms = ms;
    state.md = md;
  }
  if (venue !== 'KRX') return unattributed;
  let openingCross = false;
  if (time >= OPEN && !state.opened) {
    state.opened = true;
    openingCross = time < OPENING_CROSS_END && !hasCounts;
  }
  return unattributed || !isKrxContinuous(time) || openingCross;
}

/** Compact form for the `X-Footprint-State` header: `ms,md,opened`. */
export function encodeAuctionState(s: AuctionState): string {
  return `${s.ms},${s.md},${s.opened ? 1 : 0}`;
}

/** Inverse of encodeAuctionState; null for anything else. */
export function decodeAuctionState(s: string): AuctionState | null {
  const m = /^(\d{1,15}),(\d{1,15}),([01])$/.exec(s);
  return m ? { ms: Number(m[1]), md: Number(m[2]), opened: m[3] === '1' } : null;
}

/** A stored or live record as a footprint trade (classifying it, which advances `state`). */
export function tickFromRecord(record: TradeRecord, state: AuctionState): FootprintTrade {
  const time = hmsToSeconds(record.chetime);
  const venue: TradeVenue = record.exchname ?? '';
  const both = record.mschecnt !== undefined && record.mdchecnt !== undefined;
  return {
    time,
    price: Number(record.price),
    qty: Number(record.cvolume),
    side: record.cgubun === '+' ? 1 : -1,
    venue,
    auction: classifyAuction(state, time, venue, both ? Number(record.mschecnt) : -1, both ? Number(record.mdchecnt) : -1),
  };
}
