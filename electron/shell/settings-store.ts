// The desktop SettingsStore: preferences in electron-store, the LS key and secret encrypted with the
// OS keyring through safeStorage (electron-store only ever holds the ciphertext; its own
// `encryptionKey` would be obfuscation, not security). Needs the app to be ready.
import path from 'node:path';
import { safeStorage } from 'electron';
import Store from 'electron-store';
import {
  layeredSettingsStore,
  memorySecretStore,
  type NonSecretSettings,
  type SecretName,
  type SecretStore,
  type SettingsStore,
} from '../core/settings.ts';
import type { StorageInfo } from '../shared/wire.ts';
import type { Logger } from '../log.ts';

interface ShellStore {
  prefs: Partial<NonSecretSettings>;
  /** base64 ciphertext from safeStorage. */
  secrets: Partial<Record<SecretName, string>>;
}

export type ShellConfigStore = Store<ShellStore>;

export function openShellStore(): ShellConfigStore {
  return new Store<ShellStore>({ name: 'settings', defaults: { prefs: {}, secrets: {} }, configFileMode: 0o600 });
}

function safeStorageSecrets(store: ShellConfigStore, log: Logger): SecretStore {
  return {
    async get(name) {
      const blob = store.get('secrets')[name];
      if (blob === undefined) return undefined;
      try {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
        if (shouldReEncrypt) await this.set(name, result);
        return result;
      } catch {
        // A keyring change (new OS account, reinstalled keyring) makes old ciphertext unreadable: ask again.
        log.warn('stored LS credential could not be decrypted; enter it again in settings', { name });
        return undefined;
      }
    },
    async set(name, value) {
      const cipher = await safeStorage.encryptStringAsync(value);
      store.set('secrets', { ...store.get('secrets'), [name]: cipher.toString('base64') });
    },
    delete(name) {
      const { [name]: _gone, ...rest } = store.get('secrets');
      store.set('secrets', rest);
      return Promise.resolve();
    },
  };
}

/**
 * The settings store for this machine. Without usable encryption the secrets stay in memory for this
 * run only; on Linux without a keyring safeStorage only obfuscates, and the page says so.
 */
export async function desktopSettingsStore(store: ShellConfigStore, log: Logger): Promise<SettingsStore> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  if (backend !== null) log.info('safeStorage backend', { backend });
  let info: StorageInfo = { persistent: true, warning: null };
  if (!available) {
    info = { persistent: true, warning: 'keys_until_quit' };
  } else if (backend === 'basic_text' || backend === 'unknown') {
    info = { persistent: true, warning: 'secret_obfuscated' };
  }
  const secrets = available ? safeStorageSecrets(store, log) : memorySecretStore();
  const prefs = {
    read: (): unknown => store.get('prefs'),
    write: (p: NonSecretSettings): void => store.set('prefs', p),
  };
  return layeredSettingsStore(prefs, secrets, () => info, path.isAbsolute);
}
