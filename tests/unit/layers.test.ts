// The layer table of docs/ARCHITECTURE.md, enforced: every import of every source must be one its
// folder's row allows, so the table stays the truth about the code's shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.ts';
import { rel, walk } from '../support/imports.ts';
import { checkLayers, parseLayerTable, ruleFor, type Allowance, type SourceFile } from '../support/layers.ts';

/** Imports against the table that another change is removing; each entry goes when its reason does. */
const KNOWN_EXCEPTIONS: Allowance[] = [];

const TABLE = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');

function repoSources(): SourceFile[] {
  return ['electron', 'renderer', 'tests', 'bench']
    .flatMap((d) => walk(path.join(REPO_ROOT, d)))
    .map((f) => ({ path: rel(f), source: fs.readFileSync(f, 'utf8') }));
}

test('the layer table of docs/ARCHITECTURE.md reads as rules naming folders that exist', () => {
  const rules = parseLayerTable(TABLE);
  const folders = rules.map((r) => r.folder);
  for (const f of ['electron/shared/', 'electron/collector/', 'electron/store/', 'electron/server/', 'electron/core/', 'electron/shell/', 'renderer/']) {
    assert.ok(folders.includes(f), `the table has a row for ${f}`);
  }
  assert.deepEqual(rules.find((r) => r.folder === 'electron/shared/')?.mayImport, [], 'shared imports nothing but itself');
  assert.ok(!rules.find((r) => r.folder === 'electron/server/')?.mayImport.some((e) => /^electron\/(core|collector|shell)\//.test(e)));
  for (const entry of rules.flatMap((r) => [r.folder, ...r.mayImport.filter((e) => e.endsWith('/') || e.endsWith('.ts'))])) {
    assert.ok(fs.existsSync(path.join(REPO_ROOT, entry)), `the table names ${entry}, which does not exist`);
  }
});

test('every import follows the layer table', () => {
  const files = repoSources();
  assert.ok(files.length > 100, 'the scan found the sources');
  const { violations, unused } = checkLayers(parseLayerTable(TABLE), files, KNOWN_EXCEPTIONS);
  assert.deepEqual(violations, [], `imports against docs/ARCHITECTURE.md's layer table:\n${violations.join('\n')}`);
  assert.deepEqual(unused, [], 'a known exception is no longer needed: delete it from KNOWN_EXCEPTIONS');
});

test('each known exception is an import the scan reports without it, and nothing else is', () => {
  const { violations } = checkLayers(parseLayerTable(TABLE), repoSources());
  const by = (a: Allowance) => (v: string): boolean => v.startsWith(`${a.file} imports `) && v.includes(` (${a.target}`);
  assert.deepEqual(violations.filter((v) => !KNOWN_EXCEPTIONS.some((a) => by(a)(v))), []);
  for (const a of KNOWN_EXCEPTIONS) assert.ok(violations.some(by(a)), `${a.file} → ${a.target} is reported`);
});

const SYNTHETIC = `
Some prose before the table.

| folder | what lives there | may import |
|---|---|---|
| \`app/shared/\` | pure code, no \`node:\` here (prose) | nothing but itself |
| \`app/server/\` | routes | \`app/shared/\`, \`node:\`, \`express\` |
| \`app/server/boot.ts\` | start-up | \`app/core/\`, \`node:\` |
| \`app/core/\` | wiring | everything: \`app/shared/\`, \`app/server/\`, \`@scope/pkg\` |
| \`tests/\` | tests | anything: \`*\` |

## Next section
`;

test('mutation: the check fails on a synthetic import against a synthetic table', () => {
  const rules = parseLayerTable(SYNTHETIC);
  assert.deepEqual(rules.map((r) => r.folder), ['app/shared/', 'app/server/', 'app/server/boot.ts', 'app/core/', 'tests/']);
  assert.deepEqual(rules[0]!.mayImport, [], 'backticks in the description column are not rules');
  assert.equal(ruleFor(rules, 'app/server/boot.ts')?.folder, 'app/server/boot.ts', 'the most specific row wins');

  const clean: SourceFile[] = [
    { path: 'app/shared/a.ts', source: "import { b } from './b.ts';\nimport { c } from './sub/c.ts';" },
    { path: 'app/server/routes.ts', source: "import express from 'express';\nimport fs from 'node:fs';\nimport path from 'path';\nimport { a } from '../shared/a.ts';" },
    { path: 'app/server/boot.ts', source: "import { wire } from '../core/wire.ts';" },
    { path: 'app/core/wire.ts', source: "import { x } from '@scope/pkg/sub';\nimport { r } from '../server/routes.ts';\n// import { gone } from 'comment-only';" },
    { path: 'tests/t.ts', source: "import anything from 'whatever';\nimport { r } from '../app/server/routes.ts';" },
  ];
  assert.deepEqual(checkLayers(rules, clean), { violations: [], unused: [] });

  const mutants: Array<[SourceFile, RegExp]> = [
    [{ path: 'app/shared/a.ts', source: "import fs from 'node:fs';" }, /^app\/shared\/a\.ts imports 'node:fs' \(node:\), against the layer table: app\/shared\/ may import its own files and nothing else$/],
    [{ path: 'app/shared/a.ts', source: "export { r } from '../server/routes.ts';" }, /app\/shared\/a\.ts imports '\.\.\/server\/routes\.ts' \(app\/server\/routes\.ts\)/],
    [{ path: 'app/server/routes.ts', source: "import { wire } from '../core/wire.ts';" }, /app\/server\/routes\.ts imports '\.\.\/core\/wire\.ts' \(app\/core\/wire\.ts\), against the layer table: app\/server\/ may import its own files and app\/shared\/, node:, express$/],
    [{ path: 'app/server/routes.ts', source: "const ws = await import('ws');" }, /imports 'ws' \(ws\)/],
    [{ path: 'app/core/wire.ts', source: "import type { T } from '@other/pkg';" }, /imports '@other\/pkg' \(@other\/pkg\)/],
    [{ path: 'app/orphan.ts', source: '' }, /^app\/orphan\.ts: no row of the layer table holds this file$/],
  ];
  for (const [file, message] of mutants) {
    const { violations } = checkLayers(rules, [file]);
    assert.equal(violations.length, 1, `${file.path}: ${file.source}`);
    assert.match(violations[0]!, message);
  }

  const allowance: Allowance = { file: 'app/server/routes.ts', target: 'app/core/', why: 'synthetic' };
  const allowed = checkLayers(rules, [mutants[2]![0]], [allowance]);
  assert.deepEqual(allowed, { violations: [], unused: [] }, 'an allowance covers exactly its import');
  assert.deepEqual(checkLayers(rules, clean, [allowance]).unused, [allowance], 'an allowance nothing needs is reported');
});
