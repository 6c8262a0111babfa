// Moving through the day: to the live edge, to the session start, zoom and pan by steps, and the
// rule that the newest bar is never left under the right-edge profile. The time scale counts its
// scroll position in bars from the newest one; the room the profile needs is in pixels, so it is
// converted at the current bar spacing whenever the view settles (after a wheel zoom, a drag, a load).
import type { IChartApi, Logical } from 'lightweight-charts';

export interface ChartNavigation {
  /** Newest bar at the right, clear of the profile. */
  toLive(): void;
  /** The day's first bar at the left, zoom unchanged. */
  toStart(): void;
  /** One zoom step in (1) or out (-1), keeping the live edge when the view is on it. */
  zoom(step: 1 | -1): void;
  /** A quarter of the view into history (-1) or towards the newest bar (1). */
  pan(step: 1 | -1): void;
  /** The newest bar is on screen and clear of the profile. */
  atLiveEdge(): boolean;
  /** Told when the view leaves or reaches the live edge. */
  onEdge(cb: (atLive: boolean) => void): void;
  /** Where the newest bar's right side is and where the profile starts (CSS px from the pane's left). */
  geometry(): { newestRight: number; clearUntil: number; barSpacing: number } | null;
}

const ZOOM_STEP = 1.25;
/** Air between the newest bar and the profile (CSS px). */
const AIR_PX = 8;
/** How long the view must rest before the profile rule moves it (ms): never in the middle of a gesture. */
const SETTLE_MS = 150;

/**
 * `reservePx(paneWidth)` is the strip the right edge keeps for the profile; `barCount()` the bars
 * shown. `pointerHost` is the chart's element: while a pointer is down, the view is not moved.
 */
export function createNavigation(chart: IChartApi, pointerHost: HTMLElement, reservePx: (paneWidth: number) => number, barCount: () => number): ChartNavigation {
  const ts = chart.timeScale();
  const listeners: ((atLive: boolean) => void)[] = [];
  let lastEdge = true;
  let pointerDown = false;
  /** Home asked for the session start: the view stays there even if the newest bar ends under the profile. */
  let hold = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * The spacing the last zoom step asked for, until the view rests: the scale applies it on its next
   * frame, so a key repeated within one frame must step from it, not from the spacing still drawn.
   */
  let asked: number | null = null;
  /**
   * Zoom steps began on the live edge: the view goes back there once it rests. Steps drawn in fewer
   * frames than keys were pressed (a busy machine) measure a stale view, so no single step can tell.
   */
  let follow = false;

  const spacing = (): number => {
    const r = ts.getVisibleLogicalRange();
    const w = ts.width();
    return r === null || r.to <= r.from || w <= 0 ? 0 : w / (r.to - r.from);
  };
  /** The bar spacing itself: the visible range is rounded out to whole bars, so `spacing()` stops a long scroll short. */
  const exactSpacing = (): number => {
    const a = ts.logicalToCoordinate(0 as Logical);
    const b = ts.logicalToCoordinate(1 as Logical);
    return a === null || b === null ? 0 : b - a;
  };
  /** The newest bar's centre and half width, and where the strip kept for the profile starts (CSS px). */
  const newest = (): { x: number; half: number; clearUntil: number } | null => {
    const n = barCount();
    if (n === 0) return null;
    const w = ts.width();
    // No coordinate: the scale has not placed the bar (it is far off screen, right of the view).
    const x = ts.logicalToCoordinate((n - 1) as Logical) ?? 2 * w;
    return { x, half: spacing() / 2, clearUntil: w - reservePx(w) };
  };
  /** Scroll by `px` to the left (positive) or right; the position counts bars, so pixels are converted. */
  const shiftBy = (px: number, s = spacing()): void => {
    if (s > 0) ts.scrollToPosition(ts.scrollPosition() + px / s, false);
  };
  const atLiveEdge = (): boolean => {
    const b = newest();
    return b === null || b.x + b.half <= b.clearUntil + 0.5;
  };

  const toLive = (): void => {
    hold = false;
    const b = newest();
    // From far in history the rounding of `spacing()` adds up to bars.
    if (b !== null) shiftBy(b.x + b.half - (b.clearUntil - AIR_PX), b.x > ts.width() ? exactSpacing() : spacing());
  };

  const checkEdge = (): void => {
    const edge = atLiveEdge();
    if (edge === lastEdge) return;
    lastEdge = edge;
    for (const cb of listeners) cb(edge);
  };

  const settle = (): void => {
    asked = null;
    const back = follow;
    follow = false;
    // Asked again once the view rests: inside the range event the scale may not have placed the bars yet.
    checkEdge();
    if (pointerDown || hold) return;
    const b = newest();
    // Zoomed from the live edge, or the newest bar wholly on screen but (partly) under the profile: move it
    // clear. Strictly: the edge state forgives half a pixel of rounding, a resting view does not.
    if (b !== null && (back || b.x + b.half <= ts.width()) && b.x + b.half > b.clearUntil) toLive();
  };

  ts.subscribeVisibleLogicalRangeChange(() => {
    checkEdge();
    clearTimeout(timer);
    timer = setTimeout(settle, SETTLE_MS);
  });
  pointerHost.addEventListener('pointerdown', () => {
    pointerDown = true;
    hold = false;
    asked = null;
    follow = false;
  });
  pointerHost.addEventListener(
    'wheel',
    () => {
      hold = false;
      asked = null;
      follow = false;
    },
    { passive: true },
  );
  window.addEventListener('pointerup', () => {
    if (!pointerDown) return;
    pointerDown = false;
    clearTimeout(timer);
    timer = setTimeout(settle, SETTLE_MS);
  });

  return {
    toLive,
    toStart() {
      const r = ts.getVisibleLogicalRange();
      if (r === null) return;
      hold = true;
      follow = false;
      ts.setVisibleLogicalRange({ from: -0.5, to: -0.5 + (r.to - r.from) });
    },
    zoom(step) {
      hold = false;
      const s = asked ?? spacing();
      if (s <= 0) return;
      follow ||= atLiveEdge();
      asked = step > 0 ? s * ZOOM_STEP : s / ZOOM_STEP;
      // The scale keeps its right offset in pixels across a spacing change: the view zooms about its right edge.
      ts.applyOptions({ barSpacing: asked });
      if (follow) toLive();
    },
    pan(step) {
      hold = false;
      follow = false;
      const r = ts.getVisibleLogicalRange();
      const b = newest();
      if (r === null || b === null) return;
      const quarter = ((r.to - r.from) / 4) * spacing();
      const w = ts.width();
      // Into history, the first step takes the newest bar off screen (a half-hidden newest bar would be
      // moved back clear of the profile); towards now, the walk stops at the live edge.
      if (step < 0) shiftBy(-Math.max(quarter, w + 2 * b.half - b.x));
      else if (b.x + b.half > b.clearUntil) shiftBy(Math.min(quarter, b.x + b.half - (b.clearUntil - AIR_PX)));
    },
    atLiveEdge,
    onEdge: (cb) => listeners.push(cb),
    geometry() {
      const b = newest();
      return b && { newestRight: b.x + b.half, clearUntil: b.clearUntil, barSpacing: exactSpacing() };
    },
  };
}
