// Import boundaries, checked on the sources: only the shell may touch Electron (in plain Node,
// importing `electron` or `electron-store` tries to download a binary and throws), the shared modules
// stay isomorphic, and the renderer uses only the shared modules and browser packages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { code, importsOf, isElectron, isNodeBuiltin, rel, resolveRel, walk } from '../support/imports.ts';
import { IPC_CHANNELS } from '../../electron/shared/wire.ts';

const SHELL = path.join(REPO_ROOT, 'electron', 'shell');
const SHARED = path.join(REPO_ROOT, 'electron', 'shared');
const RENDERER = path.join(REPO_ROOT, 'renderer');
const ALL = ['electron', 'renderer', 'tests', 'bench'].flatMap((d) => walk(path.join(REPO_ROOT, d)));

test('the import scanner sees every form of import', () => {
  const found = importsOf([
    "import a from 'a';",
    "import type { B } from 'b';",
    "import { type C, type D } from 'c';",
    "import { type E, f } from 'e';",
    "import {\n  g,\n  h,\n} from 'g';",
    "import 'side';",
    "export { x } from 'x';",
    "export * from 'star';",
    "const m = await import('dyn');",
    "import electron = require('req');",
    "import.meta.glob(['./not-an-import.ts']);",
  ].join('\n'));
  assert.deepEqual(found.map((i) => `${i.spec}${i.typeOnly ? ':type' : ''}`).sort(), ['a', 'b:type', 'c:type', 'dyn', 'e', 'g', 'req', 'side', 'star', 'x'].sort());
});

test('nothing outside electron/shell imports electron or electron-store', () => {
  assert.ok(ALL.length > 20, 'the scan found the sources');
  const bad = ALL.filter((f) => !f.startsWith(SHELL + path.sep)).flatMap((f) => importsOf(code(f)).filter((i) => isElectron(i.spec)).map((i) => `${rel(f)} → ${i.spec}`));
  assert.deepEqual(bad, []);
});

test('electron/shared imports nothing but itself (no node:*, express, ws)', () => {
  const files = walk(SHARED);
  assert.ok(files.length > 0);
  const bad = files.flatMap((f) =>
    importsOf(code(f))
      .filter((i) => !i.spec.startsWith('.') || !resolveRel(f, i.spec).startsWith(SHARED + path.sep))
      .map((i) => `${rel(f)} → ${i.spec}`),
  );
  assert.deepEqual(bad, []);
});

test('the renderer imports only electron/shared, its own files and browser packages', () => {
  const files = walk(path.join(RENDERER, 'src'));
  assert.ok(files.length > 0);
  const BROWSER_PACKAGES = new Set(['lightweight-charts']);
  const bad = files.flatMap((f) =>
    importsOf(code(f))
      .filter((i) => {
        if (i.spec.startsWith('.')) {
          const target = resolveRel(f, i.spec);
          return !target.startsWith(RENDERER + path.sep) && !target.startsWith(SHARED + path.sep);
        }
        return isNodeBuiltin(i.spec) || !BROWSER_PACKAGES.has(i.spec.startsWith('@') ? i.spec.split('/').slice(0, 2).join('/') : i.spec.split('/')[0]!);
      })
      .map((i) => `${rel(f)} → ${i.spec}`),
  );
  assert.deepEqual(bad, []);
});

/** Shell files that load Electron when imported (directly or through another shell file). */
function electronLoading(): Set<string> {
  const files = walk(SHELL);
  const loads = new Set(files.filter((f) => importsOf(code(f)).some((i) => !i.typeOnly && isElectron(i.spec))));
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of files) {
      if (loads.has(f)) continue;
      const viaShell = importsOf(code(f)).some((i) => !i.typeOnly && i.spec.startsWith('.') && loads.has(resolveRel(f, i.spec)));
      if (viaShell) {
        loads.add(f);
        grew = true;
      }
    }
  }
  return loads;
}

test('the shell’s decision modules load without Electron, and no test imports a module that does', () => {
  const loads = electronLoading();
  for (const wiring of ['main.ts', 'security.ts', 'tray.ts', 'window.ts', 'settings-store.ts', 'preload.cts']) {
    assert.ok(loads.has(path.join(SHELL, wiring)), `${wiring} is Electron wiring`);
  }
  for (const pure of ['policy.ts', 'tray-menu.ts', 'paths.ts', 'port.ts', 'ipc.ts', 'autostart.ts']) {
    assert.ok(!loads.has(path.join(SHELL, pure)), `${pure} must stay importable in plain Node`);
  }
  const testFiles = ALL.filter((f) => f.startsWith(path.join(REPO_ROOT, 'tests') + path.sep));
  const bad = testFiles.flatMap((f) =>
    importsOf(code(f)).filter((i) => !i.typeOnly && i.spec.startsWith('.') && loads.has(resolveRel(f, i.spec))).map((i) => `${rel(f)} → ${i.spec}`),
  );
  assert.deepEqual(bad, []);
});

test('the shell uses the core only through its entry points (and the wire module)', () => {
  const allowed = new Set(['core/start.ts', 'core/config.ts', 'core/settings.ts', 'shared/wire.ts', 'log.ts'].map((p) => path.join(REPO_ROOT, 'electron', p)));
  const bad = walk(SHELL).flatMap((f) =>
    importsOf(code(f))
      .filter((i) => !i.typeOnly && i.spec.startsWith('.'))
      .map((i) => ({ i, target: resolveRel(f, i.spec) }))
      .filter(({ target }) => !target.startsWith(SHELL + path.sep) && !allowed.has(target))
      .map(({ i }) => `${rel(f)} → ${i.spec}`),
  );
  assert.deepEqual(bad, []);
});

test('the compiled preload is one CommonJS file that requires only electron and uses the declared channels', () => {
  const file = path.join(REPO_ROOT, 'dist', 'electron', 'shell', 'preload.cjs');
  const js = fs.readFileSync(file, 'utf8');
  const required = [...js.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  assert.deepEqual(required, ['electron']);
  const channels = [...js.matchAll(/invoke\(\s*["']([^"']+)["']/g)].map((m) => m[1]).sort();
  assert.deepEqual(channels, Object.values(IPC_CHANNELS).sort());
  assert.doesNotMatch(js, /exposeInMainWorld\([^)]*ipcRenderer\s*\)/, 'never hands ipcRenderer itself to the page');
});

test('no compiled module outside the shell loads electron', () => {
  const distElectron = path.join(REPO_ROOT, 'dist', 'electron');
  const js = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? js(path.join(dir, e.name)) : /\.c?js$/.test(e.name) ? [path.join(dir, e.name)] : []));
  const files = js(distElectron).filter((f) => !f.startsWith(path.join(distElectron, 'shell') + path.sep));
  assert.ok(files.length > 10);
  const bad = files.filter((f) => /(?:from\s*|require\(\s*|import\(\s*)["']electron(?:-store)?["']/.test(fs.readFileSync(f, 'utf8'))).map(rel);
  assert.deepEqual(bad, []);
});
