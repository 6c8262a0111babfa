// The electron-builder configuration (package.json "build"), checked without building: it must pass
// electron-builder's own schema, name only files that exist, keep installers out of the compiled
// code, ship what the packaged app reads at run time, and carry icons reproducible from the script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';

interface FileSet {
  from: string;
  to: string;
}

interface BuildConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  extraResources: FileSet[];
  asar: boolean;
  electronFuses: Record<string, boolean>;
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  linux: { target: string[]; icon: string };
}

interface PackageJson {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  build: BuildConfig;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
const build = pkg.build;
const at = (p: string): string => path.join(REPO_ROOT, p);

test('electron-builder accepts the configuration (its own schema validation)', async () => {
  const require = createRequire(at('package.json'));
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(build, new DebugLogger(false));
  await assert.rejects(validateConfiguration({ ...build, win: { target: ['nsis'], notAnOption: true } }, new DebugLogger(false)), /configuration/);
});

test('installers go to release/, never over the compiled dist/; resources come from build/', () => {
  assert.equal(build.directories.output, 'release');
  assert.equal(build.directories.buildResources, 'build');
  assert.deepEqual(build.win.target, ['nsis']);
  assert.deepEqual(build.mac.target, ['dmg']);
  assert.deepEqual(build.linux.target, ['AppImage']);
  assert.equal(pkg.scripts.dist, 'npm run build && electron-builder --publish never');
  assert.equal(build.asar, true);
});

test('fuses harden the packaged app', () => {
  assert.deepEqual(build.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('every file the configuration names exists', () => {
  for (const icon of [build.win.icon, build.mac.icon]) assert.ok(fs.statSync(at(icon)).isFile(), icon);
  const linuxIcons = fs.readdirSync(at(build.linux.icon));
  for (const s of [16, 32, 48, 64, 128, 256, 512]) assert.ok(linuxIcons.includes(`${s}x${s}.png`), `${build.linux.icon}/${s}x${s}.png`);
  for (const r of build.extraResources) assert.ok(fs.existsSync(at(r.from)), r.from);
  assert.ok(fs.statSync(at(pkg.main)).isFile(), `main ${pkg.main}`);
  // Each `files` pattern must match something once `npm run build` ran (the test script builds first).
  const probes: Record<string, string> = {
    'package.json': 'package.json',
    'dist/electron/**/*.js': 'dist/electron/shell/main.js',
    'dist/electron/**/*.cjs': 'dist/electron/shell/preload.cjs',
    'dist/ui/**/*': 'dist/ui/index.html',
  };
  assert.deepEqual(Object.keys(probes).sort(), [...build.files].sort(), 'a new files pattern needs a probe here');
  for (const [pattern, file] of Object.entries(probes)) assert.ok(fs.existsSync(at(file)), `${pattern}: ${file}`);
});

test('what the packaged app reads at run time is shipped', () => {
  const extra = new Map(build.extraResources.map((r) => [r.to, r.from]));
  assert.equal(extra.get('watchlist.json'), 'watchlist.json', 'the default watchlist, copied to user data on first run');
  assert.equal(extra.get('tray'), 'build/tray', 'tray icons (build/ itself is not packed)');
  for (const f of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) assert.ok(fs.existsSync(at(`build/tray/${f}`)), f);
  const wl = JSON.parse(fs.readFileSync(at('watchlist.json'), 'utf8')) as { codes: unknown };
  assert.ok(Array.isArray(wl.codes) && wl.codes.length > 0);
  assert.ok(pkg.main.startsWith('dist/electron/'), 'main inside the packed files');
});

test('runtime packages of the compiled app are dependencies (devDependencies are not packed)', () => {
  const dist = at('dist/electron');
  const js = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? js(path.join(dir, e.name)) : /\.c?js$/.test(e.name) ? [path.join(dir, e.name)] : []));
  const bare = new Set<string>();
  for (const f of js(dist)) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/(?:from\s*|require\(\s*|import\(\s*)["']([^"'.][^"']*)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith('node:')) continue;
      bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  bare.delete('electron'); // provided by the runtime itself; electron-builder wants it in devDependencies
  assert.ok(pkg.devDependencies.electron !== undefined);
  for (const name of bare) {
    if (builtinModules.includes(name)) continue;
    assert.ok(pkg.dependencies[name] !== undefined, `${name} is imported by dist/electron but is not in dependencies`);
  }
  assert.ok(bare.has('electron-store') && bare.has('express') && bare.has('ws'));
});

function pngSize(file: string): [number, number] {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test('icons have the sizes the platforms need', () => {
  assert.deepEqual(pngSize(at('build/icon.png')), [1024, 1024]);
  for (const s of [16, 32, 48, 64, 128, 256, 512]) assert.deepEqual(pngSize(at(`build/icons/${s}x${s}.png`)), [s, s]);
  assert.deepEqual(pngSize(at('build/tray/tray.png')), [16, 16]);
  assert.deepEqual(pngSize(at('build/tray/tray@2x.png')), [32, 32]);
  const ico = fs.readFileSync(at('build/icon.ico'));
  assert.equal(ico.readUInt16LE(2), 1, 'ICO type');
  const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
  assert.ok(sizes.includes(256) && sizes.includes(16), `ico sizes ${sizes.join(',')}`);
  const icns = fs.readFileSync(at('build/icon.icns'));
  assert.equal(icns.subarray(0, 4).toString('latin1'), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length);
  assert.ok(icns.includes(Buffer.from('ic10')) && icns.includes(Buffer.from('ic09')), '512 and 1024 px entries');
});

test('the icons are exactly what build/make-icons.mjs draws (reproducible from the repository)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-icons-'));
  const listed = execFileSync(process.execPath, [at('build/make-icons.mjs'), '--out', out], { encoding: 'utf8' }).trim().split('\n');
  assert.ok(listed.length >= 14);
  for (const file of listed) {
    const name = path.relative(out, file);
    assert.ok(fs.readFileSync(file).equals(fs.readFileSync(at(path.join('build', name)))), `build/${name} differs from the generator's output`);
  }
  fs.rmSync(out, { recursive: true, force: true });
});
