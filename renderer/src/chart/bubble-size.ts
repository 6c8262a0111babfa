// How big a big print's bubble is: its area in proportion to the print's size against the threshold,
// its radius bounded by the bar spacing so zoomed-out bars are not buried. Pure.

/** Radius (CSS px) of a print of `qty` shares at threshold `min` when bars are `barSpacing` px apart. */
export function bubbleRadius(qty: number, min: number, barSpacing: number): number {
  const base = Math.min(9, Math.max(2.5, barSpacing * 0.15));
  const max = Math.min(40, Math.max(6, barSpacing * 0.6));
  return Math.min(max, base * Math.sqrt(Math.max(1, qty / Math.max(1, min))));
}
