// Which print each pooled tape row shows. Rows keep their print while the list moves: a new print
// moves one row element from the bottom to the top instead of rewriting the text of every row, so
// a frame re-shapes only the text of the prints that came into view. Pure.

/** Prints shown top to bottom: sequence numbers newest, newest - 1, …, newest - count + 1. */
export interface RowSpan {
  newest: number;
  count: number;
}

/** Marks a hidden row. */
export const NO_PRINT = -1;
/** Marks a shown row whose print or labels are out of date (a reset, a language or threshold change). */
export const STALE = -2;

/**
 * The prints in a viewport scrolled `top` rows below the newest print, with room for `rows` rows,
 * when `total` prints have arrived and the newest `held` of them are kept.
 */
export function visibleSpan(total: number, held: number, top: number, rows: number): RowSpan {
  return { newest: total - 1 - top, count: Math.max(0, Math.min(rows, held - top)) };
}

export interface RowPlan {
  /** First move this many rows from the bottom to the top (negative: from the top to the bottom). */
  shift: number;
  /** Then these positions must show a different print (the one at `newest - position`). */
  writes: number[];
  /** And these positions, below the last print, must be hidden. */
  hides: number[];
}

/** Moves items from the end to the front (`shift` > 0) or from the front to the end (< 0), in place. */
export function rotate<T>(items: T[], shift: number): void {
  for (let s = shift; s > 0; s--) items.unshift(items.pop()!);
  for (let s = shift; s < 0; s++) items.push(items.shift()!);
}

/**
 * How to turn rows showing `shown` (a sequence number per row, top to bottom, or NO_PRINT / STALE)
 * into rows showing `next`, rewriting as few as possible. `shown` must have at least `next.count` rows.
 */
export function planRows(shown: readonly number[], next: RowSpan): RowPlan {
  const pool = shown.length;
  const k = shown.findIndex((s) => s >= 0);
  const delta = k < 0 ? 0 : next.newest - (shown[k]! + k);
  const shift = Math.abs(delta) < pool ? delta : 0;
  const rows = shown.slice();
  rotate(rows, shift);
  const writes: number[] = [];
  const hides: number[] = [];
  for (let p = 0; p < pool; p++) {
    if (p < next.count) {
      if (rows[p] !== next.newest - p) writes.push(p);
    } else if (rows[p] !== NO_PRINT) hides.push(p);
  }
  return { shift, writes, hides };
}
