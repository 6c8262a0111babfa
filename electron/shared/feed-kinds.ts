// A feed's kind and connection state as they travel in GET / and /ws status frames: the collector
// reports them, the configuration chooses the kind, and the page reads both.
export const FEED_KINDS = ['ls', 'demo', 'replay'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const CONNECTION_STATES = ['connecting', 'open', 'reconnecting', 'stopped'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];
