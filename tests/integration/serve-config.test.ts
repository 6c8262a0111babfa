// Start-up of the real serve process: every configuration problem stops it with exit code 1 and one
// line naming the setting; a taken port is named; SIGTERM stops it cleanly with exit code 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { messageLines, runServeToExit, startServe, tempSetup } from '../support/serve-process.ts';


/** Each start-up in `cases` stops with exit code 1 and one stderr line matching its pattern, never listening. */
async function stopsWithOneLine(s: { dataDir: string; watchlistPath: string }, cases: [Record<string, string>, RegExp][]): Promise<void> {
  for (const [env, pattern] of cases) {
    const r = await runServeToExit({ DATA_DIR: s.dataDir, WATCHLIST_PATH: s.watchlistPath, PORT: '0', ...env });
    assert.equal(r.code, 1, JSON.stringify(env));
    const lines = messageLines(r.stderr);
    assert.equal(lines.length, 1, `one line for ${JSON.stringify(env)}: ${r.stderr}`);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(r.stdout, /listening/);
  }
}

test('an unusable data folder exits 1 with one line naming DATA_DIR, not a bare EACCES or EISDIR', async () => {
  const s = await tempSetup(['005930']);
  try {
    const lockDir = path.join(s.dataDir, 'demo', '.footprint.lock');
    await fs.mkdir(lockDir, { recursive: true });
    // Root writes anywhere it has a mode for: sysfs refuses file creation even to root.
    const readOnly = process.getuid?.() === 0 ? '/sys' : path.join(s.dir, 'read-only');
    if (readOnly !== '/sys') await fs.mkdir(readOnly, { mode: 0o555 });
    const ls = { FEED: 'ls', LS_APP_KEY: 'PSkey-00000000', LS_APP_SECRET: 'secret-00000000', LS_REST_URL: 'http://127.0.0.1:9', LS_WS_URL: 'ws://127.0.0.1:9/websocket' };
    const aFile = path.join(s.dir, 'a-file');
    await fs.writeFile(aFile, 'x');
    const shown = (p: string): string => JSON.stringify(p).replace(/[/.]/g, (c) => `\\${c}`);
    const cases: [Record<string, string>, RegExp][] = [
      [{ FEED: 'demo' }, /^DATA_DIR: .*footprint\.lock.*a directory is in its place/],
      [{ ...ls, DATA_DIR: readOnly }, /^DATA_DIR: .*not writable \(E(ACCES|PERM|ROFS)\)/],
      // The demo records in DATA_DIR/demo: the folder it cannot write is named, not a bare errno.
      [{ FEED: 'demo', DATA_DIR: readOnly }, new RegExp(`^DATA_DIR: ${shown(readOnly)} \\(creating .*demo"\\) is not writable \\(E(ACCES|PERM)\\)$`)],
      [{ ...ls, DATA_DIR: path.join(readOnly, 'new') }, new RegExp(`^DATA_DIR: ${shown(readOnly)} \\(creating .*new"\\) is not writable \\(E(ACCES|PERM)\\)$`)],
      [{ ...ls, DATA_DIR: aFile }, new RegExp(`^DATA_DIR: ${shown(aFile)} is a file, not a folder \\(EEXIST\\)$`)],
      // procfs refuses new folders with ENOENT, on which Node's recursive mkdir retries for ever: it must stop, not hang.
      [{ ...ls, DATA_DIR: '/proc/footprint/data' }, /^DATA_DIR: "\/proc" \(creating "\/proc\/footprint\/data"\) (does not take new folders \(ENOENT\)|is not writable \(E(ACCES|PERM)\))$/],
    ];
    await stopsWithOneLine(s, cases);
    assert.ok((await fs.stat(lockDir)).isDirectory(), 'the directory is left alone');
  } finally {
    await s.cleanup();
  }
});

test('invalid settings exit 1 with one line naming the setting', async () => {
  const s = await tempSetup(['005930']);
  try {
    const brokenWatchlist = path.join(s.dir, 'broken.json');
    await fs.writeFile(brokenWatchlist, '{"codes": ["005930",');
    const badCode = path.join(s.dir, 'badcode.json');
    await fs.writeFile(badCode, '{"codes": ["5930"]}');
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'eighty' }, /^PORT: /],
      [{ PORT: '70000' }, /^PORT: /],
      [{ FEED: 'ls' }, /^FEED: /],
      [{ FEED: 'tape' }, /^FEED: /],
      [{ LS_APP_KEY: 'PSkey-00000000' }, /^LS_APP_SECRET: /],
      [{ PORT: '80' }, /^PORT: .*1024/],
      [{ FEED: 'replay' }, /^REPLAY_DATE: /],
      [{ WATCHLIST_PATH: brokenWatchlist }, /broken\.json: not valid JSON/],
      [{ WATCHLIST_PATH: badCode }, /badcode\.json: invalid code "5930"/],
      [{ WATCHLIST_PATH: path.join(s.dir, 'missing.json') }, /missing\.json: cannot read/],
    ];
    await stopsWithOneLine(s, cases);
  } finally {
    await s.cleanup();
  }
});

test('a port in use stops start-up with a line naming the port', async () => {
  const s = await tempSetup(['005930']);
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const port = (blocker.address() as AddressInfo).port;
  try {
    const r = await runServeToExit({ DATA_DIR: s.dataDir, WATCHLIST_PATH: s.watchlistPath, PORT: String(port) });
    assert.equal(r.code, 1);
    const lines = messageLines(r.stderr);
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`PORT ${port} is already in use`));
  } finally {
    blocker.close();
    await s.cleanup();
  }
});

test('PORT=0 prints the real URL; SIGTERM closes cleanly with exit code 0', async () => {
  const s = await tempSetup(['005930']);
  try {
    const serve = await startServe({ DATA_DIR: s.dataDir, WATCHLIST_PATH: s.watchlistPath });
    assert.match(serve.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(serve.url).port, '0');
    assert.equal((await fetch(`${serve.url}/`)).status, 200);
    assert.equal(await serve.stop(), 0);
    // Demo data stays under DATA_DIR/demo, never beside real data.
    assert.deepEqual((await fs.readdir(s.dataDir)).filter((n) => n.startsWith('raw_data_')), []);
  } finally {
    await s.cleanup();
  }
});
