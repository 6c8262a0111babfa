// The settings page: LS credentials (never shown back, only "saved"), real or simulated server,
// port, data folder and trade TR. Saving validates every field on the server first, so a form with
// one bad field changes nothing; credential and server changes reconnect the collector at once.
import type { AppContext } from '../app/extension.ts';
import type { Wording } from '../ui/i18n.ts';
import type { FieldError, FieldProblem, PublicSettings, SettingsImpact } from '../../../electron/shared/wire.ts';
import { SettingsError, desktopBridge, loadSettings, saveSettings, testConnection } from './api.ts';
import { ST, type SettingsTextKey } from './text.ts';
import { messageLine, wordedElements } from '../ui/worded.ts';
import { buildAlerts } from './alerts.ts';
import { buildSettingsForm } from './form.ts';

const MASK = '********';

/** The page's words for each field problem the server names. */
const PROBLEM_TEXT: Record<FieldProblem, SettingsTextKey> = {
  form: 'form',
  not_text: 'not_text',
  key_missing: 'key_missing',
  key_format: 'key_format',
  keys_pair: 'keys_pair',
  server: 'server_choice',
  port: 'port_range',
  folder_path: 'folder_path',
  folder_relative: 'folder_relative',
  folder_unusable: 'folder_unusable',
  trade_tr: 'trade_tr',
};

/** What a save did: saved, reconnected, and which changes wait for a restart. */
function savedWording(impact: SettingsImpact): Wording {
  return (lang) => {
    const notes = [ST.text(lang, 'saved')];
    if (impact.reconnect) notes.push(ST.text(lang, 'reconnected'));
    const what = impact.restart.map((k) => ST.text(lang, k === 'port' ? 'port' : 'dataDir'));
    if (what.length > 0) notes.push(ST.textWith(lang, 'restartNeeded', { what: what.join(', ') }));
    return notes.join('. ');
  };
}

export function mountSettings(host: HTMLElement, ctx: AppContext): () => void {
  let lang = ctx.prefs().lang;
  const t = (key: SettingsTextKey): string => ST.text(lang, key);
  const worded = wordedElements(ST);
  host.classList.add('st');
  const message = messageLine('st-message', lang);
  const say = message.say;
  const { form, warning, appKey, appSecret, real, sim, port, dataDir, tr, fields, save, test, clear } = buildSettingsForm(worded, desktopBridge(), message.element);
  const alerts = buildAlerts(worded, ctx);
  host.append(form, alerts.section);

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
  /** The storage caveat of the settings shown, in the current language. */
  const showWarning = (): void => {
    const code = current?.storage.warning ?? null;
    warning.textContent = code === null ? '' : t(code);
    warning.hidden = code === null;
  };
  /** Everything worded here, in the current language (on mount and on every switch). */
  function localise(): void {
    worded.localise(lang);
    dataDir.placeholder = t('dataDirDefault');
    showPlaceholders();
    showWarning();
    showFieldErrors();
    message.localise(lang);
  }
  /** The field errors of the last refused form, worded again on a language switch. */
  let fieldErrors: FieldError[] = [];
  const showFieldErrors = (): void => {
    for (const f of Object.values(fields)) f.error.textContent = '';
    for (const fe of fieldErrors) {
      const f = fields[fe.field as keyof typeof fields];
      if (!f) continue;
      // A problem this page has no words for (a newer server) is shown as the server put it.
      const key = PROBLEM_TEXT[fe.problem] as SettingsTextKey | undefined;
      f.error.textContent = key === undefined ? fe.message : ST.textWith(lang, key, { dir: dataDir.value.trim() });
    }
  };
  const clearErrors = (): void => {
    fieldErrors = [];
    showFieldErrors();
  };
  const showErrors = (err: unknown): void => {
    if (err instanceof SettingsError && err.fields.length > 0) {
      fieldErrors = err.fields;
      showFieldErrors();
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
    showWarning();
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
        say(savedWording(r.impact), 'ok');
      })
      .catch(showErrors)
      .finally(() => (save.disabled = false));
  });
  test.addEventListener('click', () => {
    clearErrors();
    test.disabled = true;
    say(ST.wording('testing'), 'ok');
    void testConnection(formValue())
      // A refusal is LS's own text; success is worded here.
      .then((r) => say(r.ok ? ST.wording('testOk') : asIs(r.message), r.ok ? 'ok' : 'error'))
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
    alerts.show();
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
