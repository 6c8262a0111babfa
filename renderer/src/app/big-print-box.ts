// The control bar's big-print threshold for the code shown (docs/big-prints.md): the trader's number,
// or the day's default shown as a suggestion (dimmed); a typed number applies to this code only, an
// emptied box goes back to the default, and a refused value goes back to the one in effect with a
// short hint under the box saying why (it goes away at the next keystroke).
import { groupThousands } from '../../../electron/shared/numbers.ts';
import { BIG_PRINT_MAX_MIN } from '../../../electron/shared/big-prints.ts';
import { el } from '../ui/dom.ts';
import { text, textWith, type Lang, type TextKey } from '../ui/i18n.ts';
import { numberBox } from './control-widgets.ts';
import { readLargeTrade, type LargeTradeProblem } from './pref-limits.ts';
import { withBigPrintMin, type Prefs } from './prefs.ts';

const HINTS: Record<LargeTradeProblem, TextKey> = { notNumber: 'bigPrintNotNumber', tooSmall: 'bigPrintTooSmall', tooLarge: 'bigPrintTooLarge' };

export interface BigPrintBox {
  /** The box and its hint, for the control bar. */
  element: HTMLSpanElement;
  input: HTMLInputElement;
  show(p: Prefs, lang: Lang): void;
  /** The threshold in effect (null while unknown); `auto` when it is the day's default. */
  setThreshold(min: number | null, auto: boolean): void;
}

export function createBigPrintBox(prefs: () => Prefs | null, onChange: (p: Partial<Prefs>) => void): BigPrintBox {
  // The spin buttons step from `min`: 100 keeps them on round values (1,000 → 1,100); smaller values can still be typed.
  const input = numberBox('largeTrade', 100, 100);
  input.dataset.testid = 'bigprint-threshold';
  const hint = el('span', 'field-hint');
  hint.dataset.testid = 'bigprint-hint';
  hint.setAttribute('role', 'status');
  hint.hidden = true;
  const element = el('span', 'hinted-field');
  element.append(input, hint);
  let effective: { min: number | null; auto: boolean } = { min: null, auto: false };
  let shown: { p: Prefs; lang: Lang } | null = null;

  const show = (p: Prefs, lang: Lang): void => {
    // The hint is about the code it was typed for.
    if (shown !== null && shown.p.code !== p.code) hint.hidden = true;
    shown = { p, lang };
    const manual = p.bigPrints[p.code];
    input.value = manual !== undefined ? String(manual) : effective.auto && effective.min !== null ? String(effective.min) : '';
    input.placeholder = text(lang, 'bigPrintAuto');
    input.classList.toggle('auto', manual === undefined);
    input.title = text(lang, manual === undefined ? 'bigPrintAutoHint' : 'bigPrintManualHint');
  };
  const again = (): void => {
    if (shown) show(shown.p, shown.lang);
  };
  const refuse = (problem: LargeTradeProblem): void => {
    again();
    const lang = shown?.lang ?? 'ko';
    const kept = input.value === '' ? text(lang, 'bigPrintAuto') : groupThousands(Number(input.value));
    hint.textContent = textWith(lang, HINTS[problem], { value: kept, max: groupThousands(BIG_PRINT_MAX_MIN) });
    hint.hidden = false;
  };
  input.addEventListener('input', () => (hint.hidden = true));
  input.addEventListener('change', () => {
    const p = prefs();
    if (!p || p.code === '') return again();
    const typed = readLargeTrade(input.value, input.validity.badInput);
    if ('problem' in typed) return refuse(typed.problem);
    hint.hidden = true;
    onChange({ bigPrints: withBigPrintMin(p.bigPrints, p.code, typed.value) });
  });
  return {
    element,
    input,
    show,
    setThreshold(min, auto) {
      effective = { min, auto };
      again();
    },
  };
}
