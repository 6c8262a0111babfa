// The collector's configuration: the settings (credentials, server, TR, port, data folder) mapped
// onto it directly (`configFor` at start-up, `toConfig` on a change), and what only the environment
// decides (feed, LS URLs, host, watchlist, demo seed, replay, log level), from environment variables
// and an optional `.env` file in the working directory (the real environment wins). Headless, the
// settings too come from the environment: read into a settings form and checked by the one settings
// validator (settings.ts). Every problem stops start-up with one line naming the variable.
// The LS app secret lives in a `Secret` that prints as "[hidden]" in JSON, logs and inspection.
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { isValidYmd } from '../shared/kst.ts';
import { FEED_KINDS, type FeedKind } from '../shared/feed-kinds.ts';
import type { Level } from '../log.ts';
import type { Settings, TradeTr } from '../shared/wire.ts';
import { applySettingsInput, DEFAULT_SETTINGS } from './settings.ts';

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

/** Environment variables that are set (trimmed; an empty value counts as unset). */
export type EnvVars = Readonly<Record<string, string>>;

/** The environment a run reads: `.env` in `cwd` under the real environment. */
export function readEnv(env: NodeJS.ProcessEnv, cwd: string): EnvVars {
  return envVars({ ...readDotEnv(cwd), ...env });
}

/** The variables of `env` that are set (trimmed, empty ones left out). */
export function envVars(env: NodeJS.ProcessEnv): EnvVars {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const t = v?.trim();
    if (t !== undefined && t !== '') out[k] = t;
  }
  return out;
}

/** The variable each setting is read from, headless. */
const SETTING_VARS: Readonly<Record<keyof Settings, string>> = {
  appKey: 'LS_APP_KEY',
  appSecret: 'LS_APP_SECRET',
  simulated: 'LS_SIMULATED',
  port: 'PORT',
  dataDir: 'DATA_DIR',
  tradeTr: 'LS_TR',
};

/**
 * `base` with the settings named in `fields` taken from their variables, where set: the variables are
 * read into a settings form (a relative DATA_DIR against `cwd`, LS_SIMULATED's 1/0 as a choice) and
 * checked once, by the settings validator. Throws ConfigError naming the variable of the first problem.
 */
export function settingsFromEnv(base: Settings, vars: EnvVars, cwd: string, fields: ReadonlyArray<keyof Settings> = Object.keys(SETTING_VARS) as Array<keyof Settings>): Settings {
  const form: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = vars[SETTING_VARS[field]];
    if (raw === undefined) continue;
    form[field] = field === 'dataDir' ? path.resolve(cwd, raw) : field === 'simulated' ? (FLAGS.get(raw) ?? raw) : raw;
  }
  const r = applySettingsInput(base, form, path.isAbsolute);
  if (r.ok) return r.settings;
  const { field, message } = r.errors[0] as (typeof r.errors)[number];
  const name = SETTING_VARS[field as keyof Settings];
  const shown = field === 'appKey' || field === 'appSecret' ? '' : ` (${JSON.stringify(vars[name] ?? '')})`;
  throw new ConfigError(`${name}: ${message}${shown}`);
}

const FLAGS: ReadonlyMap<string, boolean> = new Map([['1', true], ['true', true], ['0', false], ['false', false]]);

/** Reads the headless configuration (`npm run serve`): every setting from the environment. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string): Config {
  return readConfiguration(env, cwd).config;
}

/** loadConfig, with the settings it was made from (what the headless settings page starts from). */
export function readConfiguration(env: NodeJS.ProcessEnv, cwd: string): { settings: Settings; config: Config } {
  const vars = readEnv(env, cwd);
  const settings = settingsFromEnv({ ...DEFAULT_SETTINGS, dataDir: path.resolve(cwd, 'data') }, vars, cwd);
  return { settings, config: configFor(settings, vars, cwd) };
}

/** What the desktop app fixes itself instead of reading the environment. */
export interface Fixed {
  host?: string;
  watchlistPath?: string;
}

/**
 * The configuration for settings `s` (already checked), with what only the environment decides from
 * `vars`; throws ConfigError (one line) on any invalid variable. Folders are created if missing.
 */
export function configFor(s: Settings, vars: EnvVars, cwd: string, fixed: Fixed = {}): Config {
  const keys = s.appKey !== '' && s.appSecret !== '';
  const feed = oneOf('FEED', vars.FEED ?? (keys ? 'ls' : 'demo'), FEED_KINDS);
  if (feed === 'ls' && !keys) {
    throw new ConfigError('FEED: "ls" needs LS_APP_KEY and LS_APP_SECRET (leave FEED unset to run the demo feed)');
  }
  const lsRestUrl = url('LS_REST_URL', vars.LS_REST_URL ?? DEFAULT_REST_URL, ['https:', 'http:']);
  const lsWsUrl = url('LS_WS_URL', vars.LS_WS_URL ?? (s.simulated ? SIMULATED_WS_URL : DEFAULT_WS_URL), ['wss:', 'ws:']);

  const host = fixed.host ?? vars.HOST ?? '127.0.0.1';
  if (/\s|\//.test(host)) throw new ConfigError(`HOST: ${JSON.stringify(host)} is not a host name or IP address`);

  const dataDir = s.dataDir !== '' ? s.dataDir : path.resolve(cwd, 'data');
  ensureDir('DATA_DIR', dataDir);
  const storeDir = storeDirFor(feed, dataDir);
  ensureDir('DATA_DIR', storeDir);

  return {
    feed,
    lsAppKey: keys ? s.appKey : null,
    lsAppSecret: keys ? new Secret(s.appSecret) : null,
    lsRestUrl,
    lsWsUrl,
    lsSimulated: s.simulated,
    lsTr: s.tradeTr,
    host,
    port: s.port,
    dataDir,
    storeDir,
    watchlistPath: fixed.watchlistPath ?? path.resolve(cwd, vars.WATCHLIST_PATH ?? 'watchlist.json'),
    demoSeed: integer('DEMO_SEED', vars.DEMO_SEED ?? '1'),
    replay: feed === 'replay' ? replayConfig(vars, cwd, dataDir, storeDir) : null,
    logLevel: oneOf('LOG_LEVEL', vars.LOG_LEVEL ?? 'info', LEVELS),
  };
}

function replayConfig(vars: EnvVars, cwd: string, dataDir: string, storeDir: string): ReplayConfig {
  const date = vars.REPLAY_DATE;
  if (date === undefined) throw new ConfigError('REPLAY_DATE: missing (FEED=replay needs the date to replay, YYYYMMDD)');
  if (!isValidYmd(date)) throw new ConfigError(`REPLAY_DATE: ${JSON.stringify(date)} is not a real date written YYYYMMDD`);
  const dir = path.resolve(cwd, vars.REPLAY_DIR ?? dataDir);
  if (!isDirectory(dir)) throw new ConfigError(`REPLAY_DIR: ${JSON.stringify(dir)} is not a directory`);
  if (dir === storeDir) throw new ConfigError(`REPLAY_DIR: ${JSON.stringify(dir)} is where the replay records; choose the folder of the recorded files`);
  return { dir, date, speed: replaySpeed(vars.REPLAY_SPEED ?? '1') };
}

/**
 * The collector configuration `s` calls for, over the running one. Credentials, server and TR take
 * effect now; port and data folder only after a restart, so they stay. With keys the LS feed runs,
 * without them the demo (a replay run stays a replay). The WebSocket URL follows `simulated` unless
 * LS_WS_URL named another server (an emulator, a proxy). Demo data lives under DATA_DIR/demo, so a
 * switch between demo and LS moves the store and real and demo trades never share a file.
 */
export function toConfig(running: Config, s: Settings): Config {
  const feed: Config['feed'] = running.feed === 'replay' ? 'replay' : s.appKey !== '' && s.appSecret !== '' ? 'ls' : 'demo';
  const documented = running.lsWsUrl === DEFAULT_WS_URL || running.lsWsUrl === SIMULATED_WS_URL;
  return {
    ...running,
    feed,
    lsAppKey: s.appKey === '' ? null : s.appKey,
    lsAppSecret: s.appSecret === '' ? null : new Secret(s.appSecret),
    lsSimulated: s.simulated,
    lsTr: s.tradeTr,
    lsWsUrl: documented ? (s.simulated ? SIMULATED_WS_URL : DEFAULT_WS_URL) : running.lsWsUrl,
    storeDir: storeDirFor(feed, running.dataDir),
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
    makeDirs(dir);
  } catch (e) {
    throw new ConfigError(`${name}: ${folderProblem(dir, e)}`);
  }
  if (!isDirectory(dir)) throw new ConfigError(`${name}: ${JSON.stringify(dir)} is not a directory`);
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir retries for ever where the parent exists but
 * refuses children with ENOENT (`/proc/x`), so a start-up in such a folder would hang instead of failing.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  // Nothing missing: the recursive call only checks what is there (a file in its place: EEXIST).
  if (missing.length === 0) fs.mkdirSync(dir, { recursive: true });
  for (const level of missing) fs.mkdirSync(level);
}

/**
 * Why `dir` could not be created, naming the path at fault (the deepest one that exists) and the fault in
 * words: a bare EROFS or EEXIST does not tell a user which folder to fix.
 */
export function folderProblem(dir: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  let at = dir;
  while (path.dirname(at) !== at && !fs.existsSync(at)) at = path.dirname(at);
  const where = at === dir ? JSON.stringify(dir) : `${JSON.stringify(at)} (creating ${JSON.stringify(dir)})`;
  switch (code) {
    case 'EROFS':
      return `${where} is read-only (EROFS: a read-only file system)`;
    case 'EACCES':
    case 'EPERM':
      return `${where} is not writable (${code})`;
    case 'EEXIST':
    case 'ENOTDIR':
      return `${where} is a file, not a folder (${code})`;
    case 'ENOENT':
      return `${where} does not take new folders (ENOENT)`;
    default:
      return `cannot create ${JSON.stringify(dir)} (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}
