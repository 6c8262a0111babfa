// The desktop app end to end through Playwright's Electron driver: launch, the window shows the chart
// served by the core, closing hides it to the tray while collection continues, a second launch
// focuses the first instead of starting a second collector, quitting closes the files cleanly.
// It needs a real Electron binary and a display; where either is missing it is reported as skipped
// (never as passed) with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron } from 'playwright-core';
import { electronBinary, electronProblem } from '../../electron/core/launch.ts';
import { desktopProfile } from '../support/desktop-profile.ts';
import { REPO_ROOT } from '../support/paths.ts';

const binary = electronBinary(REPO_ROOT, process.env);
const problem = electronProblem(binary, fs.existsSync, process.platform, process.env);

test('desktop app: launch, chart window, close to tray, single instance, clean quit', async (t) => {
  if (problem !== null || binary === null) {
    t.skip(`Electron smoke test skipped: ${problem ?? 'no Electron binary'}`);
    return;
  }
  const { dir, env } = desktopProfile({ DISPLAY: process.env.DISPLAY ?? '', WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY ?? '', FEED: 'demo' });
  const app = await _electron.launch({ executablePath: binary, args: [REPO_ROOT], env });
  try {
    const page = await app.firstWindow();
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\//);
    assert.notEqual(new URL(page.url()).port, '8000');
    await page.locator('canvas').first().waitFor({ state: 'visible', timeout: 20_000 });

    // The page is sandboxed: no Node, only the two-function bridge.
    assert.deepEqual(
      await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]),
      ['undefined', 'undefined'],
    );
    assert.deepEqual(await page.evaluate(() => Object.keys((globalThis as unknown as { footprintDesktop: object }).footprintDesktop).sort()), ['chooseDataFolder', 'openDataFolder']);
    // Closing hides; the app and its collector keep running.
    const afterClose = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      w.close();
      return { destroyed: w.isDestroyed(), visible: w.isVisible() };
    });
    assert.deepEqual(afterClose, { destroyed: false, visible: false });
    const url = page.url();
    const health = (await (await fetch(new URL('/', url), { headers: { Accept: 'application/json' } })).json()) as { status: string };
    assert.equal(health.status, 'running');

    // A second launch with the same profile exits and shows the first window.
    const second = spawn(binary, [REPO_ROOT], { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    assert.equal(code, 0);
    // A function, not a string: the page's CSP forbids eval.
    await page.waitForFunction(() => (globalThis as unknown as { document: { visibilityState: string } }).document.visibilityState === 'visible');
    assert.equal(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible()), true);

    // Quit stops the collector cleanly: every recorded line complete.
    await Promise.all([app.waitForEvent('close'), app.evaluate(({ app: a }) => a.quit())]);
    const demoDir = path.join(dir, 'data', 'demo');
    const files = fs.existsSync(demoDir) ? fs.readdirSync(demoDir) : [];
    assert.ok(files.length > 0, 'the demo feed recorded trades');
    for (const f of files) assert.ok(fs.readFileSync(path.join(demoDir, f), 'utf8').endsWith('\n'), `${f} ends with a complete line`);
  } finally {
    await app.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
