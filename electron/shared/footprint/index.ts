// Footprint aggregation shared by the server (history, cached per day) and the renderer (live).
export type { FootprintBar, FootprintRow } from './bar.ts';
export { FootprintBuilder, type FootprintOptions } from './builder.ts';
export type { FootprintTrade, TradeVenue } from './trade.ts';
export {
  classifyAuction,
  decodeAuctionState,
  encodeAuctionState,
  newAuctionState,
  tickFromRecord,
  type AuctionState,
} from './auction.ts';
export {
  ROW_TICKS,
  formatBarSpec,
  parseBarSpec,
  parseRowTicks,
  parseVenue,
  type BarKind,
  type BarSpec,
  type RowTicks,
  type VenueFilter,
} from './spec.ts';
export { valueArea, type ValueArea } from './profile.ts';
export {
  diagonalImbalances,
  nakedPocs,
  stackedImbalances,
  unfinishedAuction,
  type FlowSide,
  type Imbalance,
  type ImbalanceOptions,
  type PocStatus,
  type StackedZone,
  type UnfinishedAuction,
} from './analysis.ts';
