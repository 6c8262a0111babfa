// The import scanner the boundary and layer tests share: which modules a source file imports,
// read from the text (no compiler), so a test can check imports against a rule without building.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface Import {
  spec: string;
  typeOnly: boolean;
}

const SOURCE = /\.(ts|cts|mts)$/;

/** Every TypeScript source under `dir` (declaration files and node_modules left out). */
export function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return SOURCE.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Full-line and leading block comments removed: import statements start lines, prose does not count. */
export function stripComments(src: string): string {
  return src
    .replace(/^\s*\/\*[\s\S]*?\*\//gm, '')
    .split('\n')
    .filter((l) => !/^\s*\/\//.test(l))
    .join('\n');
}

/** The source of a file without its comments. */
export function code(file: string): string {
  return stripComments(fs.readFileSync(file, 'utf8'));
}

/** Static imports, re-exports, side-effect imports, `import()` and `import x = require()`. */
export function importsOf(src: string): Import[] {
  const out: Import[] = [];
  const fromRe = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;
  for (const m of src.matchAll(fromRe)) {
    const clause = m[3] ?? '';
    const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
    const allTypes = named !== null && named[1]!.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    out.push({ spec: m[4]!, typeOnly: m[2] !== undefined || allTypes });
  }
  for (const m of src.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) out.push({ spec: m[1]!, typeOnly: false });
  for (const m of src.matchAll(/(?<![.\w])(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

/** Repository-relative path with forward slashes. */
export const rel = (f: string): string => path.relative(REPO_ROOT, f).split(path.sep).join('/');
export const isElectron = (spec: string): boolean => spec === 'electron' || spec.startsWith('electron/') || spec === 'electron-store';
export const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);
export const resolveRel = (file: string, spec: string): string => path.resolve(path.dirname(file), spec);

/** The package a bare specifier names: `@scope/name` or `name` (subpaths dropped). */
export function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
