// The watchlist table: one row per code (position, code, name, market, last price, trades today,
// recording state) with ▲▼, chart and remove buttons; rows reorder by drag. A drag outlives
// re-renders: while one is under way the rows are not rebuilt (that would take the dragged row out
// from under the pointer and cancel it); the render waits for the drag to end.
import { formatPrice } from '../../../electron/shared/tick-size.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { el } from '../ui/dom.ts';
import type { Lang } from '../ui/i18n.ts';
import type { WordedElements } from '../ui/worded.ts';
import { label, type CodeState, type Row, type WatchlistModel } from './model.ts';
import { WL, type WatchlistTextKey } from './text.ts';

export interface TableActions {
  /** Moves `code` to position `to` of the list without it. */
  reorder(code: string, to: number): void;
  remove(code: string): void;
  chart(code: string): void;
}

export interface WatchlistTable {
  /** The table, then the note shown instead of it when the list is empty. */
  elements: readonly HTMLElement[];
  /** Rebuilds the rows from the model (after a drag, if one is under way). */
  render(): void;
  /** Live numbers only, in place: rebuilding rows under the pointer could swallow a click. */
  updateCells(): void;
}

const CELL_CLASSES = ['wl-grip-cell', 'wl-pos', 'wl-code', 'wl-name', 'wl-market', 'wl-price', 'wl-trades', 'wl-status'] as const;
const COLUMNS = ['colPos', 'colCode', 'colName', 'colMarket', 'colPrice', 'colTrades', 'colStatus'] as const;
const STATE_TEXT: Record<CodeState, WatchlistTextKey> = { rejected: 'rejected', collecting: 'collecting', waiting: 'waiting' };

function button(text: string, cls: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', cls, text);
  b.type = 'button';
  b.title = title;
  b.setAttribute('aria-label', title);
  b.addEventListener('click', onClick);
  return b;
}

const priceText = (r: Row): string => (r.price === null ? '—' : formatPrice(Number(r.price)));

export function createWatchlistTable(model: WatchlistModel, worded: WordedElements<WatchlistTextKey>, lang: () => Lang, actions: TableActions): WatchlistTable {
  const table = el('table', 'wl-table');
  const hr = el('tr');
  hr.append(el('th'), ...COLUMNS.map((key) => worded.el('th', undefined, key)), el('th'));
  const thead = el('thead');
  thead.append(hr);
  const tbody = el('tbody');
  table.append(thead, tbody);
  const empty = worded.el('p', 'wl-empty', 'empty');

  const stateOf = (code: string): HTMLElement => {
    const state = model.stateOf(code);
    return el('span', state === 'collecting' ? 'wl-ok' : 'wl-rejected', WL.text(lang(), STATE_TEXT[state]));
  };

  let dragged: string | null = null;
  let renderAfterDrag = false;
  const wireDrag = (tr: HTMLTableRowElement, code: string): void => {
    tr.addEventListener('dragstart', (e) => {
      dragged = code;
      e.dataTransfer?.setData('text/plain', code);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      tr.classList.add('wl-dragging');
    });
    tr.addEventListener('dragend', () => {
      dragged = null;
      tr.classList.remove('wl-dragging');
      for (const r of tbody.querySelectorAll('.wl-drop')) r.classList.remove('wl-drop');
      if (renderAfterDrag) render();
    });
    tr.addEventListener('dragover', (e) => {
      if (dragged === null || dragged === code) return;
      e.preventDefault();
      tr.classList.add('wl-drop');
    });
    tr.addEventListener('dragleave', () => tr.classList.remove('wl-drop'));
    tr.addEventListener('drop', (e) => {
      e.preventDefault();
      const from = dragged;
      // The list may have changed during the drag: the position is the target's in the list as saved now.
      if (from === null || from === code || !model.codes.includes(code)) return;
      actions.reorder(from, model.codes.indexOf(code));
    });
  };

  const rowOf = (code: string, i: number): HTMLTableRowElement => {
    const { codes } = model;
    const r = model.row(code) ?? { price: null, trades: 0 };
    const tr = el('tr');
    tr.dataset.code = code;
    tr.draggable = true;
    const cells: Array<HTMLElement | string> = [
      el('span', 'wl-grip', '⠿'),
      String(i + 1),
      code,
      r.name ?? '—',
      r.market ?? '—',
      priceText(r),
      groupThousands(r.trades),
      stateOf(code),
    ];
    cells.forEach((c, j) => {
      const td = el('td', CELL_CLASSES[j]);
      td.append(c);
      tr.append(td);
    });
    const actionsCell = el('td', 'wl-actions');
    const what = { what: label(code, r.name) };
    const tw = (key: WatchlistTextKey): string => WL.textWith(lang(), key, what);
    const up = button('▲', 'wl-up', tw('up'), () => actions.reorder(code, i - 1));
    up.disabled = i === 0;
    const down = button('▼', 'wl-down', tw('down'), () => actions.reorder(code, i + 1));
    down.disabled = i === codes.length - 1;
    actionsCell.append(
      up,
      down,
      button(WL.text(lang(), 'chart'), 'wl-chart', tw('chartTitle'), () => actions.chart(code)),
      button(WL.text(lang(), 'remove'), 'wl-remove', tw('removeTitle'), () => actions.remove(code)),
    );
    tr.append(actionsCell);
    wireDrag(tr, code);
    return tr;
  };

  function render(): void {
    renderAfterDrag = dragged !== null;
    if (renderAfterDrag) return;
    const { codes } = model;
    empty.hidden = codes.length > 0;
    table.hidden = codes.length === 0;
    tbody.replaceChildren(...codes.map(rowOf));
  }

  return {
    elements: [table, empty],
    render,
    updateCells() {
      for (const tr of tbody.querySelectorAll<HTMLTableRowElement>('tr[data-code]')) {
        const code = tr.dataset.code ?? '';
        const r = model.row(code);
        if (!r) continue;
        const price = tr.querySelector('.wl-price');
        const trades = tr.querySelector('.wl-trades');
        const state = tr.querySelector('.wl-status');
        if (price) price.textContent = priceText(r);
        if (trades) trades.textContent = groupThousands(r.trades);
        if (state) state.replaceChildren(stateOf(code));
      }
    },
  };
}
