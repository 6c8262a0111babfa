// Runs the real headless entry (`node dist/electron/core/serve.js`, what `npm run serve` runs) as a
// child process with a given environment, waits for the URL it prints, and stops it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { REPO_ROOT } from './paths.ts';

export const SERVE_JS = path.join(REPO_ROOT, 'dist/electron/core/serve.js');
/**
 * The Node flags of `npm run serve` (package.json), so tests and the benchmark run the process users run:
 * small young-generation semi-spaces keep the recorder's peak RSS low under bursts (V8 otherwise grows
 * them to 16 MB each and never shrinks them while trades keep arriving).
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=4'];

const URL_LINE = /^Footprint listening on (http:\/\/\S+)$/m;

export interface ServeProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface ServeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `nofile`: the process's descriptor limit (soft and hard), set with util-linux `prlimit` before node starts. */
function spawnServe(env: Record<string, string>, nofile?: number): ChildProcess {
  // Only what the test sets: a developer's own LS keys or .env must never leak into a test run.
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), TZ: process.env.TZ ?? '' };
  const node = [process.execPath, ...SERVE_NODE_FLAGS, SERVE_JS];
  const argv = nofile === undefined ? node : ['prlimit', `--nofile=${nofile}:${nofile}`, '--', ...node];
  return spawn(argv[0], argv.slice(1), { env: { ...base, ...env }, cwd: env.CWD ?? os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts serve.js and resolves once it prints its URL (rejects with its output if it exits first). */
export async function startServe(env: Record<string, string>, timeoutMs = 20_000, nofile?: number): Promise<ServeProcess> {
  const child = spawnServe({ HOST: '127.0.0.1', PORT: '0', ...env }, nofile);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve.js printed no URL in ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    const check = (): void => {
      const m = URL_LINE.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve.js exited with ${code} before listening\nstdout: ${out}\nstderr: ${err}`));
    });
  });

  return {
    url,
    pid: child.pid!,
    child,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The human lines of stderr (structured log lines are JSON objects). */
export function messageLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
}

/** Runs serve.js expecting it to exit by itself (e.g. on a configuration error). */
export async function runServeToExit(env: Record<string, string>, timeoutMs = 20_000): Promise<ServeResult> {
  const child = spawnServe(env);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Environment of a serve process on the seeded demo feed, recording into a temp setup (under `demo/`). */
export function demoEnv(setup: { dataDir: string; watchlistPath: string }): Record<string, string> {
  return { FEED: 'demo', DEMO_SEED: '7', DATA_DIR: setup.dataDir, WATCHLIST_PATH: setup.watchlistPath };
}

/** Environment of a serve process that records from the LS emulator into a temp setup. */
export function emulatorEnv(
  emu: { restUrl: string; wsUrl: string; appKey: string; appSecret: string },
  setup: { dataDir: string; watchlistPath: string },
): Record<string, string> {
  return {
    FEED: 'ls',
    LS_REST_URL: emu.restUrl,
    LS_WS_URL: emu.wsUrl,
    LS_APP_KEY: emu.appKey,
    LS_APP_SECRET: emu.appSecret,
    DATA_DIR: setup.dataDir,
    WATCHLIST_PATH: setup.watchlistPath,
  };
}

/** A fresh temp folder with a data dir and a watchlist file holding `codes`. */
export async function tempSetup(codes: readonly string[]): Promise<{ dir: string; dataDir: string; watchlistPath: string; cleanup(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'footprint-serve-'));
  const dataDir = path.join(dir, 'data');
  await fs.mkdir(dataDir);
  const watchlistPath = path.join(dir, 'watchlist.json');
  await fs.writeFile(watchlistPath, `${JSON.stringify({ description: 'test watchlist', codes }, null, 2)}\n`);
  return { dir, dataDir, watchlistPath, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface WsMessage {
  type?: string;
  code?: string;
  seq?: number;
  [key: string]: unknown;
}

/** A WebSocket client of /ws that keeps every message, parsed, in arrival order. */
export async function wsCollector(baseUrl: string, headers: Record<string, string> = {}): Promise<{ messages: WsMessage[]; trades(code: string): WsMessage[]; close(): void }> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers });
  const messages: WsMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as WsMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    messages,
    trades: (code) => messages.filter((m) => m.type === undefined && m.code === code),
    close: () => ws.close(),
  };
}

/** Polls until `pred` holds; fails with `what` after `timeoutMs`. */
export async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Environment that runs a serve process's wall clock at `atMs` (UTC ms) from now on (tests/support/clock-shift.ts). */
export function clockShiftEnv(atMs: number): Record<string, string> {
  const preload = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'clock-shift.js')).href;
  return { NODE_OPTIONS: `--import ${preload}`, CLOCK_SHIFT_MS: String(atMs - Date.now()) };
}
