// The control bar's big-print threshold for the code shown (docs/big-prints.md): the trader's number,
// or the day's default shown as a suggestion (dimmed); a typed number applies to this code only, an
// emptied box goes back to the default, and a refused value goes back to the one in effect.
import { text, type Lang } from '../ui/i18n.ts';
import { numberBox } from './control-widgets.ts';
import { validLargeTrade } from './pref-limits.ts';
import { withBigPrintMin, type Prefs } from './prefs.ts';

export interface BigPrintBox {
  input: HTMLInputElement;
  show(p: Prefs, lang: Lang): void;
  /** The threshold in effect (null while unknown); `auto` when it is the day's default. */
  setThreshold(min: number | null, auto: boolean): void;
}

export function createBigPrintBox(prefs: () => Prefs | null, onChange: (p: Partial<Prefs>) => void): BigPrintBox {
  // The spin buttons step from `min`: 100 keeps them on round values (1,000 → 1,100); smaller values can still be typed.
  const input = numberBox('largeTrade', 100, 100);
  input.dataset.testid = 'bigprint-threshold';
  let effective: { min: number | null; auto: boolean } = { min: null, auto: false };
  let shown: { p: Prefs; lang: Lang } | null = null;

  const show = (p: Prefs, lang: Lang): void => {
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
  input.addEventListener('change', () => {
    const p = prefs();
    if (!p || p.code === '') return again();
    const typed = input.value.trim();
    const v = typed === '' ? null : Math.round(Number(typed));
    if (v === null || validLargeTrade(v)) onChange({ bigPrints: withBigPrintMin(p.bigPrints, p.code, v) });
    else again();
  });
  return {
    input,
    show,
    setThreshold(min, auto) {
      effective = { min, auto };
      again();
    },
  };
}
