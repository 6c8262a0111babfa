// The settings page: LS credentials (never shown back, only "saved"), real or simulated server,
// port, data folder and trade TR. Saving validates every field on the server first, so a form with
// one bad field changes nothing; credential and server changes reconnect the collector at once.
import type { AppContext } from '../app/extension.ts';
import type { Wording } from '../ui/i18n.ts';
import type { PublicSettings, TradeTr } from '../../../electron/shared/wire.ts';
import { SettingsError, desktopBridge, loadSettings, saveSettings, testConnection } from './api.ts';
import { ST, type SettingsTextKey } from './text.ts';
import { el } from '../ui/dom.ts';
import { messageLine, wordedElements, type WordedElements } from '../ui/worded.ts';

const MASK = '********';

const TR_LABELS: Record<TradeTr, SettingsTextKey> = { US3: 'trUS3', S3_: 'trS3_', K3_: 'trK3_', NS3: 'trNS3' };

/** A labelled control; `error` holds the server's message for the field, shown as it came. */
function field(worded: WordedElements<SettingsTextKey>, labelKey: SettingsTextKey, control: HTMLElement, name: string, hintKey?: SettingsTextKey): { row: HTMLElement; error: HTMLElement } {
  const row = el('div', 'st-field');
  row.dataset.field = name;
  const l = worded.el('label', 'st-label', labelKey);
  if (control.id) l.htmlFor = control.id;
  const error = el('p', 'st-error');
  row.append(l, control);
  if (hintKey) row.append(worded.el('p', 'st-hint', hintKey));
  row.append(error);
  return { row, error };
}

function input(id: string, type: string): HTMLInputElement {
  const i = el('input', 'st-input panel-input');
  i.id = id;
  i.type = type;
  i.autocomplete = 'off';
  i.spellcheck = false;
  return i;
}

export function mountSettings(host: HTMLElement, ctx: AppContext): () => void {
  let lang = ctx.prefs().lang;
  const t = (key: SettingsTextKey): string => ST.text(lang, key);
  const worded = wordedElements(ST);
  host.classList.add('st');
  const form = el('form', 'st-form');
  // The server validates every field and answers in Korean beside each one; the browser's own bubbles would block that.
  form.noValidate = true;
  const warning = el('p', 'st-warning');
  const message = messageLine('st-message', lang);
  const say = message.say;

  const appKey = input('st-app-key', 'password');
  const appSecret = input('st-app-secret', 'password');
  const real = input('st-real', 'radio');
  const sim = input('st-sim', 'radio');
  for (const r of [real, sim]) {
    r.name = 'server';
    r.className = 'st-radio';
  }
  const server = el('div', 'st-radios');
  const rl = el('label');
  rl.append(real, ' ', worded.el('span', undefined, 'real'));
  const sl = el('label');
  sl.append(sim, ' ', worded.el('span', undefined, 'simulated'));
  server.append(rl, sl);
  const port = input('st-port', 'number');
  port.min = '1024';
  port.max = '65535';
  const dataDir = input('st-data-dir', 'text');
  const dataRow = el('div', 'st-inline');
  dataRow.append(dataDir);
  const bridge = desktopBridge();
  if (bridge) {
    const choose = worded.el('button', 'st-choose', 'browse');
    choose.type = 'button';
    choose.addEventListener('click', () => {
      void bridge.chooseDataFolder().then((chosen) => {
        if (chosen !== null) dataDir.value = chosen;
      });
    });
    const open = worded.el('button', 'st-open', 'openFolder');
    open.type = 'button';
    open.addEventListener('click', () => void bridge.openDataFolder());
    dataRow.append(choose, open);
  }
  const tr = el('select', 'st-input panel-input');
  tr.id = 'st-tr';
  for (const [value, key] of Object.entries(TR_LABELS)) {
    const o = worded.el('option', undefined, key);
    o.value = value;
    tr.append(o);
  }

  const fields = {
    appKey: field(worded, 'appKey', appKey, 'appKey'),
    appSecret: field(worded, 'appSecret', appSecret, 'appSecret', 'appSecretHint'),
    simulated: field(worded, 'server', server, 'simulated'),
    port: field(worded, 'port', port, 'port', 'portHint'),
    dataDir: field(worded, 'dataDir', dataRow, 'dataDir', 'dataDirHint'),
    tradeTr: field(worded, 'tradeTr', tr, 'tradeTr'),
  };

  const buttons = el('div', 'st-buttons');
  const save = worded.el('button', 'st-save', 'save');
  save.type = 'submit';
  const test = worded.el('button', 'st-test', 'test');
  test.type = 'button';
  const clear = worded.el('button', 'st-clear', 'clear');
  clear.type = 'button';
  buttons.append(save, test, clear);

  form.append(worded.el('h2', 'st-title', 'title'), warning, ...Object.values(fields).map((f) => f.row), buttons, message.element);
  host.append(form);

  let current: PublicSettings | null = null;
  let clearKeys = false;
  /** Server text: the same in either language. */
  const asIs = (text: string): Wording => () => text;
  /** What the key fields hold when empty: nothing until the settings loaded, then saved / unset / cleared. */
  const showPlaceholders = (): void => {
    if (current === null) return;
    if (clearKeys) {
      appKey.placeholder = t('keyCleared');
      appSecret.placeholder = t('secretCleared');
      return;
    }
    const hint = current.appKeyHint;
    appKey.placeholder = current.appKey !== MASK ? t('keyUnset') : hint ? ST.textWith(lang, 'keySavedHint', { hint }) : t('keySaved');
    appSecret.placeholder = current.appSecret === MASK ? t('keySaved') : t('secretUnset');
  };
  /** Everything worded here, in the current language (on mount and on every switch). */
  function localise(): void {
    worded.localise(lang);
    dataDir.placeholder = t('dataDirDefault');
    showPlaceholders();
    message.localise(lang);
  }
  const clearErrors = (): void => {
    for (const f of Object.values(fields)) f.error.textContent = '';
  };
  const showErrors = (err: unknown): void => {
    if (err instanceof SettingsError && err.fields.length > 0) {
      for (const fe of err.fields) {
        const f = fields[fe.field as keyof typeof fields];
        if (f) f.error.textContent = fe.message;
      }
      say(ST.wording('checkInput'), 'error');
    } else say(asIs(err instanceof Error ? err.message : String(err)), 'error');
  };

  function show(s: PublicSettings): void {
    current = s;
    clearKeys = false;
    appKey.value = '';
    appSecret.value = '';
    showPlaceholders();
    real.checked = !s.simulated;
    sim.checked = s.simulated;
    port.value = String(s.port);
    dataDir.value = s.dataDir;
    tr.value = s.tradeTr;
    const notes = [s.storage.warning].filter((w): w is string => w !== null);
    warning.textContent = notes.join(' ');
    warning.hidden = notes.length === 0;
  }

  /** The form as the server expects it: untouched secrets are sent as the mask (kept). */
  function formValue(): Record<string, unknown> {
    const secret = (typed: string, stored: string | undefined): string => (clearKeys ? '' : typed.trim() !== '' ? typed.trim() : stored === MASK ? MASK : '');
    return {
      appKey: secret(appKey.value, current?.appKey),
      appSecret: secret(appSecret.value, current?.appSecret),
      simulated: sim.checked,
      port: port.value.trim(),
      dataDir: dataDir.value.trim(),
      tradeTr: tr.value,
    };
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors();
    save.disabled = true;
    void saveSettings(formValue())
      .then((r) => {
        show(r.settings);
        say(asIs(r.message), 'ok');
      })
      .catch(showErrors)
      .finally(() => (save.disabled = false));
  });
  test.addEventListener('click', () => {
    clearErrors();
    test.disabled = true;
    say(ST.wording('testing'), 'ok');
    void testConnection(formValue())
      .then((r) => say(asIs(r.message), r.ok ? 'ok' : 'error'))
      .catch(showErrors)
      .finally(() => (test.disabled = false));
  });
  clear.addEventListener('click', () => {
    clearKeys = true;
    appKey.value = '';
    appSecret.value = '';
    showPlaceholders();
    say(ST.wording('clearPending'), 'ok');
  });

  const stopFollowingLang = ctx.onPrefs((p) => {
    if (p.lang === lang) return;
    lang = p.lang;
    localise();
  });

  localise();
  void loadSettings()
    .then(show)
    .catch((err: unknown) => {
      say(err instanceof SettingsError && err.status === 404 ? ST.wording('unsupported') : ST.wording('loadFailed', { why: err instanceof Error ? err.message : String(err) }), 'error');
    });
  return stopFollowingLang;
}
