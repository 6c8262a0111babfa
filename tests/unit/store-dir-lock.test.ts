import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirLockError, LOCK_FILE, acquireDirLock, isStaleLock, moveAside, parseLockHolder, type LockHolder } from '../../electron/store/dir-lock.ts';
import { processIdentity, startTimeOfStat } from '../../electron/store/process-identity.ts';

const HOST = os.hostname();

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fp-lock-'));
}

function writeLock(dir: string, holder: LockHolder): string {
  const text = `${JSON.stringify(holder)}\n`;
  fs.writeFileSync(path.join(dir, LOCK_FILE), text);
  return text;
}

const readHolder = (dir: string): LockHolder | null => parseLockHolder(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'));

function refusedBy(pid: number): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof DirLockError);
    assert.equal(err.pid, pid);
    assert.match(err.message, new RegExp(`^다른 Footprint 수집기\\(pid ${pid}[,)].*데이터 폴더에 기록 중입니다: `));
    return true;
  };
}

test('parseLockHolder: only a complete lock names a holder', () => {
  assert.deepEqual(parseLockHolder('{"pid":42,"startedAt":"2025-11-26T00:00:00.000Z","host":"h"}\n'), { pid: 42, startedAt: '2025-11-26T00:00:00.000Z', host: 'h' });
  for (const bad of ['', '{"pid":42,', 'null', '42', '{"pid":"42","startedAt":"t","host":"h"}', '{"pid":0,"startedAt":"t","host":"h"}', '{"pid":-1,"startedAt":"t","host":"h"}', '{"pid":1.5,"startedAt":"t","host":"h"}', '{"pid":42,"host":"h"}', '{"pid":42,"startedAt":"t"}']) {
    assert.equal(parseLockHolder(bad), null, bad);
  }
});

test('isStaleLock: dead or unreadable holders on this host are stale; live ones and other hosts are not', () => {
  const here = { pid: 100, host: 'pc' };
  const holder = (pid: number, host = 'pc'): LockHolder => ({ pid, startedAt: 't', host });
  const alive = (pids: number[]) => (pid: number): boolean => pids.includes(pid);
  assert.equal(isStaleLock(null, here, alive([])), true, 'corrupt');
  assert.equal(isStaleLock(holder(7), here, alive([7])), false, 'live');
  assert.equal(isStaleLock(holder(7), here, alive([])), true, 'dead');
  assert.equal(isStaleLock(holder(7, 'other-pc'), here, alive([])), false, 'another host cannot be checked');
  assert.equal(isStaleLock(holder(100), here, alive([100])), true, 'an earlier process that had this pid');
});

test('isStaleLock: a live pid that now belongs to another process is stale; an identity that cannot be read keeps the lock', () => {
  const here = { pid: 100, host: 'pc' };
  const holder: LockHolder = { pid: 1, startedAt: 't', host: 'pc', process: 'boot-a:4242' };
  const alive = (): boolean => true;
  assert.equal(isStaleLock(holder, here, alive, () => 'boot-a:4242'), false, 'the holder itself');
  assert.equal(isStaleLock(holder, here, alive, () => 'boot-b:4242'), true, 'after a reboot');
  assert.equal(isStaleLock(holder, here, alive, () => 'boot-a:9999'), true, 'the pid was reused');
  assert.equal(isStaleLock(holder, here, alive, () => null), false, 'cannot tell: respected');
  assert.equal(isStaleLock({ ...holder, process: undefined }, here, alive, () => 'boot-b:1'), false, 'a lock without identity (older version): pid only');
});

test('parseLockHolder keeps the holder identity; startTimeOfStat reads field 22 even with odd command names', () => {
  assert.deepEqual(parseLockHolder('{"pid":42,"startedAt":"t","host":"h","process":"b:1"}'), { pid: 42, startedAt: 't', host: 'h', process: 'b:1' });
  assert.equal(parseLockHolder('{"pid":42,"startedAt":"t","host":"h","process":7}'), null);
  const rest = Array.from({ length: 50 }, (_, i) => String(i + 3)).join(' ');
  assert.equal(startTimeOfStat(`123 (node) ${rest}`), '22');
  assert.equal(startTimeOfStat(`123 (a) (b c) ${rest}`), '22');
  assert.equal(startTimeOfStat('garbage'), null);
  assert.equal(startTimeOfStat('1 (x) S 2'), null);
});

test('a lock naming a live process that is not its holder is taken over; the live holder itself is refused', { skip: process.platform !== 'linux' && 'process identity is read from /proc' }, async () => {
  const me = processIdentity(process.pid);
  assert.match(me ?? '', /^[0-9a-f-]+:\d+$/);
  const dir = tmpDir();
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    const pid = child.pid!;
    const identity = processIdentity(pid);
    assert.ok(identity !== null && identity !== me);
    writeLock(dir, { pid, startedAt: new Date().toISOString(), host: HOST, process: identity });
    assert.throws(() => acquireDirLock(dir), refusedBy(pid));
    // The same pid, but the lock was written by the process that had it before (or before a reboot).
    writeLock(dir, { pid, startedAt: new Date().toISOString(), host: HOST, process: `${identity}0` });
    const lock = acquireDirLock(dir);
    assert.deepEqual(readHolder(dir), { ...readHolder(dir), pid: process.pid, process: me });
    lock.release();
    // pid 1 always runs: a lock left before a reboot names it with another boot's identity.
    writeLock(dir, { pid: 1, startedAt: new Date().toISOString(), host: HOST, process: 'another-boot:1' });
    acquireDirLock(dir).release();
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('acquire writes the holder, refuses a second lock in the same process, release removes it', () => {
  const dir = tmpDir();
  try {
    const lock = acquireDirLock(dir);
    const h = readHolder(dir);
    assert.equal(h?.pid, process.pid);
    assert.equal(h?.host, HOST);
    assert.ok(!Number.isNaN(Date.parse(h?.startedAt ?? '')));
    assert.throws(() => acquireDirLock(dir), refusedBy(process.pid));
    lock.release();
    assert.deepEqual(fs.readdirSync(dir), []);
    lock.release();
    acquireDirLock(dir).release();
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock held by a live process is refused and left as it is', async () => {
  const dir = tmpDir();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    const pid = child.pid!;
    const text = writeLock(dir, { pid, startedAt: new Date().toISOString(), host: HOST });
    assert.throws(() => acquireDirLock(dir), refusedBy(pid));
    assert.equal(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'), text);
    assert.deepEqual(fs.readdirSync(dir), [LOCK_FILE]);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock from another host is refused even if no such pid runs here', async () => {
  const dir = tmpDir();
  try {
    const pid = await deadPid();
    writeLock(dir, { pid, startedAt: new Date().toISOString(), host: `${HOST}-elsewhere` });
    assert.throws(() => acquireDirLock(dir), (err) => refusedBy(pid)(err) && err instanceof DirLockError && err.message.includes(`${HOST}-elsewhere`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The pid of a child that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

test("a dead process's lock is taken over", async () => {
  const dir = tmpDir();
  try {
    writeLock(dir, { pid: await deadPid(), startedAt: new Date().toISOString(), host: HOST });
    const lock = acquireDirLock(dir);
    assert.equal(readHolder(dir)?.pid, process.pid);
    assert.deepEqual(fs.readdirSync(dir), [LOCK_FILE], 'nothing left aside');
    lock.release();
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt or empty lock file is taken over', () => {
  for (const text of ['{"pid": 12', '']) {
    const dir = tmpDir();
    try {
      fs.writeFileSync(path.join(dir, LOCK_FILE), text);
      const lock = acquireDirLock(dir);
      assert.equal(readHolder(dir)?.pid, process.pid, JSON.stringify(text));
      lock.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("release leaves a lock that is no longer this one's", () => {
  const dir = tmpDir();
  try {
    const lock = acquireDirLock(dir);
    // Another starter judged it stale and replaced it (e.g. this process was thought dead).
    const theirs = writeLock(dir, { pid: process.pid + 1, startedAt: new Date().toISOString(), host: HOST });
    lock.release();
    assert.equal(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'), theirs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a take-over that finds the stale lock already replaced puts the new lock back', () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, LOCK_FILE);
    writeLock(dir, { pid: 1, startedAt: 'old', host: HOST });
    const judged = fs.statSync(file).ino;
    // A racing starter moved the stale file away and created its own lock meanwhile.
    fs.renameSync(file, path.join(dir, 'kept-stale'));
    const winner = writeLock(dir, { pid: process.pid + 1, startedAt: 'new', host: HOST });
    assert.equal(moveAside(file, `${file}.aside`, judged), false);
    assert.equal(fs.readFileSync(file, 'utf8'), winner);
    assert.deepEqual(fs.readdirSync(dir).sort(), [LOCK_FILE, 'kept-stale']);
    assert.equal(moveAside(file, `${file}.aside`, fs.statSync(file).ino), true, 'the judged file itself is moved aside');
    assert.deepEqual(fs.readdirSync(dir).sort(), [`${LOCK_FILE}.aside`, 'kept-stale']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
