// The replay controls (FEED=replay; docs/replay.md):
//   GET  /api/replay  the replay's state
//   POST /api/replay  {action:'play'|'pause'} · {action:'speed', speed: 1…3600|'max'} · {action:'seek', time:'HH:MM:SS'}
// 409 when the running feed is not a replay, 400 for a malformed command or a backward seek. The
// feed does the work (injected); these routes only speak HTTP.
import express, { type Router } from 'express';
import { REPLAY_MAX_SPEED, ReplaySeekError, type ReplayCommand, type ReplaySpeed, type ReplayState } from '../shared/wire.ts';
import { ParamError } from '../shared/param-error.ts';

export interface ReplayApi {
  /** Null when the running feed is not a replay. */
  state(): ReplayState | null;
  /** Null when the running feed is not a replay; a backward seek rejects with ReplaySeekError. */
  control(command: ReplayCommand): Promise<ReplayState | null>;
}

const NOT_REPLAY = { error: '기록 재생(FEED=replay) 중이 아닙니다 (the feed is not a replay)' };

function speedParam(v: unknown): ReplaySpeed {
  if (v === 'max') return v;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= REPLAY_MAX_SPEED) return v;
  throw new ParamError(`invalid speed: ${JSON.stringify(v)?.slice(0, 20)} (a number from 1 to ${REPLAY_MAX_SPEED}, or "max")`);
}

/** Seconds since midnight for `HH:MM:SS` or `HH:MM` (a browser's time input drops ":00" seconds). */
export function seekTimeParam(v: unknown): number {
  const m = typeof v === 'string' ? /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(v) : null;
  if (!m) throw new ParamError(`invalid time: ${JSON.stringify(v)?.slice(0, 20)} (HH:MM:SS, KST)`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** The command in a POST body; throws ParamError. A seek's time is normalised to HH:MM:SS. */
export function replayCommandParam(body: unknown): ReplayCommand {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  switch (b.action) {
    case 'play':
    case 'pause':
      return { action: b.action };
    case 'speed':
      return { action: 'speed', speed: speedParam(b.speed) };
    case 'seek': {
      const sec = seekTimeParam(b.time);
      const pad = (n: number): string => String(n).padStart(2, '0');
      return { action: 'seek', time: `${pad(Math.floor(sec / 3600))}:${pad(Math.floor(sec / 60) % 60)}:${pad(sec % 60)}` };
    }
    default:
      throw new ParamError(`invalid action: ${JSON.stringify(b.action)?.slice(0, 20)} (play, pause, speed or seek)`);
  }
}

export function replayRoutes(api: ReplayApi): Router {
  const router = express.Router();
  router.get('/api/replay', (_req, res) => {
    const state = api.state();
    if (state) res.json(state);
    else res.status(409).json(NOT_REPLAY);
  });
  router.post('/api/replay', async (req, res) => {
    if (!api.state()) {
      res.status(409).json(NOT_REPLAY);
      return;
    }
    const command = replayCommandParam(req.body as unknown);
    let state: ReplayState | null;
    try {
      state = await api.control(command);
    } catch (err) {
      if (!(err instanceof ReplaySeekError)) throw err;
      res.status(400).json({ error: err.message, replay: api.state() });
      return;
    }
    if (state) res.json(state);
    else res.status(409).json(NOT_REPLAY);
  });
  return router;
}
