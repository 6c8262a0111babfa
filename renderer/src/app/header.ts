// The header: code and name, last price with its change, day volume, CVD, and the feed badge.
// Figures come from the bars on screen (the chosen venue), so header and chart always agree.
import type { FootprintBar } from '../../../electron/shared/footprint/index.ts';
import { text, textWith, type Lang } from '../ui/i18n.ts';
import type { FeedLabel } from './feed-state.ts';
import { el } from '../ui/dom.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { signedGroup } from '../chart/format.ts';

export interface Header {
  setStock(code: string, name: string | null): void;
  /** The price the change is measured from (today's 기준가); null: the first bar's open. */
  setReference(price: number | null): void;
  /** `dayLast`: the day's last price on any venue, shown while the chosen venue has no bars. */
  setBars(bars: readonly FootprintBar[], dayLast?: number | null): void;
  setFeed(label: FeedLabel): void;
  setLang(lang: Lang): void;
}

export function createHeader(host: HTMLElement, initialLang: Lang): Header {
  let lang = initialLang;
  let lastBars: readonly FootprintBar[] = [];
  let dayLast: number | null = null;
  let reference: number | null = null;
  /** null: the lookup found no name (worded in the current language when shown). */
  let stockName: string | null = '';
  host.classList.add('header');

  const stock = el('span', 'stock');
  const code = el('span', 'stock-code');
  const name = el('span', 'stock-name');
  stock.append(code, name);
  const price = el('span', 'price');
  const change = el('span', 'change');
  const stats = el('span', 'stats');
  const badge = el('span', 'feed-badge');
  // The recording began well after the open: the figures beside it count from there.
  const lateStart = el('span', 'late-start');
  lateStart.dataset.testid = 'late-start';
  lateStart.hidden = true;
  host.append(stock, price, change, lateStart, stats, badge);

  // Built once; a live update only rewrites the numbers.
  const stat = (): { label: HTMLSpanElement; value: HTMLSpanElement } => {
    const s = el('span', 'stat');
    const label = el('span', 'stat-label');
    const value = el('span', 'stat-value');
    s.append(label, value);
    stats.append(s);
    return { label, value };
  };
  const volumeStat = stat();
  const cvdStat = stat();
  const tradesStat = stat();

  const showName = (): void => {
    name.textContent = stockName ?? text(lang, 'unknownName');
  };

  const render = (): void => {
    volumeStat.label.textContent = text(lang, 'dayVolume');
    cvdStat.label.textContent = text(lang, 'cvd');
    tradesStat.label.textContent = text(lang, 'trades');
    const bars = lastBars;
    if (bars.length === 0) {
      // The venue shown has no trades, but the day has: its price stays, its figures (per venue) do not.
      price.textContent = dayLast === null ? '—' : groupThousands(dayLast);
      price.className = 'price';
      change.textContent = '';
      for (const s of [volumeStat, cvdStat, tradesStat]) s.value.textContent = '—';
      cvdStat.value.className = 'stat-value';
      lateStart.hidden = true;
      return;
    }
    const late = lateStartOf(bars[0]);
    lateStart.hidden = late === null;
    if (late !== null) {
      lateStart.textContent = textWith(lang, 'lateStart', { time: late });
      lateStart.title = textWith(lang, 'lateStartHint', { time: late });
    }
    let volume = 0;
    let trades = 0;
    for (const b of bars) {
      volume += b.volume;
      trades += b.trades;
    }
    const cvd = bars[bars.length - 1].cvd;
    const base = reference ?? bars[0].open;
    const last = bars[bars.length - 1].close;
    const diff = last - base;
    const dir = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
    price.textContent = groupThousands(last);
    price.className = `price ${dir}`;
    const pct = base > 0 ? (diff / base) * 100 : 0;
    const arrow = diff > 0 ? '▲' : diff < 0 ? '▼' : '';
    change.textContent = `${arrow}${groupThousands(Math.abs(diff))} (${diff >= 0 ? '+' : '-'}${Math.abs(pct).toFixed(2)}%) ${text(lang, reference !== null ? 'changeVsPrev' : late !== null ? 'changeVsFirst' : 'changeVsOpen')}`;
    change.className = `change ${dir}`;
    volumeStat.value.textContent = groupThousands(volume);
    cvdStat.value.textContent = signedGroup(cvd);
    cvdStat.value.className = `stat-value ${cvd > 0 ? 'up' : cvd < 0 ? 'down' : ''}`;
    tradesStat.value.textContent = groupThousands(trades);
  };

  return {
    setStock(c, n) {
      code.textContent = c;
      stockName = n;
      showName();
    },
    setReference(price) {
      reference = price;
      render();
    },
    setBars(bars, last = null) {
      lastBars = bars;
      dayLast = last;
      render();
    },
    setFeed(label) {
      badge.textContent = label.text;
      badge.className = `feed-badge ${label.tone}`;
    },
    setLang(l) {
      lang = l;
      showName();
      render();
    },
  };
}


/** Later than this (HHMMSS KST), a day's first recorded trade means its morning is missing. */
const LATE_AFTER = '090500';

/** "10:12" when the day's first recorded trade came well after the 09:00 open, else null. */
function lateStartOf(first: FootprintBar): string | null {
  return first.start > LATE_AFTER ? `${first.start.slice(0, 2)}:${first.start.slice(2, 4)}` : null;
}
