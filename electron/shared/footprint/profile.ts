// Point of control and value area of a set of price rows.
import type { FootprintRow } from './bar.ts';

export interface ValueArea {
  poc: number;
  vah: number;
  val: number;
}

function rowVolume(r: FootprintRow): number {
  return r.buy + r.sell + r.auction;
}

/**
 * POC = the row with the most volume (ties: the higher row). The value area grows from the POC one
 * row at a time towards the larger neighbour (ties: upwards) until it holds `share` of the volume.
 * Rows must be sorted by price descending; rows absent from the list hold no volume, so skipping
 * them does not change the result.
 */
export function valueArea(rows: readonly FootprintRow[], share = 0.7): ValueArea {
  if (rows.length === 0) return { poc: 0, vah: 0, val: 0 };
  let total = 0;
  let pocIdx = 0;
  let pocVol = -1;
  for (let i = 0; i < rows.length; i++) {
    const v = rowVolume(rows[i]!);
    total += v;
    if (v > pocVol) {
      pocVol = v;
      pocIdx = i;
    }
  }
  const target = total * share;
  let acc = pocVol;
  let up = pocIdx - 1;
  let down = pocIdx + 1;
  while (acc < target && (up >= 0 || down < rows.length)) {
    const vu = up >= 0 ? rowVolume(rows[up]!) : -1;
    const vd = down < rows.length ? rowVolume(rows[down]!) : -1;
    if (vu >= vd) {
      acc += vu;
      up--;
    } else {
      acc += vd;
      down++;
    }
  }
  return { poc: rows[pocIdx]!.price, vah: rows[up + 1]!.price, val: rows[down - 1]!.price };
}
