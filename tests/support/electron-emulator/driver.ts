// Runs the compiled desktop shell (dist/electron/shell/main.js) in Node on the Electron emulator and
// talks to it: `next(ev)` awaits the shell's next act of a kind, `send(cmd)` plays the trader's part.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { REPO_ROOT } from '../paths.ts';
import { SERVE_NODE_FLAGS } from '../serve-process.ts';
import type { Command } from './electron.ts';

const MAIN_JS = path.join(REPO_ROOT, 'dist/electron/shell/main.js');
const REGISTER_JS = path.join(REPO_ROOT, 'dist/tests/support/electron-emulator/register.js');

export interface ShellEvent {
  ev: string;
  [k: string]: unknown;
}

export interface EmulatedShell {
  child: ChildProcess;
  /** Every event so far, in order. */
  events: ShellEvent[];
  stdout(): string;
  stderr(): string;
  /** The first event of kind `ev` at or after the cursor that satisfies `pred`; moves the cursor past it. */
  next(ev: string, pred?: (e: ShellEvent) => boolean, timeoutMs?: number): Promise<ShellEvent>;
  /** The latest event of kind `ev` so far (cursor ignored), or undefined. */
  last(ev: string): ShellEvent | undefined;
  send(cmd: Command): Promise<unknown>;
  exited: Promise<number | null>;
  kill(): void;
}

export function launchShell(opts: { env: Record<string, string>; args?: string[]; main?: string; register?: string }): EmulatedShell {
  const child = spawn(process.execPath, [...SERVE_NODE_FLAGS, '--import', opts.register ?? REGISTER_JS, opts.main ?? MAIN_JS, ...(opts.args ?? [])], {
    env: opts.env,
    cwd: opts.env.HOME,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const events: ShellEvent[] = [];
  let cursor = 0;
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const wakeAll = (): void => {
    for (const w of waiters) w();
    waiters.clear();
  };
  /** Resolves on the next event or exit, or after `ms`. */
  const change = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      waiters.add(() => {
        clearTimeout(t);
        resolve();
      });
    });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  readline.createInterface({ input: child.stdio[3] as Readable }).on('line', (line) => {
    events.push(JSON.parse(line) as ShellEvent);
    wakeAll();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    resolve(code);
    wakeAll();
  }));
  let done = false;
  void exited.then(() => (done = true));

  async function next(ev: string, pred: (e: ShellEvent) => boolean = () => true, timeoutMs = 20_000): Promise<ShellEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = cursor; i < events.length; i++) {
        const e = events[i]!;
        if (e.ev === ev && pred(e)) {
          cursor = i + 1;
          return e;
        }
      }
      if (done) throw new Error(`shell exited before "${ev}"\nstdout: ${out}\nstderr: ${err}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${ev}" event in ${timeoutMs} ms; events: ${events.map((e) => e.ev).join(', ')}\nstderr: ${err}`);
      await change(left);
    }
  }

  let nextReq = 1;
  async function send(cmd: Command): Promise<unknown> {
    const req = nextReq++;
    (child.stdin as Writable).write(`${JSON.stringify({ req, ...cmd })}\n`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = events.find((e) => e.ev === 'reply' && e.req === req);
      if (found) {
        if (typeof found.error === 'string') throw new Error(found.error);
        return found.result;
      }
      if (done) throw new Error(`shell exited before answering ${cmd.op}`);
      if (Date.now() > deadline) throw new Error(`no answer to ${cmd.op}`);
      await change(deadline - Date.now());
    }
  }

  return {
    child,
    events,
    stdout: () => out,
    stderr: () => err,
    next,
    last: (ev) => events.findLast((e) => e.ev === ev),
    send,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
