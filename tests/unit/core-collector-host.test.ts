// The CollectorHost alone, over a recorder stand-in: its lifecycle, which feed runs, a switch that keeps
// the folder (a reconnect boundary) or moves it (reserve → stop → move), a refused folder that changes
// nothing, and a close that waits for a switch under way. LS URLs point at a closed loopback port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CollectorHost, type CollectorHostDeps } from '../../electron/core/collector-host.ts';
import { loadConfig, toConfig, type Config } from '../../electron/core/config.ts';
import { CLOSED, RUNNING, STARTING } from '../../electron/shared/lifecycle.ts';
import { DEFAULT_SETTINGS } from '../../electron/core/settings.ts';
import { silentLogger } from '../../electron/log.ts';
import { DirLockError } from '../../electron/store/dir-lock.ts';

const KEY = 'PSabcdefghijklmnopqrstuvwxyz0123456789';
const SECRET = 'sEcReT0123456789abcdefghijklmnopqrstu';

function demoConfig(dir: string): Config {
  return loadConfig({ DATA_DIR: dir, FEED: 'demo', LS_REST_URL: 'http://127.0.0.1:9', LS_WS_URL: 'ws://127.0.0.1:9/websocket' }, dir);
}

interface Stand {
  deps: CollectorHostDeps;
  calls: string[];
  trades: () => number;
  refuse: { on: boolean };
  /** While set, moveTo waits for it. */
  gate: { until: Promise<void> | null };
}

function stand(): Stand {
  const calls: string[] = [];
  let trades = 0;
  const refuse = { on: false };
  const gate: Stand['gate'] = { until: null };
  return {
    calls,
    trades: () => trades,
    refuse,
    gate,
    deps: {
      log: silentLogger,
      codes: () => ['005930'],
      onStatus: () => calls.push('status'),
      backfillFor: () => null,
      recorder: {
        trade: () => {
          trades++;
        },
        quarantine: () => undefined,
        boundary: (kind) => calls.push(`boundary ${kind}`),
        reserve: (dir) => {
          if (refuse.on) throw new DirLockError(dir, 4242, 'elsewhere');
          calls.push(`reserve ${dir}`);
          return { dir, lock: { file: path.join(dir, '.footprint.lock'), release: () => undefined } };
        },
        moveTo: async (r) => {
          calls.push(`moveTo ${r.dir}`);
          await gate.until;
        },
        // A day already recorded: the demo continues it instead of making up a past.
        lastRecorded: () => ({ chetime: '090000', price: '70000', cvolume: '1', cgubun: '+', volume: '1', mschecnt: '1', mdchecnt: '0' }),
      },
    },
  };
}

test('runs the configured feed from start to close; a switch that keeps the folder is a reconnect boundary', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-host-'));
  const s = stand();
  const host = new CollectorHost(demoConfig(dir), s.deps);
  try {
    assert.equal(host.state, STARTING);
    assert.equal(host.feedStatus().state, 'stopped', 'nothing runs before start');
    host.start();
    assert.equal(host.state, RUNNING);
    assert.equal(host.feedStatus().kind, 'demo');
    assert.ok(s.calls.includes('status'), 'the feed reported its state');
    assert.equal(host.runningKey(), null);
    assert.equal(host.rest(), null);

    const before = host.config();
    s.calls.length = 0;
    await host.switchTo(toConfig(before, { ...DEFAULT_SETTINGS, tradeTr: 'NS3' }));
    assert.notEqual(host.config(), before);
    assert.equal(host.config().lsTr, 'NS3');
    assert.equal(host.config().storeDir, before.storeDir);
    assert.equal(s.calls[0], 'boundary reconnect');
    assert.ok(!s.calls.some((c) => c.startsWith('reserve')), 'the same folder is not taken again');
    assert.equal(host.feedStatus().state, 'open');
  } finally {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(host.state, CLOSED);
  const n = s.trades();
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(s.trades(), n, 'no trade after close');
});

test('a switch to LS moves the folder (reserved before the demo stops) and holds the key; a refused folder changes nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-host-'));
  const s = stand();
  const host = new CollectorHost(demoConfig(dir), s.deps);
  host.start();
  try {
    const demo = host.config();
    s.refuse.on = true;
    await assert.rejects(host.switchTo(toConfig(demo, { ...DEFAULT_SETTINGS, appKey: KEY, appSecret: SECRET })), DirLockError);
    assert.equal(host.config(), demo, 'still the demo');
    assert.equal(host.feedStatus().state, 'open', 'and it still runs');

    s.refuse.on = false;
    s.calls.length = 0;
    await host.switchTo(toConfig(demo, { ...DEFAULT_SETTINGS, appKey: KEY, appSecret: SECRET }));
    assert.equal(host.config().feed, 'ls');
    assert.deepEqual(s.calls.slice(0, 2), [`reserve ${dir}`, `moveTo ${dir}`]);
    assert.equal(host.runningKey()?.appKey, KEY);
    assert.notEqual(host.rest(), null);
  } finally {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('close waits for a switch under way; a switch offered after close is ignored', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-host-'));
  const s = stand();
  const host = new CollectorHost(demoConfig(dir), s.deps);
  host.start();
  const demo = host.config();
  let open: () => void = () => undefined;
  s.gate.until = new Promise<void>((r) => (open = r));
  const switching = host.switchTo(toConfig(demo, { ...DEFAULT_SETTINGS, appKey: KEY, appSecret: SECRET }));
  while (!s.calls.includes(`moveTo ${dir}`)) await new Promise<void>((r) => setImmediate(r));
  let closed = false;
  const closing = host.close().then(() => (closed = true));
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(closed, false, 'close waits while the store moves');
  open();
  await switching;
  await closing;
  assert.equal(host.config().feed, 'ls', 'the switch under way finished');
  assert.equal(host.state, CLOSED);
  assert.equal(host.feedStatus().state, 'stopped', 'the switched-to feed was stopped too');
  await host.switchTo(demo);
  assert.equal(host.config().feed, 'ls', 'nothing switches after close');
  fs.rmSync(dir, { recursive: true, force: true });
});
