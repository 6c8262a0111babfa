// The layer table of docs/ARCHITECTURE.md as data, and the check of a set of sources against it.
// A row reads: `folder/` (or a file) | what lives there | what it may import, each item in backticks:
// a folder (ends in `/`), a file, `node:` for Node's built-in modules, a package name, or `*`.
// A file follows the most specific row that holds it and may always import its own row's files.
import path from 'node:path';
import { importsOf, isNodeBuiltin, packageName, stripComments } from './imports.ts';

export interface LayerRule {
  /** Repository-relative folder (ending in `/`) or file. */
  folder: string;
  mayImport: string[];
}

export interface SourceFile {
  /** Repository-relative, forward slashes. */
  path: string;
  source: string;
}

/** One import the table does not allow, for now, named with the reason and when it goes. */
export interface Allowance {
  file: string;
  /** Repository-relative target (folder prefix or file) of the import. */
  target: string;
  why: string;
}

export interface LayerReport {
  violations: string[];
  /** Allowances no import needed any more: delete them. */
  unused: Allowance[];
}

const BACKTICKED = /`([^`]+)`/g;

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** The rules of the first Markdown table whose header has a `folder` and a `may import` column. */
export function parseLayerTable(markdown: string): LayerRule[] {
  const lines = markdown.split('\n');
  const head = lines.findIndex((l) => l.trim().startsWith('|') && /\bfolder\b/i.test(l) && /may import/i.test(l));
  if (head < 0) throw new Error('no layer table (a table with "folder" and "may import" columns) found');
  const header = cells(lines[head]!).map((c) => c.toLowerCase());
  const folderCol = header.findIndex((c) => c.includes('folder'));
  const importCol = header.findIndex((c) => c.includes('may import'));
  const rules: LayerRule[] = [];
  for (const line of lines.slice(head + 2)) {
    if (!line.trim().startsWith('|')) break;
    const row = cells(line);
    const folder = /`([^`]+)`/.exec(row[folderCol] ?? '')?.[1];
    if (folder === undefined) throw new Error(`layer table row without a folder in backticks: ${line}`);
    rules.push({ folder, mayImport: [...(row[importCol] ?? '').matchAll(BACKTICKED)].map((m) => m[1]!) });
  }
  return rules;
}

const isPathEntry = (entry: string): boolean => entry.endsWith('/') || /\.[cm]?ts$/.test(entry);
const holds = (entry: string, target: string): boolean => (entry.endsWith('/') ? target.startsWith(entry) : target === entry);

/** The most specific rule whose folder holds the file. */
export function ruleFor(rules: LayerRule[], file: string): LayerRule | undefined {
  return rules.filter((r) => holds(r.folder, file)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

/** What an import reaches: a repository path for a relative import, `node:` or a package name otherwise. */
function targetOf(file: string, spec: string): string {
  if (spec.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
  return isNodeBuiltin(spec) ? 'node:' : packageName(spec);
}

function allowedBy(rule: LayerRule, target: string, relative: boolean): boolean {
  if (rule.mayImport.includes('*')) return true;
  if (relative) return holds(rule.folder, target) || rule.mayImport.some((e) => isPathEntry(e) && holds(e, target));
  return rule.mayImport.some((e) => !isPathEntry(e) && e === target);
}

/** Every import of `files` checked against `rules`; `allow` lists the known exceptions. */
export function checkLayers(rules: LayerRule[], files: SourceFile[], allow: Allowance[] = []): LayerReport {
  const violations: string[] = [];
  const used = new Set<Allowance>();
  for (const f of files) {
    const rule = ruleFor(rules, f.path);
    if (rule === undefined) {
      violations.push(`${f.path}: no row of the layer table holds this file`);
      continue;
    }
    for (const { spec } of importsOf(stripComments(f.source))) {
      const relative = spec.startsWith('.');
      const target = targetOf(f.path, spec);
      if (allowedBy(rule, target, relative)) continue;
      const known = allow.find((a) => a.file === f.path && holds(a.target, target));
      if (known !== undefined) {
        used.add(known);
        continue;
      }
      const may = rule.mayImport.length > 0 ? rule.mayImport.join(', ') : 'nothing else';
      violations.push(`${f.path} imports '${spec}' (${target}), against the layer table: ${rule.folder} may import its own files and ${may}`);
    }
  }
  return { violations, unused: allow.filter((a) => !used.has(a)) };
}
