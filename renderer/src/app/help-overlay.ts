// The `?` overlay: what each key does, with the bar presets the digit keys pick. Opened by `?` or
// the header's ? button, closed by `?`, Escape, the button or a click on it.
import { el } from '../ui/dom.ts';
import { text, type Lang, type TextKey } from '../ui/i18n.ts';
import type { BarPreset } from './bar-presets.ts';
import { barSizeLabel } from './control-widgets.ts';

export interface HelpOverlay {
  toggle(): void;
  close(): void;
  setLang(lang: Lang): void;
  /** The presets changed (Shift + digit): an open overlay shows the new ones. */
  refresh(): void;
}

const KEYS: readonly [string, TextKey][] = [
  ['End', 'keyEnd'],
  ['Home', 'keyHome'],
  ['+ / −', 'keyZoom'],
  ['← / →', 'keyPan'],
  ['1 – 9', 'keyPreset'],
  ['Shift + 1 – 9', 'keySavePreset'],
  ['?', 'keyHelp'],
];

const BAR_KIND_KEY: Record<BarPreset['barKind'], TextKey> = { time: 'barTime', tick: 'barTick', volume: 'barVolume', range: 'barRange' };

export function createHelpOverlay(buttonHost: HTMLElement, overlayHost: HTMLElement, initialLang: Lang, presets: () => readonly BarPreset[]): HelpOverlay {
  let lang = initialLang;
  const btn = buttonHost.appendChild(el('button', 'help-toggle', '?'));
  btn.type = 'button';
  btn.dataset.testid = 'help-toggle';
  const box = overlayHost.appendChild(el('div', 'help-overlay'));
  box.dataset.testid = 'help-overlay';
  box.hidden = true;

  const render = (): void => {
    btn.title = text(lang, 'helpTitle');
    if (box.hidden) return;
    const rows = KEYS.map(([k, what]) => {
      const tr = el('tr');
      tr.append(el('th', undefined, k), el('td', undefined, text(lang, what)));
      return tr;
    });
    const table = el('table');
    table.append(...rows);
    const list = el('ol', 'help-presets');
    list.append(...presets().map((p) => el('li', undefined, `${text(lang, BAR_KIND_KEY[p.barKind])} ${barSizeLabel(p.barKind, p.barSize, lang)}`)));
    box.replaceChildren(el('h3', undefined, text(lang, 'helpTitle')), table, el('h4', undefined, text(lang, 'helpPresets')), list);
  };
  const toggle = (): void => {
    box.hidden = !box.hidden;
    render();
  };
  btn.addEventListener('click', toggle);
  box.addEventListener('click', toggle);
  render();

  return {
    toggle,
    close() {
      box.hidden = true;
    },
    setLang(l) {
      lang = l;
      render();
    },
    refresh: render,
  };
}
