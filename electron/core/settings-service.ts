// The SettingsService: load, save, apply and test the settings, one change at a time on its one
// queue (two tabs saving at once cannot interleave load → apply → save). A form is validated once
// (settings.ts applySettingsInput) and a saved form reaches the collector as a Config directly
// (settings.ts toConfig); the routes (server/routes-settings.ts) only speak HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { TokenError, TokenManager, errorText } from '../collector/ls/token.ts';
import type { Logger } from '../log.ts';
import type { SettingsApi, SettingsOutcome } from '../server/routes-settings.ts';
import type { ConnectionTestResult, FieldError, PublicSettings, Settings, SettingsImpact, SettingsSaved } from '../shared/wire.ts';
import { CLOSED, CLOSING, RUNNING, type LifecycleState } from '../shared/lifecycle.ts';
import { SerialQueue } from './serial-queue.ts';
import { applySettingsInput, publicSettings, settingsImpact, type SettingsStore } from './settings.ts';

export interface SettingsServiceDeps {
  store: SettingsStore;
  /** Puts settings into effect now (the collector reconnects); rejects, changing nothing, when refused. */
  apply(next: Settings): Promise<void>;
  testConnection(creds: { appKey: string; appSecret: string }): Promise<ConnectionTestResult>;
}

const RESTART_TEXT: Record<SettingsImpact['restart'][number], string> = { port: '포트', dataDir: '데이터 폴더' };

const refused = (errors: FieldError[]): { ok: false; refusal: { error: string; errors: FieldError[] } } => ({
  ok: false,
  refusal: { error: errors.map((e) => e.message).join('; '), errors },
});

export class SettingsService implements SettingsApi {
  state: LifecycleState = RUNNING;
  readonly #deps: SettingsServiceDeps;
  readonly #queue = new SerialQueue();

  constructor(deps: SettingsServiceDeps) {
    this.#deps = deps;
  }

  async load(): Promise<PublicSettings> {
    return publicSettings(await this.#deps.store.load(), this.#deps.store.info());
  }

  save(form: unknown): Promise<SettingsOutcome<SettingsSaved>> {
    return this.#queue.run(async () => {
      const { store } = this.#deps;
      const prev = await store.load();
      const r = applySettingsInput(prev, form, path.isAbsolute);
      if (!r.ok) return refused(r.errors);
      // Caught now, not at the next start-up, where a folder that cannot be made stops the app.
      const folderProblem = r.settings.dataDir !== prev.dataDir && r.settings.dataDir !== '' ? dataDirProblem(r.settings.dataDir) : null;
      if (folderProblem !== null) return refused([{ field: 'dataDir', problem: 'folder_unusable', message: folderProblem }]);
      const impact = settingsImpact(prev, r.settings);
      // Applied before saving: a refused apply (another collector records into the folder) rejects
      // here, so what is saved stays what runs.
      if (impact.reconnect) await this.#applyNow(r.settings);
      await store.save(r.settings);
      const notes: string[] = [];
      if (impact.reconnect) notes.push('새 설정으로 다시 연결했습니다');
      if (impact.restart.length > 0) notes.push(`${impact.restart.map((k) => RESTART_TEXT[k]).join(', ')} 변경은 앱을 다시 시작하면 적용됩니다`);
      const answer: SettingsSaved = { status: 'success', message: ['저장했습니다', ...notes].join('. '), impact, settings: publicSettings(r.settings, store.info()) };
      return { ok: true, answer };
    });
  }

  /** Puts settings into effect without saving them (Core.reconfigure), on the same queue as saves. */
  apply(next: Settings): Promise<void> {
    return this.#queue.run(() => this.#applyNow(next));
  }

  async test(form: unknown): Promise<SettingsOutcome<ConnectionTestResult>> {
    const r = applySettingsInput(await this.#deps.store.load(), form, path.isAbsolute);
    if (!r.ok) return refused(r.errors);
    if (r.settings.appKey === '') return refused([{ field: 'appKey', problem: 'key_missing', message: 'App Key와 App Secret을 입력하세요' }]);
    return { ok: true, answer: await this.#deps.testConnection({ appKey: r.settings.appKey, appSecret: r.settings.appSecret }) };
  }

  /** Lets a change under way finish; later ones are ignored. */
  async close(): Promise<void> {
    if (this.state === CLOSING || this.state === CLOSED) return;
    this.state = CLOSING;
    await this.#queue.idle();
    this.state = CLOSED;
  }

  #applyNow(next: Settings): Promise<void> {
    return this.state === RUNNING ? this.#deps.apply(next) : Promise.resolve();
  }
}

/** Why the data folder cannot be used (made if missing, then written), or null. */
function dataDirProblem(dir: string): string | null {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return null;
  } catch (err) {
    return `데이터 폴더를 만들거나 쓸 수 없습니다 (${(err as NodeJS.ErrnoException).code ?? 'error'}): ${dir}`;
  }
}

/**
 * "Test connection" by asking LS for a token. LS is reported to invalidate a key's previous token when
 * it issues a new one, so for the key the collector is using, `running` hands over the collector's own
 * token manager instead of a second holder.
 */
export function tokenConnectionTester(
  restUrl: string,
  log: Logger,
  running: () => { appKey: string; appSecret: string; tokens: TokenManager } | null,
): SettingsServiceDeps['testConnection'] {
  return async (creds) => {
    const cur = running();
    const tokens =
      cur && cur.appKey === creds.appKey && cur.appSecret === creds.appSecret ? cur.tokens : new TokenManager({ restUrl, ...creds }, 60_000, log);
    try {
      await tokens.get();
      return { ok: true, message: 'LS 토큰 발급 성공: 연결할 수 있습니다' };
    } catch (err) {
      return { ok: false, message: err instanceof TokenError ? err.message : `연결 확인 실패: ${errorText(err)}` };
    }
  };
}
