// The real serve process plus headless Chromium: what page tests start with, on the seeded demo feed
// or (startPageSession) any environment, such as one pointing at the LS emulator. `seed` may write
// recorded day files into the store folder first.
import fs from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type Chromium } from './chromium.ts';
import { demoEnv, startServe, tempSetup, type ServeProcess } from './serve-process.ts';

export interface DemoSession {
  serve: ServeProcess;
  browser: Chromium;
  /** The watchlist file the server follows (tests edit it by hand). */
  watchlistPath: string;
  /** Stops the browser and the server and removes the temp folder. */
  close(): Promise<void>;
}

type Setup = Awaited<ReturnType<typeof tempSetup>>;

export function startDemoSession(codes: readonly string[], seed?: (storeDir: string) => Promise<void>): Promise<DemoSession> {
  return startPageSession(codes, demoEnv, seed && (async (dataDir) => {
    const store = path.join(dataDir, 'demo');
    await fs.mkdir(store);
    await seed(store);
  }));
}

/** A session whose serve process runs with `env(setup)`; `seed` gets the data folder. */
export async function startPageSession(
  codes: readonly string[],
  env: (setup: Setup) => Record<string, string>,
  seed?: (dataDir: string) => Promise<void>,
): Promise<DemoSession> {
  const setup = await tempSetup(codes);
  let serve: ServeProcess | null = null;
  let browser: Chromium | null = null;
  const close = async (): Promise<void> => {
    await browser?.close();
    await serve?.stop();
    await setup.cleanup();
  };
  try {
    if (seed) await seed(setup.dataDir);
    serve = await startServe(env(setup));
    browser = await launchChromium();
    return { serve, browser, watchlistPath: setup.watchlistPath, close };
  } catch (err) {
    await close();
    throw err;
  }
}
