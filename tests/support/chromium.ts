// Headless Debian chromium through playwright-core, for end-to-end tests and the renderer bench.
// Each launch gets a fresh temporary profile, so no cookie, cache or localStorage survives a run.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Chromium {
  context: BrowserContext;
  /** A new page whose console errors and uncaught exceptions are collected in `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1400, height: 860 }): Promise<Chromium> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian chromium (apt-get install chromium) to run browser tests`);
  }
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'footprint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport,
    locale: 'ko-KR',
    timezoneId: 'America/New_York', // not KST on purpose: every time shown must still be KST
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      return { page, errors };
    },
    async close() {
      await context.close();
      await fsp.rm(profile, { recursive: true, force: true });
    },
  };
}

/** Folder for screenshots and other artefacts a person reviews (gitignored). */
export async function testOutputDir(): Promise<string> {
  const dir = path.join(REPO_ROOT, 'test-output');
  await fsp.mkdir(dir, { recursive: true });
  return dir;
}

/**
 * What page functions may touch, typed for the Node-side compiler (which has no DOM library). Use
 * functions, never strings, with page.waitForFunction: the app's CSP forbids string evaluation.
 * Page functions are serialised, so each casts `globalThis as unknown as PageGlobals` itself.
 */
export interface PageGlobals {
  document: {
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  __footprint?: {
    query: { code: string; date: string; bar: string; row: number; venue: string } | null;
    loaded: boolean;
    loads: number;
    lastSeq: number;
    updates: number;
    paintedAt: number | null;
    bars(): unknown[];
    gaps(): string[];
    profileRows(): number;
    view(): { atLive: boolean; newestRight: number; clearUntil: number; barSpacing: number } | null;
  };
}

/**
 * The texts in the element matching `selector` that still hold Hangul once every `allowed` string
 * (stock names, the server's own messages) is taken out: what an English page shows in Korean.
 * Reads every text node, hidden ones too (an empty-list note shows in another state), and the
 * placeholders, tooltips and accessible names.
 */
export async function hangulLeft(page: Page, selector: string, allowed: readonly string[]): Promise<string[]> {
  interface Shown {
    nodeType: number;
    textContent: string | null;
    childNodes: ArrayLike<Shown>;
    getAttribute?(name: string): string | null;
  }
  const texts = await page.locator(selector).evaluate((root) => {
    const out: string[] = [];
    const walk = (n: Shown): void => {
      if (n.nodeType === 3) out.push(n.textContent ?? '');
      for (const name of ['placeholder', 'title', 'aria-label']) out.push(n.getAttribute?.(name) ?? '');
      for (const c of Array.from(n.childNodes)) walk(c);
    };
    walk(root as unknown as Shown);
    return out;
  });
  return texts.filter((t) => /[\u3131-\u318e\uac00-\ud7a3]/.test(allowed.reduce((rest, a) => rest.split(a).join(''), t)));
}
