// Time & sales beside the chart. Trades live in a ring (bounded memory); the DOM holds only the
// rows that fit the viewport (a virtualised list). Arriving prints are only stored; once per
// animation frame the rows catch up: a row keeps its print as the list moves (rows.ts), so a burst
// of hundreds of prints per second formats and re-shapes only the prints that came into view.
import { formatHms } from '../../../electron/shared/kst.ts';
import { text, type Lang } from '../ui/i18n.ts';
import { Ring } from './ring.ts';
import { NO_PRINT, planRows, rotate, STALE, visibleSpan } from './rows.ts';
import { el } from '../ui/dom.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';

export interface TapeTrade {
  chetime: string;
  price: number;
  volume: number;
  side: '+' | '-';
  venue: string;
}

export interface Tape {
  /** Adds trades in arrival order (oldest first); the rows follow on the next animation frame. */
  append(trades: readonly TapeTrade[]): void;
  /** Replaces the content (a new code or date). */
  reset(trades: readonly TapeTrade[]): void;
  setLargeThreshold(volume: number): void;
  setLang(lang: Lang): void;
  destroy(): void;
}

/** How many prints the tape can show; older ones are never kept (the feed fetches no more). */
export const TAPE_CAPACITY = 5_000;

const ROW_PX = 18;

interface RowEls {
  row: HTMLDivElement;
  cells: HTMLSpanElement[];
  /** Sequence number of the print shown, or NO_PRINT (hidden) / STALE. */
  seq: number;
  /** What the cells and class show now: a cell is written only when its text changes. */
  texts: string[];
  cls: string;
}

export function createTape(host: HTMLElement, initialLang: Lang, initialLarge: number): Tape {
  const ring = new Ring<TapeTrade>(TAPE_CAPACITY);
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

  /** Row elements in DOM order, top to bottom; hidden ones last. */
  const rows: RowEls[] = [];
  // Geometry is cached from events: reading it during a repaint would force a synchronous layout.
  let viewHeight = 0;
  let scrollTop = 0;
  let first = -1;
  let spacerRows = -1;
  /** Prints appended since the last frame, and that frame's request (0: none pending). */
  let arrived = 0;
  let frame = 0;
  const resize = new ResizeObserver(() => {
    viewHeight = viewport.clientHeight;
    render();
  });
  resize.observe(viewport);
  viewport.addEventListener('scroll', () => {
    scrollTop = viewport.scrollTop;
    render();
  });

  const labels = (): void => {
    title.textContent = text(lang, 'tapeTitle');
    const keys = ['tapeTime', 'tapePrice', 'tapeSide', 'tapeVolume', 'tapeVenue'] as const;
    keys.forEach((k, i) => (headCells[i].textContent = text(lang, k)));
    buyText = text(lang, 'buy');
    sellText = text(lang, 'sell');
  };
  /** Makes the next repaint recheck every shown row (content, labels or highlighting changed). */
  const invalidate = (): void => {
    for (const r of rows) if (r.seq !== NO_PRINT) r.seq = STALE;
  };
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(onFrame);
  };

  function onFrame(): void {
    frame = 0;
    // A trader scrolled down to read older prints keeps them in place (the tape pauses).
    if (arrived > 0 && scrollTop > 0) {
      setSpacer();
      scrollTop = Math.min(scrollTop + Math.min(arrived, ring.size) * ROW_PX, (ring.size - 1) * ROW_PX);
      viewport.scrollTop = scrollTop;
    }
    arrived = 0;
    render();
  }

  function setSpacer(): void {
    if (spacerRows === ring.size) return;
    spacerRows = ring.size;
    spacer.style.height = `${ring.size * ROW_PX}px`;
  }

  /** Shows the print `seq` in a row, formatting it now and writing only the cells that changed. */
  function show(r: RowEls, seq: number): void {
    const t = ring.bySeq(seq)!;
    if (r.seq === NO_PRINT) r.row.hidden = false;
    r.seq = seq;
    const buy = t.side === '+';
    markRow(r, buy, t.volume >= large);
    cell(r, 0, formatHms(t.chetime));
    cell(r, 1, groupThousands(t.price));
    cell(r, 2, buy ? buyText : sellText);
    cell(r, 3, groupThousands(t.volume));
    cell(r, 4, t.venue);
  }

  function render(): void {
    setSpacer();
    const top = Math.floor(scrollTop / ROW_PX);
    if (top !== first) {
      first = top;
      block.style.transform = `translateY(${top * ROW_PX}px)`;
    }
    const span = visibleSpan(ring.total, ring.size, top, Math.ceil(viewHeight / ROW_PX) + 1);
    while (rows.length < span.count) {
      const row = el('div', 'tape-row');
      const cells = [0, 1, 2, 3, 4].map(() => row.appendChild(el('span', '')));
      row.hidden = true;
      block.appendChild(row);
      rows.push({ row, cells, seq: NO_PRINT, texts: ['', '', '', '', ''], cls: 'tape-row' });
    }
    const plan = planRows(
      rows.map((r) => r.seq),
      span,
    );
    if (plan.shift > 0) block.prepend(...rows.slice(rows.length - plan.shift).map((r) => r.row));
    if (plan.shift < 0) block.append(...rows.slice(0, -plan.shift).map((r) => r.row));
    rotate(rows, plan.shift);
    for (const p of plan.writes) show(rows[p]!, span.newest - p);
    for (const p of plan.hides) {
      rows[p]!.seq = NO_PRINT;
      rows[p]!.row.hidden = true;
    }
  }

  labels();
  return {
    append(trades) {
      if (trades.length === 0) return;
      for (const t of trades) ring.push(t);
      arrived += trades.length;
      schedule();
    },
    reset(trades) {
      ring.clear();
      for (const t of trades) ring.push(t);
      arrived = 0;
      scrollTop = 0;
      viewport.scrollTop = 0;
      invalidate();
      schedule();
    },
    setLargeThreshold(volume) {
      large = volume;
      invalidate();
      schedule();
    },
    setLang(l) {
      lang = l;
      labels();
      invalidate();
      schedule();
    },
    destroy() {
      cancelAnimationFrame(frame);
      resize.disconnect();
      host.replaceChildren();
    },
  };
}

/** A row's side colour, and whether it shows a big print (docs/big-prints.md), marked for tests and styles alike. */
function markRow(r: RowEls, buy: boolean, big: boolean): void {
  const cls = `tape-row ${buy ? 'buy' : 'sell'}${big ? ' large' : ''}`;
  if (cls === r.cls) return;
  r.row.className = r.cls = cls;
  if (big) r.row.dataset.big = '1';
  else delete r.row.dataset.big;
}

function cell(r: RowEls, i: number, s: string): void {
  if (r.texts[i] === s) return;
  r.texts[i] = s;
  r.cells[i]!.textContent = s;
}

