// The mount point for pages other modules add beside the chart (the watchlist editor in
// `renderer/src/watchlist/`, the settings page in `renderer/src/settings/`). Such a module calls
// `registerPanel` when imported (main.ts imports `watchlist/index.ts` and `settings/index.ts`
// when they exist); the app shows each panel as a tab and gives it an `AppContext`.
import type { LiveConnection } from '../data/live.ts';
import type { Lang } from '../ui/i18n.ts';
import type { Prefs } from './prefs.ts';

export interface AppContext {
  /** The current choices (code, date, bars, rows, display, language). */
  prefs(): Readonly<Prefs>;
  /** Changes choices as the control bar would (persisted, chart reloaded when needed). */
  updatePrefs(change: Partial<Prefs>): void;
  /** Called after every change of prefs; returns an unsubscribe function. */
  onPrefs(cb: (p: Readonly<Prefs>) => void): () => void;
  /** Re-reads /api/watchlist (after the panel added, removed or reordered codes). */
  refreshWatchlist(): Promise<void>;
  /** Switches to the chart tab, optionally to another code. */
  showChart(code?: string): void;
  /**
   * The page's one /ws connection: a panel subscribes to it (`open` now and after every reconnect, to
   * re-read what may have been missed; `message` for every trade and status frame).
   */
  live: LiveConnection;
}

export interface PanelDef {
  /** Stable id, e.g. 'watchlist' or 'settings'. */
  id: string;
  title: Record<Lang, string>;
  /** Builds the panel into `host` (first time its tab opens); returns a cleanup function. */
  mount(host: HTMLElement, ctx: AppContext): () => void;
}

const panels: PanelDef[] = [];
const listeners = new Set<(p: PanelDef) => void>();

export function registerPanel(def: PanelDef): void {
  if (panels.some((p) => p.id === def.id)) throw new Error(`panel already registered: ${def.id}`);
  panels.push(def);
  for (const l of listeners) l(def);
}

/** Panels registered so far, and a callback for later ones (used by the app shell). */
export function watchPanels(cb: (p: PanelDef) => void): void {
  for (const p of panels) cb(p);
  listeners.add(cb);
}
