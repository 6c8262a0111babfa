// The ledger check every fault test ends with: what the emulator sent, what the day file holds and
// what /ws delivered, compared by count, order and an order-independent multiset checksum (a sum of
// hash prefixes: a duplicate or a loss changes it, which XOR would not catch for a duplicated pair).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseRecordLine, type TradeRecord } from '../../electron/shared/trade.ts';

/** The fields that identify a trade in all three places (the wire adds code, date and seq). */
export function key(r: Pick<TradeRecord, 'chetime' | 'price' | 'cvolume' | 'cgubun'> & { volume?: string | undefined }): string {
  return `${r.chetime}|${r.price}|${r.cvolume}|${r.cgubun}|${r.volume ?? ''}`;
}

export function checksum(keys: readonly string[]): bigint {
  let sum = 0n;
  for (const k of keys) sum = (sum + createHash('sha256').update(k).digest().readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
  return sum;
}

/** The valid lines of a day file (none when it does not exist), as keys in file order. */
export function onDisk(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => parseRecordLine(l) ?? [])
    .map(key);
}

/** Every delivered trade is on disk, in the same order (delivered is a subsequence of disk). */
export function assertDeliveredOnDisk(delivered: readonly string[], disk: readonly string[], what: string): void {
  let i = 0;
  for (const d of disk) if (i < delivered.length && delivered[i] === d) i++;
  assert.equal(i, delivered.length, `${what}: delivered trade #${i} (${delivered[i]}) is not on disk in order`);
}

/** sent = on disk = delivered: count, order and checksum. */
export function assertLedger(sent: readonly string[], disk: readonly string[], delivered: readonly string[], what: string): void {
  assert.equal(disk.length, sent.length, `${what}: on disk vs sent (count)`);
  assert.equal(delivered.length, sent.length, `${what}: delivered vs sent (count)`);
  assert.deepEqual(disk, sent, `${what}: on disk vs sent (order)`);
  assert.deepEqual(delivered, sent, `${what}: delivered vs sent (order)`);
  assert.equal(checksum(disk), checksum(sent), `${what}: checksum`);
}

/** A small tmpfs at `dir` (root only); false where mounting is impossible. */
export function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'ignore' });
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    // Already gone.
  }
}

/** Fills the file system holding `dir` until a write fails with ENOSPC; returns the filler's path. */
export function fillDisk(dir: string): string {
  const filler = `${dir}/.filler`;
  const fd = fs.openSync(filler, 'a');
  const block = Buffer.alloc(4096, 0x41);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  }
  // Partial pages left anywhere: a byte at a time until nothing fits.
  try {
    for (;;) fs.writeSync(fd, block, 0, 1);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

/**
 * The ledger across collector processes killed mid-stream: `sent[e]` are the trades that reached process
 * e's socket, `delivered[e]` what its /ws client got. The day file must hold, for each process in turn, a
 * prefix of what it was sent (only the tail in flight at its kill may be missing; the last process, stopped
 * after it drained, all of it), and each process delivered a prefix of what it wrote. Returns how many
 * trades were lost in flight.
 */
export function assertEpochs(sent: readonly (readonly string[])[], delivered: readonly (readonly string[])[], disk: readonly string[], what: string): number {
  let at = 0;
  let lost = 0;
  sent.forEach((s, e) => {
    let n = 0;
    while (n < s.length && at < disk.length && disk[at] === s[n]) {
      n++;
      at++;
    }
    const written = s.slice(0, n);
    if (e === sent.length - 1) assert.equal(n, s.length, `${what}: process ${e + 1} (stopped cleanly) wrote ${n} of ${s.length}`);
    lost += s.length - n;
    const d = delivered[e] ?? [];
    assert.deepEqual(d, written.slice(0, d.length), `${what}: process ${e + 1} delivered what it did not write, or out of order`);
  });
  assert.equal(at, disk.length, `${what}: line ${at + 1} on disk (${disk[at]}) is not the next trade sent, or is a duplicate`);
  return lost;
}
