// The settings page's API (the same page works in the desktop window and in a plain browser):
//   GET  /api/settings       current settings, secrets masked
//   PUT  /api/settings       validate all fields, save, apply (reconnect) — a bad form or a refused apply changes nothing
//   POST /api/settings/test  get an LS token with the given (or saved) credentials
// Secrets are never echoed, logged or put into an error message.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { TokenError, TokenManager, errorText } from '../collector/ls/token.ts';
import { applySettingsInput, publicSettings, settingsImpact, type SettingsStore } from '../core/settings.ts';
import type { Logger } from '../log.ts';
import type { ConnectionTestResult, Settings, SettingsImpact } from '../shared/wire.ts';

export interface SettingsRouteDeps {
  store: SettingsStore;
  testConnection(creds: { appKey: string; appSecret: string }): Promise<ConnectionTestResult>;
  /** Puts settings into effect (before they are saved): reconnect the collector when `impact.reconnect`; rejects when it changed nothing. */
  apply(next: Settings, impact: SettingsImpact): Promise<void>;
}

const RESTART_TEXT: Record<SettingsImpact['restart'][number], string> = { port: '포트', dataDir: '데이터 폴더' };

export function settingsRoutes(deps: SettingsRouteDeps): Router {
  const router = express.Router();
  // One change at a time, so two tabs saving at once cannot interleave load → save → apply.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  router.get('/api/settings', async (_req, res) => {
    res.json(publicSettings(await deps.store.load(), deps.store.info()));
  });

  router.put('/api/settings', async (req, res) => {
    const body: unknown = req.body;
    await serial(async () => {
      const prev = await deps.store.load();
      const r = applySettingsInput(prev, body, path.isAbsolute);
      if (!r.ok) {
        res.status(400).json({ error: r.errors.map((e) => e.message).join('; '), errors: r.errors });
        return;
      }
      // Caught now, not at the next start-up, where a folder that cannot be made stops the app.
      const folderProblem = r.settings.dataDir !== prev.dataDir && r.settings.dataDir !== '' ? dataDirProblem(r.settings.dataDir) : null;
      if (folderProblem !== null) {
        res.status(400).json({ error: folderProblem, errors: [{ field: 'dataDir', message: folderProblem }] });
        return;
      }
      const impact = settingsImpact(prev, r.settings);
      // Applied before saving: a refused apply (another collector records into the folder) rejects
      // here, so what is saved stays what runs.
      if (impact.reconnect) await deps.apply(r.settings, impact);
      await deps.store.save(r.settings);
      const notes: string[] = [];
      if (impact.reconnect) notes.push('새 설정으로 다시 연결했습니다');
      if (impact.restart.length > 0) notes.push(`${impact.restart.map((k) => RESTART_TEXT[k]).join(', ')} 변경은 앱을 다시 시작하면 적용됩니다`);
      res.json({ status: 'success', message: ['저장했습니다', ...notes].join('. '), impact, settings: publicSettings(r.settings, deps.store.info()) });
    });
  });

  router.post('/api/settings/test', async (req, res) => {
    const body: unknown = req.body;
    const current = await deps.store.load();
    const r = applySettingsInput(current, body ?? {}, path.isAbsolute);
    if (!r.ok) {
      res.status(400).json({ error: r.errors.map((e) => e.message).join('; '), errors: r.errors });
      return;
    }
    if (r.settings.appKey === '') {
      res.status(400).json({ error: 'App Key와 App Secret을 입력하세요' });
      return;
    }
    res.json(await deps.testConnection({ appKey: r.settings.appKey, appSecret: r.settings.appSecret }));
  });
  return router;
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
): SettingsRouteDeps['testConnection'] {
  return async (creds) => {
    const cur = running();
    const tokens =
      cur && cur.appKey === creds.appKey && cur.appSecret === creds.appSecret
        ? cur.tokens
        : new TokenManager({ restUrl, ...creds }, 60_000, log);
    try {
      await tokens.get();
      return { ok: true, message: 'LS 토큰 발급 성공: 연결할 수 있습니다' };
    } catch (err) {
      return { ok: false, message: err instanceof TokenError ? err.message : `연결 확인 실패: ${errorText(err)}` };
    }
  };
}
