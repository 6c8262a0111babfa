// Configuration from environment variables and an optional `.env` file in the working directory
// (the real environment wins). Every problem stops start-up with one line naming the setting.
// The LS app secret lives in a `Secret` that prints as "[hidden]" in JSON, logs and inspection.
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { isValidYmd } from '../shared/kst.ts';
import { FEED_KINDS, type FeedKind } from '../shared/feed-kinds.ts';
import type { Level } from '../log.ts';
import { TRADE_TRS, type TradeTr } from '../shared/wire.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A value that never shows itself by accident; call `reveal()` where it is really sent. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toJSON(): string {
    return '[hidden]';
  }
  toString(): string {
    return '[hidden]';
  }
  [inspect.custom](): string {
    return '[hidden]';
  }
}

export interface ReplayConfig {
  /** Folder holding the recorded raw_data files to replay. */
  dir: string;
  /** KST date of the files, YYYYMMDD. */
  date: string;
  /** Time compression (1 = real time), or 'max' for as fast as possible. */
  speed: number | 'max';
}

export interface Config {
  feed: FeedKind;
  lsAppKey: string | null;
  lsAppSecret: Secret | null;
  lsRestUrl: string;
  lsWsUrl: string;
  /** True with LS_SIMULATED=1: the simulated-trading (모의투자) WebSocket. */
  lsSimulated: boolean;
  lsTr: TradeTr;
  host: string;
  port: number;
  /** DATA_DIR, absolute; created if missing. */
  dataDir: string;
  /**
   * Where this run records: DATA_DIR for `ls`, DATA_DIR/demo for `demo`, DATA_DIR/replay for `replay`
   * (never mixed with real data, and never the files being replayed). Created if missing.
   */
  storeDir: string;
  watchlistPath: string;
  demoSeed: number;
  /** Set when feed is 'replay'. */
  replay: ReplayConfig | null;
  logLevel: Level;
}

const DEFAULT_REST_URL = 'https://openapi.ls-sec.co.kr:8080';
export const DEFAULT_WS_URL = 'wss://openapi.ls-sec.co.kr:9443/websocket';
export const SIMULATED_WS_URL = 'wss://openapi.ls-sec.co.kr:29443/websocket';

const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/** Where a feed records: real data in DATA_DIR itself, demo and replay in sub-folders, never mixed. */
export function storeDirFor(feed: FeedKind, dataDir: string): string {
  return feed === 'ls' ? dataDir : path.join(dataDir, feed);
}

/** Reads the configuration; throws ConfigError (one line) on any invalid setting. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string): Config {
  const vars = { ...readDotEnv(cwd), ...definedOnly(env) };
  const get = (name: string): string | undefined => {
    const v = vars[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const appKey = get('LS_APP_KEY') ?? null;
  const appSecret = get('LS_APP_SECRET') ?? null;
  if ((appKey === null) !== (appSecret === null)) {
    const missing = appKey === null ? 'LS_APP_KEY' : 'LS_APP_SECRET';
    throw new ConfigError(`${missing}: missing (LS_APP_KEY and LS_APP_SECRET must be set together)`);
  }
  const feed = oneOf('FEED', get('FEED') ?? (appKey ? 'ls' : 'demo'), FEED_KINDS);
  if (feed === 'ls' && appKey === null) {
    throw new ConfigError('FEED: "ls" needs LS_APP_KEY and LS_APP_SECRET (leave FEED unset to run the demo feed)');
  }

  const simulated = flag('LS_SIMULATED', get('LS_SIMULATED'));
  const lsRestUrl = url('LS_REST_URL', get('LS_REST_URL') ?? DEFAULT_REST_URL, ['https:', 'http:']);
  const lsWsUrl = url('LS_WS_URL', get('LS_WS_URL') ?? (simulated ? SIMULATED_WS_URL : DEFAULT_WS_URL), ['wss:', 'ws:']);

  const host = get('HOST') ?? '127.0.0.1';
  if (/\s|\//.test(host)) throw new ConfigError(`HOST: ${JSON.stringify(host)} is not a host name or IP address`);
  const port = portNumber(get('PORT') ?? '8000');

  const dataDir = path.resolve(cwd, get('DATA_DIR') ?? 'data');
  ensureDir('DATA_DIR', dataDir);
  const storeDir = storeDirFor(feed, dataDir);
  ensureDir('DATA_DIR', storeDir);

  let replay: ReplayConfig | null = null;
  if (feed === 'replay') {
    const date = get('REPLAY_DATE');
    if (date === undefined) throw new ConfigError('REPLAY_DATE: missing (FEED=replay needs the date to replay, YYYYMMDD)');
    if (!isValidYmd(date)) throw new ConfigError(`REPLAY_DATE: ${JSON.stringify(date)} is not a real date written YYYYMMDD`);
    const dir = path.resolve(cwd, get('REPLAY_DIR') ?? dataDir);
    if (!isDirectory(dir)) throw new ConfigError(`REPLAY_DIR: ${JSON.stringify(dir)} is not a directory`);
    if (dir === storeDir) throw new ConfigError(`REPLAY_DIR: ${JSON.stringify(dir)} is where the replay records; choose the folder of the recorded files`);
    replay = { dir, date, speed: replaySpeed(get('REPLAY_SPEED') ?? '1') };
  }

  return {
    feed,
    lsAppKey: appKey,
    lsAppSecret: appSecret === null ? null : new Secret(appSecret),
    lsRestUrl,
    lsWsUrl,
    lsSimulated: simulated,
    lsTr: oneOf('LS_TR', get('LS_TR') ?? 'US3', TRADE_TRS),
    host,
    port,
    dataDir,
    storeDir,
    watchlistPath: path.resolve(cwd, get('WATCHLIST_PATH') ?? 'watchlist.json'),
    demoSeed: integer('DEMO_SEED', get('DEMO_SEED') ?? '1'),
    replay,
    logLevel: oneOf('LOG_LEVEL', get('LOG_LEVEL') ?? 'info', LEVELS),
  };
}

/** The configuration as safe to log or show: the secret masked, the app key shortened. */
export function describeConfig(cfg: Config): Record<string, string | number | boolean | null> {
  return {
    feed: cfg.feed,
    lsAppKey: cfg.lsAppKey === null ? null : `${cfg.lsAppKey.slice(0, 4)}…`,
    lsAppSecret: cfg.lsAppSecret === null ? null : '[hidden]',
    lsRestUrl: cfg.lsRestUrl,
    lsWsUrl: cfg.lsWsUrl,
    lsSimulated: cfg.lsSimulated,
    lsTr: cfg.lsTr,
    host: cfg.host,
    port: cfg.port,
    dataDir: cfg.dataDir,
    storeDir: cfg.storeDir,
    watchlistPath: cfg.watchlistPath,
    demoSeed: cfg.demoSeed,
    replayDir: cfg.replay?.dir ?? null,
    replayDate: cfg.replay?.date ?? null,
    replaySpeed: cfg.replay?.speed ?? null,
    logLevel: cfg.logLevel,
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** `KEY=value` lines, `#` comments, optional `export ` and quotes. A missing file is no file. */
function readDotEnv(cwd: string): Record<string, string> {
  const file = path.join(cwd, '.env');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`.env: cannot read ${JSON.stringify(file)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`.env line ${i + 1}: expected KEY=value`);
    const key = m[1] as string;
    let value = m[2] as string;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
    } else if (quote === '"' || quote === "'") {
      throw new ConfigError(`.env line ${i + 1}: ${key} has an unterminated quote`);
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[key] = value;
  });
  return out;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name}: ${JSON.stringify(value)} is not 1 or 0`);
}

function url(name: string, value: string, schemes: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(`${name}: ${JSON.stringify(value)} is not a URL`);
  }
  if (!schemes.includes(u.protocol)) {
    const list = schemes.map((s) => `${s}//`).join(' or ');
    throw new ConfigError(`${name}: ${JSON.stringify(value)} must start with ${list}`);
  }
  return value.replace(/\/+$/, '');
}

function portNumber(value: string): number {
  const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 65535)) {
    throw new ConfigError(`PORT: ${JSON.stringify(value)} is not a port number (1-65535, or 0 for any free port)`);
  }
  return n;
}

function integer(name: string, value: string): number {
  if (!/^-?\d{1,15}$/.test(value)) throw new ConfigError(`${name}: ${JSON.stringify(value)} is not a whole number`);
  return Number(value);
}

function replaySpeed(value: string): number | 'max' {
  if (value === 'max') return 'max';
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) throw new ConfigError(`REPLAY_SPEED: ${JSON.stringify(value)} is not a positive number or "max"`);
  return n;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function ensureDir(name: string, dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(`${name}: cannot create ${JSON.stringify(dir)} (${code})`);
  }
  if (!isDirectory(dir)) throw new ConfigError(`${name}: ${JSON.stringify(dir)} is not a directory`);
}
