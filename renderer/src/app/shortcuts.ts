// The chart's keys: End (live edge), Home (session start), + / - (zoom), ← / → (pan), 1–9 (bar
// presets; Shift stores the bars shown), ? (help), Escape (closes help). Keys typed into a box or a
// list, or while another tab is shown, are left alone.
import type { ChartNavigation } from '../chart/navigation.ts';
import { readBarPresets, withBarPreset, type BarPreset } from './bar-presets.ts';
import type { HelpOverlay } from './help-overlay.ts';

const PRESETS_KEY = 'footprint.barPresets.v1';

export interface ShortcutTarget {
  nav: ChartNavigation;
  /** The chart tab is shown and its bars can be changed (the server is reachable). */
  chartShown(): boolean;
  canChangeBars(): boolean;
  currentBars(): BarPreset;
  applyBars(p: BarPreset): void;
}

export interface Shortcuts {
  presets(): readonly BarPreset[];
  /** The help overlay to toggle (built after, since it lists the presets). */
  attachHelp(help: HelpOverlay): void;
}

function loadPresets(): BarPreset[] {
  try {
    return readBarPresets(JSON.parse(localStorage.getItem(PRESETS_KEY) ?? 'null'));
  } catch {
    return readBarPresets(null);
  }
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

export function installShortcuts(t: ShortcutTarget): Shortcuts {
  let presets = loadPresets();
  let help: HelpOverlay | null = null;

  const digit = (e: KeyboardEvent): void => {
    const slot = Number(e.code.slice(5)) - 1;
    if (e.shiftKey) {
      presets = withBarPreset(presets, slot, t.currentBars());
      try {
        localStorage.setItem(PRESETS_KEY, JSON.stringify(presets));
      } catch {
        // Storage off: the preset holds for this page only.
      }
      help?.refresh();
    } else if (t.canChangeBars()) t.applyBars(presets[slot]!);
  };

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !t.chartShown()) return;
    const { nav } = t;
    if (e.key === '?') help?.toggle();
    else if (e.key === 'Escape') help?.close();
    else if (e.key === 'End') nav.toLive();
    else if (e.key === 'Home') nav.toStart();
    else if (e.key === '+' || e.key === '=') nav.zoom(1);
    else if (e.key === '-' || e.key === '_') nav.zoom(-1);
    else if (e.key === 'ArrowLeft') nav.pan(-1);
    else if (e.key === 'ArrowRight') nav.pan(1);
    else if (/^Digit[1-9]$/.test(e.code)) digit(e);
    else return;
    e.preventDefault();
  });

  return {
    presets: () => presets,
    attachHelp: (h) => (help = h),
  };
}
