// The control bar's building blocks: labelled selects, number boxes and buttons, and the labels of
// the choices they offer (bar sizes, rows, days) in the page's language.
import { groupThousands } from '../../../electron/shared/numbers.ts';
import type { BarKind } from '../../../electron/shared/footprint/index.ts';
import { el } from '../ui/dom.ts';
import type { Lang, TextKey } from '../ui/i18n.ts';

/** A control with its label; the label's text is filled in by key when the language is applied. */
export function labelled(key: TextKey, control: HTMLElement): HTMLLabelElement {
  const l = el('label', 'control');
  const s = el('span', 'control-label');
  s.dataset.key = key;
  l.append(s, control);
  return l;
}

export function select(name: string): HTMLSelectElement {
  const s = el('select');
  s.name = name;
  return s;
}

export function fill(s: HTMLSelectElement, options: readonly { value: string; label: string }[], value: string): void {
  s.replaceChildren(
    ...options.map((o) => {
      const opt = el('option', undefined, o.label);
      opt.value = o.value;
      return opt;
    }),
  );
  s.value = value;
}

export function numberBox(name: string, min: number, step: number): HTMLInputElement {
  const i = el('input');
  i.type = 'number';
  i.name = name;
  i.min = String(min);
  i.step = String(step);
  return i;
}

export function button(name: string, label: string): HTMLButtonElement {
  const b = el('button', undefined, label);
  b.type = 'button';
  b.name = name;
  return b;
}

export function barSizeLabel(kind: BarKind, size: number, lang: Lang): string {
  const ko = lang === 'ko';
  if (kind === 'time') {
    if (size % 60 !== 0) return ko ? `${size}초` : `${size}s`;
    if (size % 3600 === 0) return ko ? `${size / 3600}시간` : `${size / 3600}h`;
    return ko ? `${size / 60}분` : `${size / 60}m`;
  }
  if (kind === 'tick') return ko ? `${groupThousands(size)}틱` : `${groupThousands(size)} trades`;
  if (kind === 'volume') return ko ? `${groupThousands(size)}주` : `${groupThousands(size)} sh`;
  return ko ? `${size}틱 폭` : `${size} ticks`;
}

export function rowLabel(ticks: number, lang: Lang): string {
  if (lang === 'ko') return `${ticks}틱`;
  return ticks === 1 ? '1 tick' : `${ticks} ticks`;
}

export const dateLabel = (ymd: string): string => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;

/** The days the date list offers, newest first: the recorded ones, the live day and the one shown. */
export function offeredDates(recorded: readonly string[], liveDate: string | null, shown: string | null): string[] {
  const all = new Set(recorded);
  if (liveDate) all.add(liveDate);
  if (shown) all.add(shown);
  return [...all].sort().reverse();
}

