// The search box: a code or part of a Korean name. Results follow what the trader types (a search
// that finds nothing says so in the list); ↑/↓ move a highlight through the results that can be
// added, Enter adds the highlighted one, Escape closes the list. Without a highlight Enter adds a
// code, or a name only when the choice is unambiguous (model.ts `enterChoice`); a result's button
// adds it. What is added, and what is said about it, is the editor's.
import { groupThousands } from '../../../electron/shared/numbers.ts';
import type { ListSource, StockListing } from '../../../electron/shared/wire.ts';
import { el } from '../ui/dom.ts';
import type { Lang, Wording } from '../ui/i18n.ts';
import type { MessageKind, WordedElements } from '../ui/worded.ts';
import * as api from './api.ts';
import { codeFromInput, echoInput, enterChoice, label, looksLikeCode } from './model.ts';
import { WL, type WatchlistTextKey } from './text.ts';

export interface SearchBoxOptions {
  worded: WordedElements<WatchlistTextKey>;
  lang: () => Lang;
  /** The codes listed now (results of those are marked, not offered). */
  listed(): readonly string[];
  /** Adds a code (with its name when the search found it). */
  add(code: string, name?: string): Promise<void>;
  say(wording: Wording, kind: MessageKind): void;
}

export interface SearchBox {
  /** The form (input and add button), the results list and the note about the search's source. */
  elements: readonly [HTMLFormElement, HTMLUListElement, HTMLParagraphElement];
  /** Words the input and results in the current language. */
  localise(): void;
  /** Empties the input and the results (after an add). */
  clear(): void;
  dispose(): void;
}

/** How long typing pauses before the search runs. */
const DEBOUNCE_MS = 150;

export function createSearchBox({ worded, lang, listed, add, say }: SearchBoxOptions): SearchBox {
  const form = el('form', 'wl-add');
  const input = el('input', 'wl-input panel-input');
  input.type = 'search';
  input.autocomplete = 'off';
  const addBtn = worded.el('button', 'wl-add-btn', 'add');
  addBtn.type = 'submit';
  form.append(input, addBtn);
  const results = el('ul', 'wl-results');
  results.hidden = true;
  const note = el('p', 'wl-note');

  let source: ListSource | null = null;
  let shown: StockListing[] = [];
  /** The query `shown` answers (the list names it when nothing was found). */
  let query = '';
  /** Index in `shown` of the highlighted result, -1 for none. */
  let active = -1;
  let searchSeq = 0;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const t = (key: WatchlistTextKey): string => WL.text(lang(), key);
  const showNote = (): void => {
    note.textContent = source === 'offline' ? t('offline') : source === 'stale' ? t('stale') : '';
  };
  const renderResults = (): void => {
    const none = shown.length === 0 && query !== '' && source !== 'offline';
    results.hidden = shown.length === 0 && !none;
    if (none) {
      results.replaceChildren(el('li', 'wl-no-result', WL.textWith(lang(), 'noMatch', { raw: echoInput(query) })));
      return;
    }
    results.replaceChildren(
      ...shown.map((s, i) => {
        const li = el('li');
        const b = el('button', 'wl-result');
        b.type = 'button';
        b.dataset.code = s.code;
        b.classList.toggle('active', i === active);
        b.setAttribute('aria-selected', String(i === active));
        b.append(el('span', 'wl-result-name', s.name), el('span', 'wl-result-code', s.code), el('span', 'wl-result-market', s.market));
        if (listed().includes(s.code)) {
          b.disabled = true;
          b.append(el('span', 'wl-result-have', t('listed')));
        }
        b.addEventListener('click', () => void add(s.code, s.name));
        li.append(b);
        return li;
      }),
    );
  };
  const search = async (q: string): Promise<void> => {
    const seq = ++searchSeq;
    active = -1;
    if (q.trim() === '' || q.length > 40) {
      shown = [];
      query = '';
      source = null;
      renderResults();
      showNote();
      return;
    }
    const r = await api.searchStocks(q.trim());
    if (seq !== searchSeq) return;
    source = r.source;
    showNote();
    shown = r.results;
    query = q.trim();
    renderResults();
  };
  /** Moves the highlight by `step` to the next result that can be added, staying put at either end. */
  const move = (step: 1 | -1): void => {
    for (let i = active + step; i >= 0 && i < shown.length; i += step) {
      if (!listed().includes(shown[i]!.code)) {
        active = i;
        renderResults();
        results.querySelector('.wl-result.active')?.scrollIntoView({ block: 'nearest' });
        return;
      }
    }
  };
  const close = (): void => {
    clearTimeout(debounce);
    searchSeq++;
    shown = [];
    query = '';
    active = -1;
    renderResults();
  };
  /** Enter on a name: search now, then add only what the trader surely meant. */
  const submitName = async (raw: string): Promise<void> => {
    clearTimeout(debounce);
    await search(raw);
    const choice = enterChoice(raw, shown, listed());
    if ('add' in choice) await add(choice.add.code, choice.add.name);
    else if ('choose' in choice) say(WL.wording('choose', { n: groupThousands(choice.choose) }), 'ok');
    else if ('duplicate' in choice) say(WL.wording('duplicate', { what: label(choice.duplicate.code, choice.duplicate.name) }), 'error');
    else say(source === 'offline' || source === 'stale' ? WL.wording('offline') : WL.wording('notFound', { raw: echoInput(raw) }), 'error');
  };

  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Escape' && !results.hidden) {
      // The list closes; what was typed stays (a second Escape clears the box, as a search box does).
      e.preventDefault();
      close();
    }
  });
  input.addEventListener('input', () => {
    // The highlight belongs to the results of what was typed before.
    if (active >= 0) {
      active = -1;
      renderResults();
    }
    clearTimeout(debounce);
    debounce = setTimeout(() => void search(input.value), DEBOUNCE_MS);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = input.value;
    const picked = shown[active];
    if (picked !== undefined) return void add(picked.code, picked.name);
    if (raw.trim() === '') return;
    const code = codeFromInput(raw);
    if (code !== null) void add(code);
    else if (looksLikeCode(raw)) say(WL.wording('invalid', { raw: echoInput(raw) }), 'error');
    else void submitName(raw);
  });

  return {
    elements: [form, results, note],
    localise() {
      input.placeholder = t('inputPlaceholder');
      input.setAttribute('aria-label', t('inputLabel'));
      showNote();
      renderResults();
    },
    clear() {
      input.value = '';
      close();
    },
    dispose: () => clearTimeout(debounce),
  };
}
