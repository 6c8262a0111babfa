// The page's frame: banners, header, tabs, control bar, the chart area (the legend's and the fill's
// strips, then the chart in the height left) with the tape beside it, and the host of the other tabs' panels. Parts of
// the page are built into these hosts; anything drawn over the chart (messages, overlays) belongs in
// `chartWrap`, which is positioned for it and holds the chart only.
import { el } from '../ui/dom.ts';

export interface Layout {
  /** Shown while the feed is the demo. */
  demoBanner: HTMLDivElement;
  /** Shown while the desktop app serves on another port than configured. */
  portBanner: HTMLDivElement;
  /** Shown while the store cannot write trades (they reach the page only once written). */
  storeBanner: HTMLDivElement;
  /** Shown while watched codes are not recorded (below the store's banner: both can show). */
  recordingBanner: HTMLDivElement;
  headerHost: HTMLDivElement;
  tabs: HTMLElement;
  controlsHost: HTMLDivElement;
  /** The chart tab: chart area and tape. */
  main: HTMLDivElement;
  /** The legend's strip above the chart: it never lies over the bars. */
  legendHost: HTMLDivElement;
  /** The fill's strip (progress, incomplete day) between the legend and the chart: never over the bars either. */
  fillHost: HTMLDivElement;
  chartWrap: HTMLDivElement;
  chartHost: HTMLDivElement;
  /** The chart's one-line state (loading, empty, failed), over the chart. */
  message: HTMLDivElement;
  tapeHost: HTMLDivElement;
  /** Holds the other tabs' panels. */
  panelHost: HTMLDivElement;
}

function div(cls: string, parent: HTMLElement): HTMLDivElement {
  return parent.appendChild(el('div', cls));
}

export function buildLayout(root: HTMLElement): Layout {
  root.className = 'app';
  const demoBanner = div('demo-banner', root);
  demoBanner.hidden = true;
  const portBanner = div('port-banner', root);
  portBanner.hidden = true;
  const storeBanner = div('store-banner', root);
  storeBanner.hidden = true;
  storeBanner.setAttribute('role', 'alert');
  const recordingBanner = div('recording-banner', root);
  const headerHost = div('', root);
  const tabs = root.appendChild(el('nav', 'tabs'));
  const controlsHost = div('', root);
  const main = div('main', root);
  const chartColumn = div('chart-column', main);
  const legendHost = div('legend-host', chartColumn);
  const fillHost = div('fill-host', chartColumn);
  const chartWrap = div('chart-wrap', chartColumn);
  const chartHost = div('chart-host', chartWrap);
  const message = div('chart-message', chartWrap);
  const tapeHost = div('', main);
  const panelHost = div('panel-host', root);
  panelHost.hidden = true;
  return { demoBanner, portBanner, storeBanner, recordingBanner, headerHost, tabs, controlsHost, main, legendHost, fillHost, chartWrap, chartHost, message, tapeHost, panelHost };
}
