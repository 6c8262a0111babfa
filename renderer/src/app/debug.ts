// A read-only view of the chart's data for end-to-end tests and benchmarks (`window.__footprint`):
// they compare the page's bars with /api/footprint and wait for loads and paints. It hands out
// copies, so nothing outside can change what the chart shows.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import type { DrawnBubbles, PaintedMarks } from '../chart/index.ts';
import type { BigPrintsState } from './big-prints.ts';
import type { FeedSnapshot } from '../data/footprint-feed.ts';
import type { FootprintQuery } from '../../../electron/shared/wire.ts';
import type { ChartNavigation } from '../chart/navigation.ts';

export interface FootprintDebug {
  readonly query: FootprintQuery | null;
  readonly loaded: boolean;
  readonly loads: number;
  readonly lastSeq: number;
  /** Chart updates handed to the chart (setBars + updateBars calls). */
  readonly updates: number;
  /** performance.now() of the first frame painted after the latest load, or null before it. */
  readonly paintedAt: number | null;
  bars(): FootprintBar[];
  /** Labels of the missed-trade marks in the chart's latest paint. */
  gaps(): string[];
  /** Rows of the right-edge volume profile in the latest paint. */
  profileRows(): number;
  /** The view: on the live edge, the newest bar's right side and where the profile starts (CSS px). */
  view(): { atLive: boolean; newestRight: number; clearUntil: number } | null;
  /** What the chart's latest paint drew (numbers per bar, value areas, zone names). */
  marks(): PaintedMarks;
  /** The big prints: threshold in effect, prints known, and the bubbles of the latest paint. */
  bigPrints(): BigPrintsState & { drawn: DrawnBubbles };
}

export function installDebugHook(
  snapshot: () => FeedSnapshot,
  stats: () => { updates: number; paintedAt: number | null },
  gapLabels: () => readonly string[],
  profileRows: () => number,
  nav: ChartNavigation,
  marks: () => PaintedMarks,
  bigPrints: () => BigPrintsState & { drawn: DrawnBubbles },
): void {
  const hook: FootprintDebug = {
    get query() {
      const q = snapshot().query;
      return q ? { ...q } : null;
    },
    get loaded() {
      return snapshot().loaded;
    },
    get loads() {
      return snapshot().loads;
    },
    get lastSeq() {
      return snapshot().lastSeq;
    },
    get updates() {
      return stats().updates;
    },
    get paintedAt() {
      return stats().paintedAt;
    },
    bars: () => structuredClone(snapshot().bars as FootprintBar[]),
    gaps: () => [...gapLabels()],
    profileRows,
    view() {
      const g = nav.geometry();
      return g && { atLive: nav.atLiveEdge(), ...g };
    },
    marks,
    bigPrints,
  };
  Object.defineProperty(window, '__footprint', { value: Object.freeze(hook), configurable: false, writable: false });
}
