// Vertical extent of a footprint row in price units. A row's `price` is its lower bound on the KRX
// tick grid; it is drawn centred on the middle of the ticks it holds and reaches half-way to its
// neighbours, so rows tile without overlap even where the tick size changes (e.g. at 50,000 won).
import { nextRowDown, nextRowUp, tickSize } from '../../../electron/shared/tick-size.ts';

/** Price at the visual centre of a row of `rowTicks` ticks starting at `price`. */
export function rowCenter(price: number, rowTicks: number): number {
  return price + ((rowTicks - 1) * tickSize(price)) / 2;
}

export interface RowBounds {
  low: number;
  high: number;
}

export function rowBounds(price: number, rowTicks: number): RowBounds {
  const c = rowCenter(price, rowTicks);
  const up = rowCenter(nextRowUp(price, rowTicks), rowTicks);
  const down = rowCenter(nextRowDown(price, rowTicks), rowTicks);
  return { low: (c + down) / 2, high: (c + up) / 2 };
}
