// Long work in the server process (a fill's merge over a whole day, a time-and-sales answer of thousands
// of rows) must not hold live trades back: loops give the event loop a turn whenever they have run for a
// few milliseconds (docs/backfill.md, "Live latency during a fill"). Globals only, like log.ts, so every
// server-side layer can use the one rule.

const SLICE_MS = 0.5;

/** Lets pending I/O (live trades, /ws writes) run before the caller goes on. */
export function nextTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Tracks the current slice of a long loop; `due()` is cheap enough to ask on every item. */
export class Slicer {
  #since = performance.now();
  #n = 0;

  /** True when the slice is used up (the clock is read every 32 calls). */
  due(): boolean {
    return (++this.#n & 31) === 0 && performance.now() - this.#since > SLICE_MS;
  }

  /** Gives the event loop a turn, then starts a new slice. */
  async pause(): Promise<void> {
    await nextTurn();
    this.#since = performance.now();
  }
}

/** Runs a generator that yields at safe points, giving the event loop a turn between slices. */
export async function runSliced<T>(steps: Generator<void, T>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since > SLICE_MS) {
      await nextTurn();
      since = performance.now();
    }
  }
}
