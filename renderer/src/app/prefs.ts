// The trader's choices (code, date, bars, rows, display), kept in localStorage so a reload or the
// next session opens the same chart. Stored values are validated field by field: a stale or
// hand-edited entry falls back to the default for that field only.
import { isValidYmd } from '../../../electron/shared/kst.ts';
import { isValidCode } from '../../../electron/shared/trade.ts';
import { formatBarSpec, parseBarSpec, ROW_TICKS, type BarKind, type VenueFilter } from '../../../electron/shared/footprint/index.ts';
import type { CellMode, PaletteName, ProfileRange } from '../chart/index.ts';
import type { Lang } from '../ui/i18n.ts';
import { validImbalanceRatio, validLargeTrade } from './pref-limits.ts';

export interface Prefs {
  code: string;
  /** YYYYMMDD of a recorded day, or null for the feed's day (live). */
  date: string | null;
  barKind: BarKind;
  /** Seconds for time bars, trades / shares / ticks for the others. */
  barSize: number;
  rowTicks: number;
  imbalanceRatio: number;
  cellMode: CellMode;
  venue: VenueFilter;
  palette: PaletteName;
  profile: ProfileRange;
  lang: Lang;
  /**
   * Big-print thresholds the trader set, by code (shares): prints of at least this many are drawn as
   * bubbles and highlighted in the tape. A code without one uses its day's default (docs/big-prints.md).
   */
  bigPrints: Readonly<Record<string, number>>;
  /** A live big print sounds a tone. */
  bigPrintSound: boolean;
  /** A live big print shows a desktop notification. */
  bigPrintNotify: boolean;
  /** The chart's legend is shown. */
  legend: boolean;
}

const DEFAULT_PREFS: Prefs = {
  code: '',
  date: null,
  barKind: 'time',
  barSize: 60,
  rowTicks: 1,
  imbalanceRatio: 3,
  cellMode: 'bidask',
  venue: 'all',
  palette: 'korean',
  profile: 'visible',
  lang: 'ko',
  bigPrints: {},
  bigPrintSound: false,
  bigPrintNotify: false,
  legend: true,
};

/** Bar sizes offered per kind (time in seconds). */
export const BAR_SIZES: Record<BarKind, readonly number[]> = {
  time: [10, 15, 30, 60, 180, 300, 600, 900, 1800, 3600],
  tick: [50, 100, 200, 500, 1000],
  volume: [1_000, 5_000, 10_000, 50_000, 100_000],
  range: [2, 4, 6, 10, 20],
};

export const CELL_MODES: readonly CellMode[] = ['bidask', 'delta', 'volume', 'trades', 'profile'];
export const VENUES: readonly VenueFilter[] = ['all', 'KRX', 'NXT'];
export const PALETTES: readonly PaletteName[] = ['korean', 'western'];
export const PROFILES: readonly ProfileRange[] = ['visible', 'session', 'off'];

const KEY = 'footprint.prefs.v1';

function oneOf<T>(v: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(v as T) ? (v as T) : fallback;
}


/** The stored bar choice if the server would accept it, else the default. */
function barChoice(kind: unknown, size: unknown): Pick<Prefs, 'barKind' | 'barSize'> {
  try {
    const spec = parseBarSpec(`${String(kind)}:${String(size)}`);
    return { barKind: spec.kind, barSize: spec.size };
  } catch {
    return { barKind: DEFAULT_PREFS.barKind, barSize: DEFAULT_PREFS.barSize };
  }
}

/** The stored thresholds by code, each kept only when valid. */
function bigPrintChoices(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [code, min] of Object.entries(v)) if (isValidCode(code) && typeof min === 'number' && validLargeTrade(min)) out[code] = min;
  return out;
}

/** `prefs.bigPrints` with `code`'s threshold set to `min`, or removed (the day's default) for null. */
export function withBigPrintMin(all: Readonly<Record<string, number>>, code: string, min: number | null): Record<string, number> {
  const next = { ...all };
  if (min === null) delete next[code];
  else next[code] = min;
  return next;
}

function sanitizePrefs(raw: unknown): Prefs {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const d = DEFAULT_PREFS;
  return {
    code: typeof o.code === 'string' && isValidCode(o.code) ? o.code : d.code,
    date: typeof o.date === 'string' && isValidYmd(o.date) ? o.date : null,
    ...barChoice(o.barKind, o.barSize),
    rowTicks: oneOf<number>(o.rowTicks, ROW_TICKS, d.rowTicks),
    imbalanceRatio: typeof o.imbalanceRatio === 'number' && validImbalanceRatio(o.imbalanceRatio) ? o.imbalanceRatio : d.imbalanceRatio,
    cellMode: oneOf(o.cellMode, CELL_MODES, d.cellMode),
    venue: oneOf(o.venue, VENUES, d.venue),
    palette: oneOf(o.palette, PALETTES, d.palette),
    profile: oneOf(o.profile, PROFILES, d.profile),
    lang: oneOf<Lang>(o.lang, ['ko', 'en'], d.lang),
    bigPrints: bigPrintChoices(o.bigPrints),
    bigPrintSound: o.bigPrintSound === true,
    bigPrintNotify: o.bigPrintNotify === true,
    legend: typeof o.legend === 'boolean' ? o.legend : d.legend,
  };
}

export function loadPrefs(): Prefs {
  try {
    return sanitizePrefs(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(p: Prefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // Storage full or disabled (private window): the choices simply do not persist.
  }
}

/** The `bar` parameter of /api/footprint. */
export function barSpec(p: Pick<Prefs, 'barKind' | 'barSize'>): string {
  return formatBarSpec({ kind: p.barKind, size: p.barSize });
}
