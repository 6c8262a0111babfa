// One collector per store folder: two processes appending to the same day files would interleave
// lines and break seq numbering. The lock is `.footprint.lock`, created exclusively; a holder that
// died without releasing it (crash, kill -9) leaves it behind, and the next starter takes it over
// once that pid no longer runs on this host, or now belongs to another process (process-identity.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processIdentity } from './process-identity.ts';

export const LOCK_FILE = '.footprint.lock';

export interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
  /** The holder's processIdentity() when it could be read; absent in locks of older versions. */
  process?: string;
}

export class DirLockError extends Error {
  override name = 'DirLockError';
  constructor(
    readonly dir: string,
    readonly pid: number,
    readonly host: string,
  ) {
    const who = host === os.hostname() ? `pid ${pid}` : `pid ${pid}, ${host}`;
    super(`다른 Footprint 수집기(${who})가 이 데이터 폴더에 기록 중입니다: ${dir} (another Footprint collector, ${who}, is recording into this folder)`);
  }
}

/**
 * The lock cannot be taken for a reason no collector explains: the folder is not writable, a directory sits
 * where the lock file goes. The store folder is DATA_DIR or a folder inside it, so the message names that setting.
 */
export class LockFileError extends Error {
  override name = 'LockFileError';
  constructor(readonly file: string, problem: string) {
    super(`DATA_DIR: cannot use the lock file ${JSON.stringify(file)}: ${problem} (데이터 폴더에 잠금 파일을 만들 수 없습니다)`);
  }
}

function problemOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'the folder is read-only (EROFS: a read-only file system)';
  if (code === 'EACCES' || code === 'EPERM') return `the folder is not writable (${code})`;
  return code ?? (e as Error).message;
}

/** The holder a lock file names, or null when the text is not a lock this app wrote (corrupt, cut short). */
export function parseLockHolder(text: string): LockHolder | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { pid, startedAt, host, process: identity } = v as Record<string, unknown>;
  // pid 0 or below would make kill(pid, 0) probe a process group, not a process.
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || typeof startedAt !== 'string' || typeof host !== 'string') return null;
  if (identity !== undefined && typeof identity !== 'string') return null;
  const holder: LockHolder = { pid: pid as number, startedAt, host };
  if (identity !== undefined) holder.process = identity;
  return holder;
}

/**
 * Whether a lock may be taken over. `here` is this process; its own live locks are refused before this is
 * asked. `identity` reads a running pid's processIdentity (null when it cannot).
 */
export function isStaleLock(
  holder: LockHolder | null,
  here: { pid: number; host: string },
  alive: (pid: number) => boolean,
  identity: (pid: number) => string | null = processIdentity,
): boolean {
  if (holder === null) return true;
  // A pid on another machine (a shared folder) cannot be checked: respected.
  if (holder.host !== here.host) return false;
  // An earlier process that had this pid (containers reuse low pids after a restart).
  if (holder.pid === here.pid) return true;
  if (!alive(holder.pid)) return true;
  // The pid runs, but a different process has it now (the holder crashed, the pid was reused or the machine rebooted).
  if (holder.process === undefined) return false;
  const now = identity(holder.pid);
  return now !== null && now !== holder.process;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DirLock {
  readonly file: string;
  /** Removes the lock file if it is still this one's (idempotent). */
  release(): void;
}

/** Lock files this process holds: a second core of the same process must be refused too. */
const heldHere = new Set<string>();

/** Takes the lock of `dir`; throws DirLockError when a live collector holds it. */
export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, LOCK_FILE);
  const here = { pid: process.pid, host: os.hostname() };
  if (heldHere.has(file)) throw new DirLockError(dir, here.pid, here.host);
  for (;;) {
    const mine = create(file, here);
    if (mine) return mine;
    const seen = readLock(file);
    if (seen === null) continue; // released meanwhile
    const holder = seen.holder;
    if (holder !== null && !isStaleLock(holder, here, pidAlive)) throw new DirLockError(dir, holder.pid, holder.host);
    const aside = `${file}.${process.pid}.stale`;
    if (!moveAside(file, aside, seen.ino)) continue;
    // The stale file stays aside until this attempt is over, so its inode number cannot be reused by a
    // new lock that a racing starter (who judged the same stale file) would then mistake for it.
    try {
      const taken = create(file, here);
      if (taken) return taken;
    } finally {
      fs.rmSync(aside, { force: true });
    }
  }
}

/** Creates the lock file exclusively; null when it already exists. */
function create(file: string, here: { pid: number; host: string }): DirLock | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new LockFileError(file, problemOf(e));
  }
  const holder: LockHolder = { pid: here.pid, startedAt: new Date().toISOString(), host: here.host };
  const identity = processIdentity(here.pid);
  if (identity !== null) holder.process = identity;
  const text = `${JSON.stringify(holder)}\n`;
  try {
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  heldHere.add(file);
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      heldHere.delete(file);
      let now: string;
      try {
        now = fs.readFileSync(file, 'utf8');
      } catch {
        return;
      }
      if (now === text) fs.rmSync(file, { force: true });
    },
  };
}

/** The lock as found, with the inode it was read from; null when there is none any more. */
function readLock(file: string): { holder: LockHolder | null; ino: number } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Unreadable: it names no one who could be shown to hold it.
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st ? { holder: null, ino: st.ino } : null;
  }
  try {
    const st = fs.fstatSync(fd);
    // Not a lock this app wrote, and not ours to remove.
    if (st.isDirectory()) throw new LockFileError(file, 'a directory is in its place; move it away');
    return { holder: parseLockHolder(fs.readFileSync(fd, 'utf8')), ino: st.ino };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Moves the stale lock out of the way atomically (true; the caller removes `aside`). False when the file
 * there is no longer the one judged stale (a racing starter already replaced it): that lock is put back
 * and must be judged again.
 */
export function moveAside(file: string, aside: string, judged: number): boolean {
  try {
    fs.renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true; // someone else moved it: race to create
    throw e;
  }
  if (fs.statSync(aside).ino === judged) return true;
  try {
    fs.linkSync(aside, file);
  } finally {
    fs.rmSync(aside, { force: true });
  }
  return false;
}
