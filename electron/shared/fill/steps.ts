// Walks over a whole day (100,000 lines and more) are generators that pause every STEP items, so the
// server can run them in slices between live trades (`runSliced`, electron/turns.ts; docs/backfill.md,
// "Live latency during a fill"). Pure: a caller with nothing to let through runs them to the end at once.

/** Items walked between two pauses. */
export const STEP = 512;
