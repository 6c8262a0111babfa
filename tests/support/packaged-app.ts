// Packs the app with the real electron-builder and the project's own configuration (Linux `dir`
// target, so no installer tools are needed) against a stand-in Electron distribution: a file that
// carries Electron's fuse sentinel and a fuse wire in Electron's default state, which is all
// electron-builder reads or changes in the binary. The stand-in cannot run; the packed app.asar,
// resources and flipped fuses are electron-builder's real output.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import asar from '@electron/asar';
import { REPO_ROOT } from './paths.ts';

/** @electron/fuses' marker: the fuse wire follows it as [version, length, ...states]. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;
/** Fuse states as bytes: '0' disabled, '1' enabled. */
export const FUSE_OFF = 0x30;
export const FUSE_ON = 0x31;
/** Electron's FuseV1 order, and the state a release binary ships with. */
export const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
const ELECTRON_DEFAULT_WIRE = [FUSE_ON, FUSE_OFF, FUSE_ON, FUSE_ON, FUSE_OFF, FUSE_OFF, FUSE_OFF, FUSE_ON];

export interface PackedApp {
  /** linux-unpacked: the folder an AppImage would hold. */
  appOutDir: string;
  resources: string;
  /** The product executable (the stand-in, renamed and with its fuses flipped). */
  executable: string;
  asar: string;
}

function standInElectron(dir: string): void {
  fs.mkdirSync(path.join(dir, 'locales'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.from([FUSE_WIRE_VERSION, ELECTRON_DEFAULT_WIRE.length, ...ELECTRON_DEFAULT_WIRE]);
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary"\nexit 1\n'), Buffer.from(FUSE_SENTINEL), wire]), { mode: 0o755 });
  for (const f of ['LICENSE', 'LICENSES.chromium.html', 'resources.pak', 'icudtl.dat', 'v8_context_snapshot.bin']) fs.writeFileSync(path.join(dir, f), '');
}

/** Runs `electron-builder --linux dir` into `root`; the repository must be built (`npm run build`). */
export async function packLinuxDir(root: string): Promise<PackedApp> {
  const dist = path.join(root, 'electron-dist');
  standInElectron(dist);
  const out = path.join(root, 'release');
  const cli = path.join(REPO_ROOT, 'node_modules', '.bin', 'electron-builder');
  await promisify(execFile)(cli, ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${out}`], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: root },
    maxBuffer: 16 * 1024 * 1024,
  });
  const appOutDir = path.join(out, 'linux-unpacked');
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string };
  return { appOutDir, resources: path.join(appOutDir, 'resources'), executable: path.join(appOutDir, pkg.name), asar: path.join(appOutDir, 'resources', 'app.asar') };
}

/** The fuse wire after the sentinel, as byte states in FUSE_ORDER. */
export function readFuseWire(executable: string): number[] {
  const bin = fs.readFileSync(executable);
  const at = bin.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`no fuse sentinel in ${executable}`);
  const wire = at + FUSE_SENTINEL.length;
  if (bin[wire] !== FUSE_WIRE_VERSION) throw new Error(`fuse wire version ${String(bin[wire])}`);
  return [...bin.subarray(wire + 2, wire + 2 + bin[wire + 1]!)];
}

export function asarFiles(archive: string): string[] {
  return asar.listPackage(archive, { isPack: false });
}

/** Unpacks app.asar so the app can run in Node (which cannot read asar archives) exactly as packed. */
export function extractAsar(archive: string, dest: string): void {
  asar.extractAll(archive, dest);
}
