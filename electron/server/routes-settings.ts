// The settings page's API (the same page works in the desktop window and in a plain browser):
//   GET  /api/settings       current settings, secrets masked
//   PUT  /api/settings       validate all fields, save, apply (reconnect) — a bad form or a refused apply changes nothing
//   POST /api/settings/test  get an LS token with the given (or saved) credentials
// The settings service (core/settings-service.ts) does the work; these routes only speak HTTP.
// Secrets are never echoed, logged or put into an error message.
import express, { type Router } from 'express';
import type { ConnectionTestResult, PublicSettings, SettingsRefusal, SettingsSaved } from '../shared/wire.ts';

/** A settings request's result: its answer, or a refusal (HTTP 400) that changed nothing. */
export type SettingsOutcome<T> = { ok: true; answer: T } | { ok: false; refusal: SettingsRefusal };

export interface SettingsApi {
  load(): Promise<PublicSettings>;
  /** Validates the form, applies it (rejects when the apply was refused), then saves it. */
  save(form: unknown): Promise<SettingsOutcome<SettingsSaved>>;
  /** Tries the form's (or the saved) LS key. */
  test(form: unknown): Promise<SettingsOutcome<ConnectionTestResult>>;
}

export function settingsRoutes(api: SettingsApi): Router {
  const router = express.Router();
  router.get('/api/settings', async (_req, res) => {
    res.json(await api.load());
  });
  router.put('/api/settings', async (req, res) => {
    const r = await api.save(req.body as unknown);
    if (r.ok) res.json(r.answer);
    else res.status(400).json(r.refusal);
  });
  router.post('/api/settings/test', async (req, res) => {
    const r = await api.test((req.body as unknown) ?? {});
    if (r.ok) res.json(r.answer);
    else res.status(400).json(r.refusal);
  });
  return router;
}
