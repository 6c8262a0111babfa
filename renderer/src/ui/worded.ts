// Panel text that follows the language toggle in place: a language switch re-words what is on
// screen instead of rebuilding the panel, so typed input, focus and scroll position survive it.
import { el } from './dom.ts';
import type { Lang, Texts, Wording } from './i18n.ts';

export interface WordedElements<T extends string> {
  /** A new element whose whole text is the entry `key`, kept to be re-worded by `localise`. */
  el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string | undefined, key: T): HTMLElementTagNameMap[K];
  /** Words every element made so far in `lang` (on mount and on every language switch). */
  localise(lang: Lang): void;
}

/** The fixed-text elements of a panel, worded from one table. */
export function wordedElements<T extends string>(texts: Texts<T>): WordedElements<T> {
  const made: Array<[HTMLElement, T]> = [];
  return {
    el(tag, cls, key) {
      const e = el(tag, cls);
      made.push([e, key]);
      return e;
    },
    localise(lang) {
      for (const [e, key] of made) e.textContent = texts.text(lang, key);
    },
  };
}

export type MessageKind = 'ok' | 'error';

export interface MessageLine {
  element: HTMLParagraphElement;
  say(wording: Wording, kind: MessageKind): void;
  /** Re-words the message shown (server text inside it stays as the server wrote it). */
  localise(lang: Lang): void;
}

/** A panel's status line (`role=status`, `data-kind` ok / error) that keeps its message as a wording. */
export function messageLine(cls: string, initialLang: Lang): MessageLine {
  let lang = initialLang;
  let said: { wording: Wording; kind: MessageKind } | null = null;
  const element = el('p', cls);
  element.setAttribute('role', 'status');
  const show = (): void => {
    element.textContent = said ? said.wording(lang) : '';
    if (said) element.dataset.kind = said.kind;
  };
  return {
    element,
    say(wording, kind) {
      said = { wording, kind };
      show();
    },
    localise(l) {
      lang = l;
      show();
    },
  };
}
