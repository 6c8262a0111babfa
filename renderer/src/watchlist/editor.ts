// The watchlist editor panel: the table (table.ts), the search box (search.ts) and the state they
// show (model.ts `WatchlistModel`). Each change is one server request whose answer becomes the list
// shown; on any failure the list is reloaded from the server, so what the trader sees is always
// what is saved. Live last prices and trade counts come from the page's one live connection.
import type { LiveMessage } from '../data/live.ts';
import type { AppContext } from '../app/extension.ts';
import type { Lang, Wording } from '../ui/i18n.ts';
import { messageLine, wordedElements, type MessageLine } from '../ui/worded.ts';
import { el } from '../ui/dom.ts';
import * as api from './api.ts';
import { label, moveCode, WatchlistModel } from './model.ts';
import { createSearchBox, type SearchBox } from './search.ts';
import { createWatchlistTable, type WatchlistTable } from './table.ts';
import { createUndoOffer, type UndoOffer } from './undo.ts';
import { WL } from './text.ts';

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

/** Live numbers are repainted at most this often, however fast trades arrive. */
const PAINT_MS = 500;

export function mountWatchlistEditor(host: HTMLElement, ctx: AppContext): () => void {
  const editor = new WatchlistEditor(host, ctx);
  return () => editor.dispose();
}

class WatchlistEditor {
  private readonly model = new WatchlistModel();
  private lang: Lang;
  private busy = false;
  /** Counts changes made here, so a list fetched for someone else's change never overwrites a newer one. */
  private changes = 0;
  /** Live numbers changed since the last paint. */
  private dirty = false;
  private readonly worded = wordedElements(WL);
  private readonly message: MessageLine;
  /** A hand edit of watchlist.json that does not parse: the server keeps the last good list. */
  private readonly fileError = el('p', 'wl-file-error');
  private readonly table: WatchlistTable;
  private readonly search: SearchBox;
  private readonly undo: UndoOffer;
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly ctx: AppContext,
  ) {
    this.lang = ctx.prefs().lang;
    const lang = (): Lang => this.lang;
    this.message = messageLine('wl-message', this.lang);
    this.fileError.setAttribute('role', 'alert');
    this.fileError.hidden = true;
    this.table = createWatchlistTable(this.model, this.worded, lang, {
      reorder: (code, to) => void this.reorder(code, to),
      remove: (code) => void this.remove(code),
      chart: (code) => ctx.showChart(code),
    });
    this.search = createSearchBox({
      worded: this.worded,
      lang,
      listed: () => this.model.codes,
      add: (code, name) => this.addCode(code, name),
      say: (w, kind) => this.message.say(w, kind),
    });
    this.undo = createUndoOffer(this.worded);
    host.classList.add('wl');
    const head = el('div', 'wl-head');
    head.append(this.worded.el('h2', 'wl-title', 'title'), this.worded.el('p', 'wl-help', 'help'));
    host.append(head, this.fileError, ...this.search.elements, this.message.element, this.undo.element, ...this.table.elements);

    this.stops.push(ctx.live.subscribe({ open: () => void this.refreshHealth(), message: (msg) => this.onLive(msg) }));
    const painter = setInterval(() => {
      if (!this.dirty) return;
      this.dirty = false;
      this.table.updateCells();
    }, PAINT_MS);
    this.stops.push(() => clearInterval(painter));
    this.stops.push(
      ctx.onPrefs((p) => {
        if (p.lang === this.lang) return;
        this.lang = p.lang;
        this.localise();
      }),
    );
    this.stops.push(() => this.search.dispose());
    this.localise();
    void this.reload();
  }

  dispose(): void {
    for (const stop of this.stops) stop();
  }

  /** Everything worded, in the current language (on mount and on every switch). */
  private localise(): void {
    this.worded.localise(this.lang);
    this.message.localise(this.lang);
    this.showFileProblem();
    this.search.localise();
    this.table.render();
  }

  private showFileProblem(): void {
    const problem = this.model.fileProblem;
    this.fileError.textContent = problem === null ? '' : WL.textWith(this.lang, 'fileError', { error: problem });
    this.fileError.hidden = problem === null;
  }

  private onLive(msg: LiveMessage): void {
    if (msg.kind === 'trade') {
      if (this.model.applyTrade(msg.trade)) this.dirty = true;
      return;
    }
    const { feedChanged, listDiffers } = this.model.applyStatus(msg.status);
    this.showFileProblem();
    if (feedChanged) void this.loadDetails(this.model.codes);
    if (!this.busy && listDiffers) void this.follow();
    this.dirty = true;
  }

  private async loadDetails(list: readonly string[]): Promise<void> {
    const missing = this.model.unnamed(list);
    const info = await api.stockInfo(missing);
    for (const code of missing) {
      const row = this.model.rowOf(code);
      const i = info.get(code);
      if (i) {
        row.name = i.name;
        row.market = i.market;
      } else {
        const check = await api.checkCode(code);
        if (check.kind === 'found') row.name = check.name;
      }
    }
    await this.refreshHealth();
  }

  private async refreshHealth(): Promise<void> {
    try {
      this.model.applyHealth(await api.health());
    } catch {
      // The health report is decoration here; the list itself came from the watchlist endpoint.
    }
    this.table.render();
  }

  /** Applies the list the server answered with, then tells the chart. */
  private async accept(list: string[]): Promise<void> {
    this.model.codes = list;
    this.table.render();
    await this.ctx.refreshWatchlist();
    await this.loadDetails(list);
  }

  private async reload(): Promise<void> {
    try {
      await this.accept(await api.getWatchlist());
    } catch (err) {
      this.message.say(WL.wording('loadFailed', { why: errorText(err) }), 'error');
    }
  }

  /** Follows a change made elsewhere (another tab, a hand edit of watchlist.json). */
  private async follow(): Promise<void> {
    const seen = this.changes;
    const list = await api.getWatchlist().catch(() => null);
    if (list && seen === this.changes && !this.busy && list.join() !== this.model.codes.join()) await this.accept(list);
  }

  /** Runs one change at a time; a failure reloads the saved list so nothing stays half-applied on screen. */
  private async change(run: () => Promise<Wording>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.changes++;
    this.host.classList.add('wl-busy');
    const say = this.message.say;
    try {
      say(await run(), 'ok');
    } catch (err) {
      if (err instanceof Worded && err.refusal) say(err.wording, 'error');
      else {
        say((l) => WL.textWith(l, 'failed', { why: err instanceof Worded ? err.wording(l) : errorText(err) }), 'error');
        await this.reload();
      }
    } finally {
      this.busy = false;
      this.host.classList.remove('wl-busy');
    }
  }

  private async addCode(code: string, knownName?: string): Promise<void> {
    if (this.model.codes.includes(code)) {
      this.message.say(WL.wording('duplicate', { what: label(code, this.model.nameOf(code) ?? knownName) }), 'error');
      return;
    }
    await this.change(async () => {
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
      this.model.rowOf(code).name = name;
      await this.accept(list);
      this.search.clear();
      return note === null ? WL.wording('added', { what: label(code, name) }) : WL.wording('addedUnchecked', { what: code, why: note });
    });
  }

  private async remove(code: string): Promise<void> {
    const name = this.model.nameOf(code);
    const what = label(code, name);
    const at = this.model.codes.indexOf(code);
    await this.change(async () => {
      const list = await api.removeCode(code);
      if (list.includes(code)) throw new Worded(WL.wording('notRemoved', { code }));
      await this.accept(list);
      this.undo.offer(() => void this.restore(code, at, name));
      return WL.wording('removed', { what });
    });
  }

  /** Undoes a removal: the code back on the list, at the place it had. */
  private async restore(code: string, at: number, name: string | undefined): Promise<void> {
    await this.change(async () => {
      let list = await api.addCode(code);
      if (!list.includes(code)) throw new Worded(WL.wording('notAdded', { code }));
      const placed = moveCode(list, code, Math.min(at, list.length - 1));
      if (placed.join() !== list.join()) list = await api.setOrder(placed);
      this.model.rowOf(code).name = name;
      await this.accept(list);
      return WL.wording('restored', { what: label(code, name) });
    });
  }

  private async reorder(code: string, to: number): Promise<void> {
    const { codes } = this.model;
    if (to < 0 || to >= codes.length) return;
    const next = moveCode(codes, code, to);
    if (next.join() === codes.join()) return;
    await this.change(async () => {
      const list = await api.setOrder(next);
      if (list.join() !== next.join()) throw new Worded(WL.wording('otherOrder'));
      await this.accept(list);
      return WL.wording('reordered');
    });
  }
}
