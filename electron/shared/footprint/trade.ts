// The numeric form of a trade that aggregation consumes (records keep strings; see shared/trade.ts).

/** '' for legacy lines, which carry no venue (shared/trade.ts). */
export type TradeVenue = 'KRX' | 'NXT' | '';

export interface FootprintTrade {
  /** Seconds since KST midnight (chetime). */
  time: number;
  price: number;
  qty: number;
  /** 1 buy-aggressor ('+'), -1 sell-aggressor ('-'); ignored for auction prints. */
  side: 1 | -1;
  venue: TradeVenue;
  /** A single-price auction fill (see auction.ts): counted apart from buy/sell and delta. */
  auction: boolean;
}
