// watchlist.json: `{"description": "...", "codes": ["005930", ...]}`. Changes made through the app
// rewrite it atomically (temp file + fsync + rename + directory fsync,
// docs/durability.md#atomic-rewrite), keeping the description and any other keys; edits made by hand
// while the app runs are picked up, and a broken edit is reported while the last good list stays in force.
import fs from 'node:fs';
import path from 'node:path';
import { isValidCode } from '../shared/trade.ts';
import type { Logger } from '../log.ts';

export class WatchlistError extends Error {
  override name = 'WatchlistError';
}

export interface Watchlist {
  description?: string;
  codes: string[];
}

/** Parses and validates watchlist text; throws WatchlistError with one line naming `source` and the problem. */
export function parseWatchlist(text: string, source: string): Watchlist {
  return toWatchlist(parseObject(text, source), source);
}

function parseObject(text: string, source: string): Record<string, unknown> {
  // Windows editors (Notepad) may save UTF-8 with a byte-order mark, which JSON.parse refuses.
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new WatchlistError(`${source}: not valid JSON (${describeJsonError(json, (e as Error).message)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new WatchlistError(`${source}: expected an object like {"codes": ["005930"]}`);
  }
  return raw as Record<string, unknown>;
}

/** V8's message, with its byte position (when it gives one) turned into a line and column for editors. */
function describeJsonError(text: string, message: string): string {
  const first = message.split('\n')[0] as string;
  const m = / at position (\d+)/.exec(first);
  if (!m) return first;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${first.replace(/ in JSON at position \d+.*$| at position \d+.*$/, '')} at line ${line} column ${column}`;
}

function toWatchlist(raw: Record<string, unknown>, source: string): Watchlist {
  if (!Array.isArray(raw.codes)) throw new WatchlistError(`${source}: "codes" is missing or not a list`);
  if (raw.description !== undefined && typeof raw.description !== 'string') {
    throw new WatchlistError(`${source}: "description" must be text`);
  }
  const codes = validateCodes(raw.codes as unknown[], source);
  return raw.description === undefined ? { codes } : { description: raw.description, codes };
}

function validateCodes(codes: readonly unknown[], source: string): string[] {
  const seen = new Set<string>();
  codes.forEach((c, i) => {
    if (typeof c !== 'string' || !isValidCode(c)) {
      throw new WatchlistError(`${source}: invalid code ${JSON.stringify(c)} at index ${i} (six digits or capital letters, e.g. "005930")`);
    }
    if (seen.has(c)) throw new WatchlistError(`${source}: duplicate code "${c}" at index ${i}`);
    seen.add(c);
  });
  return [...seen];
}

const POLL_MS = 2_000;
const SETTLE_MS = 50;

export class WatchlistFile {
  private raw: Record<string, unknown>;
  private current: string[];
  /** Last good text read or written: seeing it again means our own write or no change. */
  private lastText: string;
  private error: string | null = null;
  /** The file holds a hand edit that does not parse (as opposed to being unreadable for a moment). */
  private brokenEdit = false;
  private readonly listeners = new Set<(codes: string[]) => void>();
  private readonly errorListeners = new Set<(error: string | null) => void>();
  private watcher: fs.FSWatcher | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly file: string,
    private readonly log: Logger,
    text: string,
    raw: Record<string, unknown>,
    codes: string[],
  ) {
    this.lastText = text;
    this.raw = raw;
    this.current = codes;
  }

  /** Reads and validates the file; throws WatchlistError (one clear line) when it is missing or broken. */
  static load(file: string, log: Logger): WatchlistFile {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new WatchlistError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const raw = parseObject(text, file);
    const { codes } = toWatchlist(raw, file);
    removeStaleTemps(file);
    return new WatchlistFile(file, log, text, raw, codes);
  }

  codes(): string[] {
    return [...this.current];
  }

  description(): string | undefined {
    return typeof this.raw.description === 'string' ? this.raw.description : undefined;
  }

  /** The problem with the file as last edited by hand, null when it is fine. */
  lastError(): string | null {
    return this.error;
  }

  /** Appends a code; false when it was already listed. Throws WatchlistError for an invalid code. */
  add(code: string): boolean {
    if (!isValidCode(code)) throw new WatchlistError(`invalid code ${JSON.stringify(code)} (six digits or capital letters, e.g. "005930")`);
    if (this.current.includes(code)) return false;
    this.setCodes([...this.current, code]);
    return true;
  }

  /** Removes a code; false when it was not listed. */
  remove(code: string): boolean {
    if (!this.current.includes(code)) return false;
    this.setCodes(this.current.filter((c) => c !== code));
    return true;
  }

  /** Replaces the list (also to reorder it) and rewrites the file atomically. */
  setCodes(codes: readonly string[]): void {
    // Rewriting now would throw away the user's unfinished hand edit.
    if (this.brokenEdit) throw new WatchlistError(`${this.error ?? this.file}; fix the file before changing the list here`);
    const next = validateCodes(codes, 'watchlist');
    const raw = { ...this.raw, codes: next };
    const text = `${JSON.stringify(raw, null, 2)}\n`;
    writeAtomic(this.file, text);
    this.raw = raw;
    this.lastText = text;
    this.error = null;
    this.apply(next);
  }

  /** Calls `listener(codes)` after every change of the list, whoever made it. Returns an unsubscribe function. */
  onChange(listener: (codes: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener(error)` when a hand edit breaks the file (the message) and when it is valid again (null). */
  onErrorChange(listener: (error: string | null) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Starts following hand edits. The directory is watched (editors replace the file by renaming),
   * with a slow poll behind it for filesystems where watching is unreliable.
   */
  watch(): void {
    if (this.pollTimer) return;
    try {
      this.watcher = fs.watch(path.dirname(this.file), (_event, name) => {
        if (name === null || name === path.basename(this.file)) this.settleThenCheck();
      });
      this.watcher.on('error', (e) => this.log.warn('watching the watchlist directory failed; polling only', { error: e.message }));
      this.watcher.unref();
    } catch (e) {
      this.log.warn('cannot watch the watchlist directory; polling only', { error: (e as Error).message });
    }
    this.pollTimer = setInterval(() => this.check(), POLL_MS);
    this.pollTimer.unref();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.pollTimer = null;
    this.settleTimer = null;
    this.listeners.clear();
    this.errorListeners.clear();
  }

  /** Editors write in several steps; read once the burst of events has passed. */
  private settleThenCheck(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.check();
    }, SETTLE_MS);
    this.settleTimer.unref();
  }

  private check(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      // Missing for a moment while an editor swaps files in; reported only if it stays away.
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      this.report(`${this.file}: cannot read (${code}); keeping the last good list`);
      return;
    }
    if (text === this.lastText) {
      this.recovered();
      return;
    }
    try {
      const raw = parseObject(text, this.file);
      const { codes } = toWatchlist(raw, this.file);
      this.raw = raw;
      this.lastText = text;
      this.recovered();
      this.apply(codes);
    } catch (e) {
      if (!(e instanceof WatchlistError)) throw e;
      this.brokenEdit = true;
      this.report(`${e.message}; keeping the last good list`);
    }
  }

  private recovered(): void {
    this.brokenEdit = false;
    if (this.error === null) return;
    this.error = null;
    this.log.info('watchlist file is valid again', { path: this.file });
    for (const l of this.errorListeners) l(null);
  }

  private report(message: string): void {
    if (message === this.error) return;
    this.error = message;
    this.log.error('watchlist edit rejected', { error: message });
    for (const l of this.errorListeners) l(message);
  }

  private apply(codes: string[]): void {
    if (codes.length === this.current.length && codes.every((c, i) => c === this.current[i])) return;
    this.current = codes;
    for (const l of this.listeners) l([...codes]);
  }
}

function tempPrefix(file: string): string {
  return `.${path.basename(file)}.tmp-`;
}

function writeAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${tempPrefix(file)}${process.pid}`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Directories cannot be opened or synced on Windows; the rename itself is still atomic.
  }
}

/** Temp files left by a crash in the middle of a rewrite. */
function removeStaleTemps(file: string): void {
  const prefix = tempPrefix(file);
  const dir = path.dirname(file);
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(prefix)) fs.rmSync(path.join(dir, name), { force: true });
  }
}
