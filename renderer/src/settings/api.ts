// The settings page's requests (GET/PUT /api/settings, POST /api/settings/test) and the desktop
// bridge the Electron preload adds (absent in a plain browser).
import type { ConnectionTestResult, DesktopBridge, FieldError, PublicSettings, SettingsImpact } from '../../../electron/shared/wire.ts';
import { ApiError, isRecord, requestJson } from '../data/api.ts';

export class SettingsError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

async function call(method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
  try {
    const { body: parsed } = await requestJson(method, url, { body });
    return isRecord(parsed) ? parsed : {};
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const o = isRecord(err.body) ? err.body : {};
    const fields = Array.isArray(o.errors)
      ? o.errors.filter((e): e is FieldError => isRecord(e) && typeof e.field === 'string' && typeof e.problem === 'string' && typeof e.message === 'string')
      : [];
    throw new SettingsError(err.message, err.status, fields);
  }
}

export const loadSettings = async (): Promise<PublicSettings> => (await call('GET', '/api/settings')) as unknown as PublicSettings;

export async function saveSettings(form: Record<string, unknown>): Promise<{ impact: SettingsImpact; settings: PublicSettings }> {
  const o = await call('PUT', '/api/settings', form);
  const i = isRecord(o.impact) ? o.impact : {};
  const restart = Array.isArray(i.restart) ? i.restart.filter((k): k is 'port' | 'dataDir' => k === 'port' || k === 'dataDir') : [];
  return { impact: { reconnect: i.reconnect === true, restart }, settings: o.settings as PublicSettings };
}

export async function testConnection(form: Record<string, unknown>): Promise<ConnectionTestResult> {
  const o = await call('POST', '/api/settings/test', form);
  return { ok: o.ok === true, message: typeof o.message === 'string' ? o.message : '' };
}

/** What the desktop app's preload exposes; undefined in a plain browser. */
export function desktopBridge(): DesktopBridge | undefined {
  return (globalThis as { footprintDesktop?: DesktopBridge }).footprintDesktop;
}
