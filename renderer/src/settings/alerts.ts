// The settings page's big-print alerts: a tone and a desktop notification when a big print trades on
// the chart shown, both off until turned on here. They are the page's own choices (prefs, kept in
// this browser), not the server's settings, so they apply at once without Save.
import type { AppContext } from '../app/extension.ts';
import { el } from '../ui/dom.ts';
import type { WordedElements } from '../ui/worded.ts';
import type { SettingsTextKey } from './text.ts';

function checkbox(worded: WordedElements<SettingsTextKey>, id: string, key: SettingsTextKey): { label: HTMLLabelElement; box: HTMLInputElement } {
  const box = el('input', 'st-check');
  box.type = 'checkbox';
  box.id = id;
  box.dataset.testid = id;
  const label = el('label', 'st-check-row');
  label.append(box, ' ', worded.el('span', undefined, key));
  return { label, box };
}

/** The alerts section; returns it and what re-reads the prefs into it. */
export function buildAlerts(worded: WordedElements<SettingsTextKey>, ctx: AppContext): { section: HTMLElement; show(): void } {
  const section = el('section', 'st-form st-alerts');
  const sound = checkbox(worded, 'bigprint-sound', 'bigPrintSound');
  const notify = checkbox(worded, 'bigprint-notify', 'bigPrintNotify');
  const denied = worded.el('p', 'st-error', 'notifyDenied');
  section.append(worded.el('h2', 'st-title', 'alertsTitle'), worded.el('p', 'st-hint', 'alertsHint'), sound.label, notify.label, denied);

  const show = (): void => {
    const p = ctx.prefs();
    sound.box.checked = p.bigPrintSound;
    notify.box.checked = p.bigPrintNotify;
    denied.hidden = !(p.bigPrintNotify && typeof Notification !== 'undefined' && Notification.permission === 'denied');
  };
  sound.box.addEventListener('change', () => ctx.updatePrefs({ bigPrintSound: sound.box.checked }));
  notify.box.addEventListener('change', () => {
    const on = notify.box.checked;
    ctx.updatePrefs({ bigPrintNotify: on });
    // The browser asks the trader once; the choice is shown, whatever it was.
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().then(show);
    else show();
  });
  show();
  return { section, show };
}
