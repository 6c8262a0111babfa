// Time & sales beside the chart. Trades live in a ring (bounded memory); the DOM holds only the
// rows that fit the viewport (a virtualised list), so a burst of hundreds of prints per second
// costs one repaint of a few dozen rows per animation frame.
import { formatHms } from '../../../electron/shared/kst.ts';
import { text, type Lang } from '../app/i18n.ts';
import { Ring } from './ring.ts';

export interface TapeTrade {
  chetime: string;
  price: number;
  volume: number;
  side: '+' | '-';
  venue: string;
}

export interface Tape {
  /** Adds trades in arrival order (oldest first) and repaints once. */
  append(trades: readonly TapeTrade[]): void;
  /** Replaces the content (a new code or date). */
  reset(trades: readonly TapeTrade[]): void;
  setLargeThreshold(volume: number): void;
  setLang(lang: Lang): void;
  destroy(): void;
}

const ROW_PX = 18;
const CAPACITY = 5_000;
const NUM = new Intl.NumberFormat('ko-KR');

/** A print with its labels formatted once, when it arrives, rather than on every repaint. */
interface Line {
  time: string;
  price: string;
  volume: number;
  volumeText: string;
  buy: boolean;
  venue: string;
}

interface RowEls {
  row: HTMLDivElement;
  cells: HTMLSpanElement[];
  /** What the row shows now (null: hidden), so a repaint touches only rows whose print changed. */
  line: Line | null;
  cls: string;
}

/** Stands for "shown, but with outdated labels": equal to no real line. */
const STALE: Line = { time: '', price: '', volume: 0, volumeText: '', buy: false, venue: '' };

function toLine(t: TapeTrade): Line {
  return { time: formatHms(t.chetime), price: NUM.format(t.price), volume: t.volume, volumeText: NUM.format(t.volume), buy: t.side === '+', venue: t.venue };
}

export function createTape(host: HTMLElement, initialLang: Lang, initialLarge: number): Tape {
  const ring = new Ring<Line>(CAPACITY);
  let lang = initialLang;
  let large = initialLarge;
  let buyText = text(lang, 'buy');
  let sellText = text(lang, 'sell');

  host.classList.add('tape');
  const title = el('div', 'tape-title');
  const head = el('div', 'tape-row tape-head');
  const headCells = [0, 1, 2, 3, 4].map(() => head.appendChild(el('span', '')));
  const viewport = el('div', 'tape-viewport');
  const spacer = el('div', 'tape-spacer');
  // The visible rows sit in one block moved as a whole, so scrolling never restyles each row.
  const block = el('div', 'tape-block');
  viewport.append(spacer, block);
  host.append(title, head, viewport);

  const pool: RowEls[] = [];
  // Geometry is cached from events: reading it during a repaint would force a synchronous layout.
  let viewHeight = 0;
  let scrollTop = 0;
  let first = -1;
  const resize = new ResizeObserver(() => {
    viewHeight = viewport.clientHeight;
    render();
  });
  resize.observe(viewport);
  viewport.addEventListener('scroll', () => {
    scrollTop = viewport.scrollTop;
    render();
  });

  const rowEls = (i: number): RowEls => {
    while (pool.length <= i) {
      const row = el('div', 'tape-row');
      const cells = [0, 1, 2, 3, 4].map(() => row.appendChild(el('span', '')));
      block.appendChild(row);
      row.hidden = true;
      pool.push({ row, cells, line: null, cls: '' });
    }
    return pool[i];
  };

  const labels = (): void => {
    title.textContent = text(lang, 'tapeTitle');
    const keys = ['tapeTime', 'tapePrice', 'tapeSide', 'tapeVolume', 'tapeVenue'] as const;
    keys.forEach((k, i) => (headCells[i].textContent = text(lang, k)));
    buyText = text(lang, 'buy');
    sellText = text(lang, 'sell');
  };
  /** Makes the next repaint rewrite every visible row (labels or highlighting changed). */
  const invalidate = (): void => {
    for (const r of pool) if (r.line !== null) r.line = STALE;
  };

  function render(): void {
    spacer.style.height = `${ring.size * ROW_PX}px`;
    const top = Math.floor(scrollTop / ROW_PX);
    if (top !== first) {
      first = top;
      block.style.transform = `translateY(${top * ROW_PX}px)`;
    }
    const visible = Math.ceil(viewHeight / ROW_PX) + 1;
    let used = 0;
    for (; used < visible; used++) {
      const line = ring.at(top + used);
      if (!line) break;
      const r = rowEls(used);
      if (r.line === line) continue;
      if (r.line === null) r.row.hidden = false;
      r.line = line;
      const cls = `tape-row ${line.buy ? 'buy' : 'sell'}${line.volume >= large ? ' large' : ''}`;
      if (cls !== r.cls) r.row.className = r.cls = cls;
      r.cells[0].textContent = line.time;
      r.cells[1].textContent = line.price;
      r.cells[2].textContent = line.buy ? buyText : sellText;
      r.cells[3].textContent = line.volumeText;
      r.cells[4].textContent = line.venue;
    }
    for (let i = used; i < pool.length; i++) {
      if (pool[i].line === null) continue;
      pool[i].line = null;
      pool[i].row.hidden = true;
    }
  }

  labels();
  return {
    append(trades) {
      if (trades.length === 0) return;
      for (const t of trades) ring.push(toLine(t));
      // A trader scrolled down to read older prints keeps them in place (the tape pauses).
      if (scrollTop > 0) {
        spacer.style.height = `${ring.size * ROW_PX}px`;
        scrollTop = Math.min(scrollTop + Math.min(trades.length, ring.size) * ROW_PX, (ring.size - 1) * ROW_PX);
        viewport.scrollTop = scrollTop;
      }
      render();
    },
    reset(trades) {
      ring.clear();
      for (const t of trades) ring.push(toLine(t));
      scrollTop = 0;
      viewport.scrollTop = 0;
      render();
    },
    setLargeThreshold(volume) {
      large = volume;
      invalidate();
      render();
    },
    setLang(l) {
      lang = l;
      labels();
      invalidate();
      render();
    },
    destroy() {
      resize.disconnect();
      host.replaceChildren();
    },
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
}
