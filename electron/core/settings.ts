// The desktop settings: LS credentials, real or simulated (모의투자) server, port, data folder and
// trade TR. One model and one validator (`applySettingsInput`) serve the Electron store, the
// environment of `npm run serve` (config.ts reads it into a form) and the settings page's server
// routes. Secrets never leave this module unmasked except to the store and the collector; nothing
// here logs.
import {
  isTradeTr,
  MASK,
  TRADE_TRS,
  type FieldError,
  type PublicSettings,
  type Settings,
  type SettingsImpact,
  type StorageInfo,
} from '../shared/wire.ts';

const DEFAULT_PORT = 8000;

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  appKey: '',
  appSecret: '',
  simulated: false,
  port: DEFAULT_PORT,
  dataDir: '',
  tradeTr: 'US3',
};

export type SecretName = 'appKey' | 'appSecret';

/** Where secrets are kept: encrypted by the OS keyring in the desktop app, the environment headless. */
export interface SecretStore {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
}

export interface SettingsStore {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
  info(): StorageInfo;
}

export type ValidationResult = { ok: true; settings: Settings } | { ok: false; errors: FieldError[] };

/** LS app keys and secrets are opaque printable tokens (36 characters in practice); allow some slack. */
const SECRET_RE = /^[\x21-\x7e]{8,200}$/;

/**
 * Applies a settings form to the current settings. Secret fields that are absent or still hold the
 * mask keep the stored value; '' clears it. Every field is checked before anything changes, so a bad
 * form changes nothing.
 */
export function applySettingsInput(current: Settings, input: unknown, isAbsolutePath: (p: string) => boolean): ValidationResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'appKey', problem: 'form', message: '설정 형식이 올바르지 않습니다' }] };
  }
  const v = input as Record<string, unknown>;
  const next: Settings = { ...current };
  const errors: FieldError[] = [];

  for (const name of ['appKey', 'appSecret'] as const) {
    const raw = v[name];
    if (raw === undefined || raw === MASK) continue;
    if (typeof raw !== 'string') {
      errors.push({ field: name, problem: 'not_text', message: '문자열이어야 합니다' });
      continue;
    }
    const s = raw.trim();
    if (s !== '' && !SECRET_RE.test(s)) {
      errors.push({ field: name, problem: 'key_format', message: `${name === 'appKey' ? 'App Key' : 'App Secret'} 형식이 올바르지 않습니다 (공백 없는 8자 이상)` });
      continue;
    }
    next[name] = s;
  }
  // A key already refused above needs no second message about the pair.
  if (errors.length === 0 && (next.appKey === '') !== (next.appSecret === '')) {
    errors.push({ field: next.appKey === '' ? 'appKey' : 'appSecret', problem: 'keys_pair', message: 'App Key와 App Secret은 함께 입력하거나 함께 비워야 합니다' });
  }

  if (v.simulated !== undefined) {
    if (typeof v.simulated === 'boolean') next.simulated = v.simulated;
    else errors.push({ field: 'simulated', problem: 'server', message: '실전/모의투자 선택이 올바르지 않습니다' });
  }
  if (v.port !== undefined) {
    const p = typeof v.port === 'string' && /^\d{1,5}$/.test(v.port.trim()) ? Number(v.port.trim()) : v.port;
    // 0 asks for any free port (tests, scripts); below 1024 needs privileges a desktop app lacks.
    if (typeof p === 'number' && Number.isInteger(p) && (p === 0 || (p >= 1024 && p <= 65535))) next.port = p;
    else errors.push({ field: 'port', problem: 'port', message: '포트는 1024에서 65535 사이의 정수여야 합니다 (0은 빈 포트)' });
  }
  if (v.dataDir !== undefined) {
    if (typeof v.dataDir !== 'string') errors.push({ field: 'dataDir', problem: 'folder_path', message: '폴더 경로가 올바르지 않습니다' });
    else {
      const d = v.dataDir.trim();
      if (d !== '' && (!isAbsolutePath(d) || d.includes('\0'))) errors.push({ field: 'dataDir', problem: 'folder_relative', message: '데이터 폴더는 절대 경로여야 합니다' });
      else next.dataDir = d;
    }
  }
  if (v.tradeTr !== undefined) {
    if (typeof v.tradeTr === 'string' && isTradeTr(v.tradeTr)) next.tradeTr = v.tradeTr;
    else errors.push({ field: 'tradeTr', problem: 'trade_tr', message: `체결 TR은 ${TRADE_TRS.join(', ')} 중 하나여야 합니다` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: next };
}

export function publicSettings(s: Settings, storage: StorageInfo): PublicSettings {
  return {
    ...s,
    appKey: s.appKey === '' ? '' : MASK,
    appSecret: s.appSecret === '' ? '' : MASK,
    appKeyHint: s.appKey.length >= 12 ? s.appKey.slice(-4) : '',
    storage,
  };
}

export function settingsImpact(prev: Settings, next: Settings): SettingsImpact {
  const reconnect =
    prev.appKey !== next.appKey || prev.appSecret !== next.appSecret || prev.simulated !== next.simulated || prev.tradeTr !== next.tradeTr;
  const restart: SettingsImpact['restart'] = [];
  if (prev.port !== next.port) restart.push('port');
  if (prev.dataDir !== next.dataDir) restart.push('dataDir');
  return { reconnect, restart };
}

/**
 * The headless store (`npm run serve`): settings come from the environment and .env as before; saving
 * applies them to the running process only (the page says so), because the environment cannot be
 * written back.
 */
export function headlessSettingsStore(initial: Settings): SettingsStore {
  let current = { ...initial };
  return {
    load: () => Promise.resolve({ ...current }),
    save: (s) => {
      current = { ...s };
      return Promise.resolve();
    },
    info: () => ({ persistent: false, warning: 'session_only' }),
  };
}

/** A SecretStore kept in memory (tests, and the desktop app when the OS offers no keyring and the user declines plain storage). */
export function memorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const m = new Map<SecretName, string>(Object.entries(initial) as Array<[SecretName, string]>);
  return {
    get: (n) => Promise.resolve(m.get(n)),
    set: (n, v) => {
      m.set(n, v);
      return Promise.resolve();
    },
    delete: (n) => {
      m.delete(n);
      return Promise.resolve();
    },
  };
}

export type NonSecretSettings = Omit<Settings, SecretName>;

/** Where the non-secret settings are kept (electron-store in the desktop app). */
export interface PrefsStore {
  read(): unknown;
  write(prefs: NonSecretSettings): void;
}

/**
 * Settings kept in two places: secrets in a SecretStore, the rest in a PrefsStore. A stored field that
 * no longer validates (a hand-edited file, an older version) falls back to its default alone.
 */
export function layeredSettingsStore(prefs: PrefsStore, secrets: SecretStore, info: () => StorageInfo, isAbsolutePath: (p: string) => boolean): SettingsStore {
  return {
    async load() {
      const stored = prefs.read();
      let s: Settings = { ...DEFAULT_SETTINGS };
      if (typeof stored === 'object' && stored !== null) {
        for (const [key, value] of Object.entries(stored)) {
          if (key === 'appKey' || key === 'appSecret') continue;
          const r = applySettingsInput(s, { [key]: value }, isAbsolutePath);
          if (r.ok) s = r.settings;
        }
      }
      const appKey = (await secrets.get('appKey')) ?? '';
      const appSecret = (await secrets.get('appSecret')) ?? '';
      return appKey !== '' && appSecret !== '' ? { ...s, appKey, appSecret } : s;
    },
    async save(s) {
      for (const name of ['appKey', 'appSecret'] as const) {
        if (s[name] === '') await secrets.delete(name);
        else await secrets.set(name, s[name]);
      }
      const { appKey: _k, appSecret: _s, ...rest } = s;
      prefs.write(rest);
    },
    info,
  };
}
