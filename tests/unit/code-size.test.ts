// Small parts: no product function over 150 lines and no product file over 400 (docs/ARCHITECTURE.md,
// conventions). A longer one is a sign to split it by job, not to raise the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { blankLiterals, longFunctions } from '../support/code-size.ts';
import { rel, walk } from '../support/imports.ts';
import { REPO_ROOT } from '../support/paths.ts';

const FUNCTION_LINES = 150;
const FILE_LINES = 400;
const PRODUCT = [path.join(REPO_ROOT, 'electron'), path.join(REPO_ROOT, 'renderer', 'src')].flatMap((d) => walk(d));

test('no product function is longer than 150 lines', () => {
  assert.ok(PRODUCT.length > 100, 'the scan found the sources');
  const long = PRODUCT.flatMap((f) => longFunctions(fs.readFileSync(f, 'utf8'), FUNCTION_LINES).map((l) => `${rel(f)}:${l.line} ${l.lines} lines: ${l.header}`));
  assert.deepEqual(long, [], `split these by job:\n${long.join('\n')}`);
});

test('no product file is longer than 400 lines', () => {
  const long = PRODUCT.map((f) => ({ f: rel(f), n: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n > FILE_LINES)
    .map((x) => `${x.f}: ${x.n} lines`);
  assert.deepEqual(long, [], `split these:\n${long.join('\n')}`);
});

test('the measure sees functions of every form and ignores braces in literals and comments', () => {
  const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = '}' + \`\${'{'}\` + /[{]/.source; // }`).join('\n');
  const src = [
    `export function declared(a: number): number {\n${body(5)}\n  return a;\n}`,
    `const arrow = async (x: string) => {\n${body(5)}\n};`,
    `class K {\n  private method(a: number, b: string): void {\n${body(5)}\n  }\n}`,
    `function multi(\n  a: number,\n  b: number,\n): number {\n${body(5)}\n  if (a) {\n    return b;\n  }\n  return a;\n}`,
    `if (true) {\n${body(20)}\n}`,
    `class P {\n  async #hidden(a: number): Promise<void> {\n${body(5)}\n  }\n  *gen(): Generator<number> {\n${body(5)}\n  }\n  shape(): { a: number; b: string } {\n${body(5)}\n  }\n}`,
    `function destructured({\n  a,\n  b,\n}: { a: number; b: number }): number {\n${body(5)}\n  return a + b;\n}`,
    `async function options(opts: {\n  a?: number;\n} = {}): Promise<void> {\n${body(5)}\n}`,
    `if (\n  Math.random() > 0.5 &&\n  Date.now() > 0\n) {\n${body(20)}\n}`,
  ].join('\n');
  assert.deepEqual(longFunctions(src, 5).map((f) => f.header), [
    'export function declared(a: number): number {', 'const arrow = async (x: string) => {', 'private method(a: number, b: string): void {', '): number {',
    'async #hidden(a: number): Promise<void> {', '*gen(): Generator<number> {', 'shape(): { a: number; b: string } {',
    '}: { a: number; b: number }): number {', '} = {}): Promise<void> {',
  ]);
  assert.deepEqual(longFunctions(src, 20), [], 'an if block (also one whose condition spans lines) is not a function, and no literal brace counts');
  assert.equal(blankLiterals("const s = 'a{b'; // {\n").includes('{'), false);
});
