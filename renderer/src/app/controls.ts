// The control bar: code, date, bars, rows, imbalance, cells, venue, colours, big-print threshold and
// language. It only reports changes; the app decides what to reload and persists the choices.
import { text, type Lang, type TextKey } from '../ui/i18n.ts';
import { ROW_TICKS, type BarKind } from '../../../electron/shared/footprint/index.ts';
import { el } from '../ui/dom.ts';
import { createBigPrintBox } from './big-print-box.ts';
import { validImbalanceRatio } from './pref-limits.ts';
import { barSizeLabel, button, dateLabel, fill, labelled, numberBox, offeredDates, rowLabel, select } from './control-widgets.ts';
import { BAR_SIZES, CELL_MODES, PALETTES, PROFILES, VENUES, type Prefs } from './prefs.ts';

export interface Controls {
  /** Shows prefs (after a load or an outside change); `liveDate` is the feed's day. */
  show(p: Prefs, liveDate: string | null): void;
  setCodes(codes: readonly { code: string; name: string | null }[]): void;
  /** The recorded days of `code`, newest first (YYYYMMDD). */
  setDays(code: string, dates: readonly string[]): void;
  setLang(lang: Lang): void;
  /** The feed replays a recorded day: the feed's day is labelled as a replay, not as live. */
  setReplay(replay: boolean): void;
  /**
   * Off while the server is unreachable: the choices that load other bars could not apply, and the
   * box would show a setting the chart is not showing.
   */
  setEnabled(enabled: boolean): void;
  /** The big-print threshold in effect for the chart shown (null while unknown); `auto` when it is the day's default. */
  setBigPrintThreshold(min: number | null, auto: boolean): void;
}

const BAR_KINDS: readonly BarKind[] = ['time', 'tick', 'volume', 'range'];
const BAR_KIND_KEY: Record<BarKind, TextKey> = { time: 'barTime', tick: 'barTick', volume: 'barVolume', range: 'barRange' };
const CELL_KEY: Record<(typeof CELL_MODES)[number], TextKey> = {
  bidask: 'cellBidAsk',
  delta: 'cellDelta',
  volume: 'cellVolume',
  trades: 'cellTrades',
  profile: 'cellProfile',
};
const PROFILE_KEY: Record<(typeof PROFILES)[number], TextKey> = { visible: 'profileVisible', session: 'profileSession', off: 'profileOff' };

/** `langHost` receives the language toggle (it sits in the header, beside the feed badge). */
export function createControls(host: HTMLElement, langHost: HTMLElement, initialLang: Lang, onChange: (p: Partial<Prefs>) => void): Controls {
  let lang = initialLang;
  let replay = false;
  let prefs: Prefs | null = null;
  let liveDate: string | null = null;
  let codes: readonly { code: string; name: string | null }[] = [];
  let days: { code: string; dates: readonly string[] } = { code: '', dates: [] };
  /** What the date list offers now, newest first: ◀ ▶ step through it. */
  let offered: string[] = [];
  let enabled = true;
  host.classList.add('controls');

  const code = select('code');
  const prevDay = button('prevDay', '◀');
  const date = select('date');
  const nextDay = button('nextDay', '▶');
  const barKind = select('barKind');
  const barSize = select('barSize');
  const row = select('rowTicks');
  // The spin buttons step from `min`: 1.5 keeps them on round values (3 → 3.5). Smaller values can still be typed.
  const imbalance = numberBox('imbalanceRatio', 1.5, 0.5);
  const cell = select('cellMode');
  const venue = select('venue');
  const palette = select('palette');
  const profile = select('profile');
  const large = createBigPrintBox(() => prefs, onChange);
  const langBtn = button('lang', '');

  const dateBox = el('span', 'date-box');
  dateBox.append(prevDay, date, nextDay);
  host.append(
    labelled('code', code),
    labelled('date', dateBox),
    labelled('bar', barKind),
    labelled('size', barSize),
    labelled('row', row),
    labelled('imbalance', imbalance),
    labelled('cellMode', cell),
    labelled('venue', venue),
    labelled('palette', palette),
    labelled('profile', profile),
    labelled('largeTrade', large.element),
  );
  langBtn.className = 'lang-toggle';
  langHost.appendChild(langBtn);

  code.addEventListener('change', () => onChange({ code: code.value }));
  // The live day is stored as null, so the chart keeps following the feed into the next day.
  const pickDate = (d: string): void => onChange({ date: d === liveDate ? null : d });
  date.addEventListener('change', () => pickDate(date.value));
  /** `step` 1 is the next older day in the list, -1 the next newer. */
  const stepDay = (step: 1 | -1): void => {
    const d = offered[offered.indexOf(date.value) + step];
    if (d !== undefined) pickDate(d);
  };
  prevDay.addEventListener('click', () => stepDay(1));
  nextDay.addEventListener('click', () => stepDay(-1));
  barKind.addEventListener('change', () => {
    const kind = barKind.value as BarKind;
    onChange({ barKind: kind, barSize: kind === 'time' ? 60 : BAR_SIZES[kind][1] });
  });
  barSize.addEventListener('change', () => onChange({ barSize: Number(barSize.value) }));
  row.addEventListener('change', () => onChange({ rowTicks: Number(row.value) }));
  // A value the chart cannot use goes back to the one in effect, so the box never shows a setting that is not applied.
  imbalance.addEventListener('change', () => {
    const v = Number(imbalance.value);
    if (validImbalanceRatio(v)) onChange({ imbalanceRatio: v });
    else render();
  });
  cell.addEventListener('change', () => onChange({ cellMode: cell.value as Prefs['cellMode'] }));
  venue.addEventListener('change', () => onChange({ venue: venue.value as Prefs['venue'] }));
  palette.addEventListener('change', () => onChange({ palette: palette.value as Prefs['palette'] }));
  profile.addEventListener('change', () => onChange({ profile: profile.value as Prefs['profile'] }));
  langBtn.addEventListener('click', () => onChange({ lang: lang === 'ko' ? 'en' : 'ko' }));

  const render = (): void => {
    for (const s of host.querySelectorAll<HTMLElement>('.control-label')) s.textContent = text(lang, s.dataset.key as TextKey);
    langBtn.textContent = text(lang, 'lang');
    prevDay.title = text(lang, 'prevDay');
    nextDay.title = text(lang, 'nextDay');
    if (!prefs) return;
    const p = prefs;
    const codeList = codes.some((c) => c.code === p.code) || p.code === '' ? codes : [...codes, { code: p.code, name: null }];
    fill(code, codeList.map((c) => ({ value: c.code, label: c.name ? `${c.code} ${c.name}` : c.code })), p.code);
    const shown = p.date ?? liveDate;
    offered = offeredDates(days.code === p.code ? days.dates : [], liveDate, shown);
    const liveTag = text(lang, replay ? 'replayDay' : 'liveDay');
    fill(date, offered.map((d) => ({ value: d, label: d === liveDate ? `${dateLabel(d)} ${liveTag}` : dateLabel(d) })), shown ?? '');
    const at = offered.indexOf(date.value);
    prevDay.disabled = !enabled || at < 0 || at === offered.length - 1;
    nextDay.disabled = !enabled || at <= 0;
    for (const c of [code, date, barKind, barSize, row, venue]) {
      c.disabled = !enabled;
      c.title = enabled ? '' : text(lang, 'disabledWhileDown');
    }
    fill(barKind, BAR_KINDS.map((k) => ({ value: k, label: text(lang, BAR_KIND_KEY[k]) })), p.barKind);
    const sizes = BAR_SIZES[p.barKind].includes(p.barSize) ? BAR_SIZES[p.barKind] : [...BAR_SIZES[p.barKind], p.barSize].sort((a, b) => a - b);
    fill(barSize, sizes.map((s) => ({ value: String(s), label: barSizeLabel(p.barKind, s, lang) })), String(p.barSize));
    fill(row, ROW_TICKS.map((r) => ({ value: String(r), label: rowLabel(r, lang) })), String(p.rowTicks));
    imbalance.value = String(p.imbalanceRatio);
    fill(cell, CELL_MODES.map((m) => ({ value: m, label: text(lang, CELL_KEY[m]) })), p.cellMode);
    fill(venue, VENUES.map((v) => ({ value: v, label: v === 'all' ? text(lang, 'venueAll') : v })), p.venue);
    palette.title = text(lang, 'paletteHint');
    fill(palette, PALETTES.map((v) => ({ value: v, label: text(lang, v === 'korean' ? 'paletteKorean' : 'paletteWestern') })), p.palette);
    fill(profile, PROFILES.map((v) => ({ value: v, label: text(lang, PROFILE_KEY[v]) })), p.profile);
    large.show(p, lang);
  };

  return {
    show(p, d) {
      prefs = p;
      liveDate = d;
      render();
    },
    setCodes(list) {
      codes = list;
      render();
    },
    setDays(c, dates) {
      days = { code: c, dates };
      render();
    },
    setLang(l) {
      lang = l;
      render();
    },
    setReplay(r) {
      if (r === replay) return;
      replay = r;
      render();
    },
    setEnabled(on) {
      if (on === enabled) return;
      enabled = on;
      render();
    },
    setBigPrintThreshold: (min, auto) => large.setThreshold(min, auto),
  };
}
