// A fixed-capacity ring of the newest items: the tape's only store of trades, so a page left open
// all day holds at most `capacity` of them however busy the market is.

export class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private pushed = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Items pushed since the last clear; the n-th push (from 0) is the item with sequence number n. */
  get total(): number {
    return this.pushed;
  }

  push(item: T): void {
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.pushed++;
  }

  /** The i-th newest item (0 = newest). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head - 1 - i + this.capacity * 2) % this.capacity];
  }

  /** The item with sequence number `seq`, while the ring still holds it. */
  bySeq(seq: number): T | undefined {
    return this.at(this.pushed - 1 - seq);
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.pushed = 0;
  }
}
