// The watchlist editor panel: the codes with name, market, last price and trades today; add by code
// or by Korean name search; remove; reorder by drag (or the ▲▼ buttons). Each change is one server
// request whose answer becomes the list shown; on any failure the list is reloaded from the server,
// so what the trader sees is always what is saved.
import { formatPrice } from '../../../electron/shared/tick-size.ts';
import type { ListSource, StockListing } from '../../../electron/shared/wire.ts';
import type { AppContext } from '../app/extension.ts';
import type { TextVars, Wording } from '../ui/i18n.ts';
import * as api from './api.ts';
import { codeFromInput, echoInput, enterChoice, label, looksLikeCode, moveCode } from './model.ts';
import { WL, type WatchlistTextKey } from './text.ts';
import { el } from '../ui/dom.ts';
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { messageLine, wordedElements } from '../ui/worded.ts';

/**
 * A failure worded here, in both languages (server text stays as the server wrote it). A refusal
 * (e.g. unknown code) changed nothing, so the list is not reloaded after it.
 */
class Worded extends Error {
  constructor(
    readonly wording: Wording,
    readonly refusal = false,
  ) {
    super(wording('en'));
  }
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

interface Row {
  name?: string;
  market?: string;
  price: string | null;
  trades: number;
}

function button(text: string, cls: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', cls, text);
  b.type = 'button';
  b.title = title;
  b.setAttribute('aria-label', title);
  b.addEventListener('click', onClick);
  return b;
}

export function mountWatchlistEditor(host: HTMLElement, ctx: AppContext): () => void {
  let codes: string[] = [];
  const rows = new Map<string, Row>();
  let rejected = new Set<string>();
  let today: string | null = null;
  /** Whether the collector is connected (from /ws status frames): otherwise nothing is being recorded. */
  let feedOpen = true;
  let busy = false;
  let lang = ctx.prefs().lang;
  let searchSource: ListSource | null = null;
  /** The parse error of a hand-edited watchlist.json (server text), or null when the file is fine. */
  let fileProblem: string | null = null;

  const worded = wordedElements(WL);
  host.classList.add('wl');
  const head = el('div', 'wl-head');
  head.append(worded.el('h2', 'wl-title', 'title'), worded.el('p', 'wl-help', 'help'));
  const form = el('form', 'wl-add');
  const input = el('input', 'wl-input panel-input');
  input.type = 'search';
  input.autocomplete = 'off';
  const addBtn = worded.el('button', 'wl-add-btn', 'add');
  addBtn.type = 'submit';
  form.append(input, addBtn);
  const results = el('ul', 'wl-results');
  results.hidden = true;
  const searchNote = el('p', 'wl-note');
  const message = messageLine('wl-message', lang);
  const say = message.say;
  // A hand edit of watchlist.json that does not parse: the server keeps the last good list.
  const fileError = el('p', 'wl-file-error');
  fileError.setAttribute('role', 'alert');
  fileError.hidden = true;
  const table = el('table', 'wl-table');
  const thead = el('thead');
  const hr = el('tr');
  const columns = ['colPos', 'colCode', 'colName', 'colMarket', 'colPrice', 'colTrades', 'colStatus'] as const;
  hr.append(el('th'), ...columns.map((key) => worded.el('th', undefined, key)), el('th'));
  thead.append(hr);
  const tbody = el('tbody');
  table.append(thead, tbody);
  const empty = worded.el('p', 'wl-empty', 'empty');
  host.append(head, fileError, form, results, searchNote, message.element, table, empty);

  const t = (key: WatchlistTextKey): string => WL.text(lang, key);
  const tw = (key: WatchlistTextKey, vars: TextVars): string => WL.textWith(lang, key, vars);
  const showFileProblem = (): void => {
    fileError.textContent = fileProblem === null ? '' : tw('fileError', { error: fileProblem });
    fileError.hidden = fileProblem === null;
  };
  const showSearchNote = (): void => {
    searchNote.textContent = searchSource === 'offline' ? t('offline') : searchSource === 'stale' ? t('stale') : '';
  };
  /** Everything worded, in the current language (on mount and on every switch). */
  function localise(): void {
    worded.localise(lang);
    input.placeholder = t('inputPlaceholder');
    input.setAttribute('aria-label', t('inputLabel'));
    message.localise(lang);
    showFileProblem();
    showSearchNote();
    renderResults();
    render();
  }
  const nameOf = (code: string): string | undefined => rows.get(code)?.name;
  /** The row of a code, kept in `rows` (a new code starts with no price and no trades). */
  const rowOf = (code: string): Row => {
    let r = rows.get(code);
    if (!r) rows.set(code, (r = { price: null, trades: 0 }));
    return r;
  };
  const priceText = (r: Row): string => (r.price === null ? '—' : formatPrice(Number(r.price)));
  const statusOf = (code: string): HTMLElement =>
    rejected.has(code) ? el('span', 'wl-rejected', t('rejected')) : feedOpen ? el('span', 'wl-ok', t('collecting')) : el('span', 'wl-rejected', t('waiting'));

  function render(): void {
    empty.hidden = codes.length > 0;
    table.hidden = codes.length === 0;
    tbody.replaceChildren(
      ...codes.map((code, i) => {
        const r = rows.get(code) ?? { price: null, trades: 0 };
        const tr = el('tr');
        tr.dataset.code = code;
        tr.draggable = true;
        const status = statusOf(code);
        const cells: Array<HTMLElement | string> = [
          el('span', 'wl-grip', '⠿'),
          String(i + 1),
          code,
          r.name ?? '—',
          r.market ?? '—',
          priceText(r),
          groupThousands(r.trades),
          status,
        ];
        cells.forEach((c, j) => {
          const td = el('td', ['wl-grip-cell', 'wl-pos', 'wl-code', 'wl-name', 'wl-market', 'wl-price', 'wl-trades', 'wl-status'][j]);
          td.append(c);
          tr.append(td);
        });
        const actions = el('td', 'wl-actions');
        const what = { what: label(code, r.name) };
        const up = button('▲', 'wl-up', tw('up', what), () => void reorder(code, i - 1));
        up.disabled = i === 0;
        const down = button('▼', 'wl-down', tw('down', what), () => void reorder(code, i + 1));
        down.disabled = i === codes.length - 1;
        actions.append(
          up,
          down,
          button(t('chart'), 'wl-chart', tw('chartTitle', what), () => ctx.showChart(code)),
          button(t('remove'), 'wl-remove', tw('removeTitle', what), () => void remove(code)),
        );
        tr.append(actions);
        wireDrag(tr, code);
        return tr;
      }),
    );
  }

  /** Live numbers only, in place: rebuilding rows under the pointer could swallow a click. */
  function updateCells(): void {
    for (const tr of tbody.querySelectorAll<HTMLTableRowElement>('tr[data-code]')) {
      const code = tr.dataset.code ?? '';
      const r = rows.get(code);
      if (!r) continue;
      const price = tr.querySelector('.wl-price');
      const trades = tr.querySelector('.wl-trades');
      const status = tr.querySelector('.wl-status');
      if (price) price.textContent = priceText(r);
      if (trades) trades.textContent = groupThousands(r.trades);
      if (status) status.replaceChildren(statusOf(code));
    }
  }

  let dragged: string | null = null;
  function wireDrag(tr: HTMLTableRowElement, code: string): void {
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
      if (from === null || from === code) return;
      void reorder(from, codes.indexOf(code));
    });
  }

  async function loadDetails(list: readonly string[]): Promise<void> {
    const missing = list.filter((c) => rows.get(c)?.name === undefined);
    const info = await api.stockInfo(missing);
    for (const code of missing) {
      const row = rowOf(code);
      const i = info.get(code);
      if (i) {
        row.name = i.name;
        row.market = i.market;
      } else {
        const check = await api.checkCode(code);
        if (check.kind === 'found') row.name = check.name;
      }
    }
    await refreshHealth();
  }

  async function refreshHealth(): Promise<void> {
    try {
      const h = await api.health();
      rejected = h.rejected;
      today = h.date;
      for (const code of codes) {
        const row = rowOf(code);
        const c = h.codes.get(code);
        if (c) {
          row.trades = Math.max(row.trades, c.tradesToday);
          if (c.lastPrice !== null) row.price = c.lastPrice;
        }
      }
    } catch {
      // The health report is decoration here; the list itself came from the watchlist endpoint.
    }
    render();
  }

  /** Applies the list the server answered with, then tells the chart. */
  async function accept(list: string[]): Promise<void> {
    codes = list;
    render();
    await ctx.refreshWatchlist();
    await loadDetails(list);
  }

  async function reload(): Promise<void> {
    try {
      await accept(await api.getWatchlist());
    } catch (err) {
      say(WL.wording('loadFailed', { why: errorText(err) }), 'error');
    }
  }

  /** Counts changes made here, so a list fetched for someone else's change never overwrites a newer one. */
  let changes = 0;

  /** Follows a change made elsewhere (another tab, a hand edit of watchlist.json). */
  async function follow(): Promise<void> {
    const seen = changes;
    const list = await api.getWatchlist().catch(() => null);
    if (list && seen === changes && !busy && list.join() !== codes.join()) await accept(list);
  }

  /** Runs one change at a time; a failure reloads the saved list so nothing stays half-applied on screen. */
  async function change(run: () => Promise<Wording>): Promise<void> {
    if (busy) return;
    busy = true;
    changes++;
    host.classList.add('wl-busy');
    try {
      say(await run(), 'ok');
    } catch (err) {
      if (err instanceof Worded && err.refusal) say(err.wording, 'error');
      else {
        say((l) => WL.textWith(l, 'failed', { why: err instanceof Worded ? err.wording(l) : errorText(err) }), 'error');
        await reload();
      }
    } finally {
      busy = false;
      host.classList.remove('wl-busy');
    }
  }

  async function addCode(code: string, knownName?: string): Promise<void> {
    if (codes.includes(code)) {
      say(WL.wording('duplicate', { what: label(code, nameOf(code) ?? knownName) }), 'error');
      return;
    }
    await change(async () => {
      let name = knownName;
      let note: string | null = null;
      if (name === undefined) {
        const check = await api.checkCode(code);
        if (check.kind === 'unknown') throw new Worded(WL.wording('unknown', { code }), true);
        if (check.kind === 'found') name = check.name;
        else note = check.why;
      }
      const list = await api.addCode(code);
      if (!list.includes(code)) throw new Worded(WL.wording('notAdded', { code }));
      rows.set(code, { ...rowOf(code), name });
      await accept(list);
      input.value = '';
      hideResults();
      return note === null ? WL.wording('added', { what: label(code, name) }) : WL.wording('addedUnchecked', { what: code, why: note });
    });
  }

  async function remove(code: string): Promise<void> {
    const what = label(code, nameOf(code));
    await change(async () => {
      const list = await api.removeCode(code);
      if (list.includes(code)) throw new Worded(WL.wording('notRemoved', { code }));
      await accept(list);
      return WL.wording('removed', { what });
    });
  }

  async function reorder(code: string, to: number): Promise<void> {
    if (to < 0 || to >= codes.length) return;
    const next = moveCode(codes, code, to);
    if (next.join() === codes.join()) return;
    await change(async () => {
      const list = await api.setOrder(next);
      if (list.join() !== next.join()) throw new Worded(WL.wording('otherOrder'));
      await accept(list);
      return WL.wording('reordered');
    });
  }

  // Search as the trader types (names, partial); Enter adds a code, or a name only when unambiguous.
  let searchSeq = 0;
  let shown: StockListing[] = [];
  function hideResults(): void {
    shown = [];
    renderResults();
  }
  async function search(q: string): Promise<void> {
    const seq = ++searchSeq;
    if (q.trim() === '' || q.length > 40) {
      hideResults();
      searchSource = null;
      showSearchNote();
      return;
    }
    const r = await api.searchStocks(q.trim());
    if (seq !== searchSeq) return;
    searchSource = r.source;
    showSearchNote();
    shown = r.results;
    renderResults();
  }
  function renderResults(): void {
    results.hidden = shown.length === 0;
    results.replaceChildren(
      ...shown.map((s) => {
        const li = el('li');
        const b = el('button', 'wl-result');
        b.type = 'button';
        b.dataset.code = s.code;
        b.append(el('span', 'wl-result-name', s.name), el('span', 'wl-result-code', s.code), el('span', 'wl-result-market', s.market));
        if (codes.includes(s.code)) {
          b.disabled = true;
          b.append(el('span', 'wl-result-have', t('listed')));
        }
        b.addEventListener('click', () => void addCode(s.code, s.name));
        li.append(b);
        return li;
      }),
    );
  }
  let debounce: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void search(input.value), 150);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = input.value;
    if (raw.trim() === '') return;
    const code = codeFromInput(raw);
    if (code !== null) {
      void addCode(code);
      return;
    }
    if (looksLikeCode(raw)) {
      say(WL.wording('invalid', { raw: echoInput(raw) }), 'error');
      return;
    }
    void (async () => {
      clearTimeout(debounce);
      await search(raw);
      const choice = enterChoice(raw, shown, codes);
      if ('add' in choice) await addCode(choice.add.code, choice.add.name);
      else if ('choose' in choice) say(WL.wording('choose', { n: groupThousands(choice.choose) }), 'ok');
      else if ('duplicate' in choice) say(WL.wording('duplicate', { what: label(choice.duplicate.code, choice.duplicate.name) }), 'error');
      else say(searchSource === 'offline' || searchSource === 'stale' ? WL.wording('offline') : WL.wording('notFound', { raw: echoInput(raw) }), 'error');
    })();
  });

  // Live last price and trade count (a trade's seq is its position in today's file).
  let dirty = false;
  let feed: unknown;
  const stopLive = ctx.live.subscribe({
    open: () => void refreshHealth(),
    message(msg) {
      if (msg.kind === 'status') {
        const st = msg.status;
        const rc = st.rejected_codes;
        if (Array.isArray(rc)) rejected = new Set(rc.filter((c): c is string => typeof c === 'string'));
        if (typeof st.state === 'string') feedOpen = st.state === 'open';
        const fe = st.watchlist_error;
        fileProblem = typeof fe === 'string' ? fe : null;
        showFileProblem();
        // Settings switched the collector (demo ↔ LS): today's counts now come from another folder,
        // and names the previous one could not look up (LS unreachable) may be found now.
        if (feed !== undefined && st.feed !== feed) {
          for (const row of rows.values()) {
            row.price = null;
            row.trades = 0;
          }
          void loadDetails(codes);
        }
        feed = st.feed;
        const wl = st.watchlist;
        if (!busy && Array.isArray(wl) && wl.join() !== codes.join()) void follow();
        dirty = true;
      } else {
        const t = msg.trade;
        const row = rows.get(t.code);
        if (!row || (today !== null && t.date !== today)) return;
        row.price = t.price;
        row.trades = Math.max(row.trades, t.seq);
        dirty = true;
      }
    },
  });
  // Repaint at most a few times a second however fast trades arrive.
  const painter = setInterval(() => {
    if (dirty) {
      dirty = false;
      updateCells();
    }
  }, 500);

  const stopFollowingLang = ctx.onPrefs((p) => {
    if (p.lang === lang) return;
    lang = p.lang;
    localise();
  });

  localise();
  void reload();
  return () => {
    stopFollowingLang();
    clearInterval(painter);
    clearTimeout(debounce);
    stopLive();
  };
}
