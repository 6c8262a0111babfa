// The settings page: LS credentials (never shown back, only "saved"), real or simulated server,
// port, data folder and trade TR. Saving validates every field on the server first, so a form with
// one bad field changes nothing; credential and server changes reconnect the collector at once.
import type { AppContext } from '../app/extension.ts';
import type { Wording } from '../ui/i18n.ts';
import type { PublicSettings } from '../../../electron/shared/wire.ts';
import { SettingsError, desktopBridge, loadSettings, saveSettings, testConnection } from './api.ts';
import { ST, type SettingsTextKey } from './text.ts';
import { messageLine, wordedElements } from '../ui/worded.ts';
import { buildAlerts } from './alerts.ts';
import { buildSettingsForm } from './form.ts';

const MASK = '********';

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
