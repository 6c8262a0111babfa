// The real serve process on the seeded demo feed plus headless Chromium: what page tests that need
// no LS emulator start with. `seed` may write recorded day files into the demo store folder first.
import fs from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type Chromium } from './chromium.ts';
import { demoEnv, startServe, tempSetup, type ServeProcess } from './serve-process.ts';

export interface DemoSession {
  serve: ServeProcess;
  browser: Chromium;
  /** Stops the browser and the server and removes the temp folder. */
  close(): Promise<void>;
}

export async function startDemoSession(codes: readonly string[], seed?: (storeDir: string) => Promise<void>): Promise<DemoSession> {
  const setup = await tempSetup(codes);
  let serve: ServeProcess | null = null;
  let browser: Chromium | null = null;
  const close = async (): Promise<void> => {
    await browser?.close();
    await serve?.stop();
    await setup.cleanup();
  };
  try {
    if (seed) {
      const store = path.join(setup.dataDir, 'demo');
      await fs.mkdir(store);
      await seed(store);
    }
    serve = await startServe(demoEnv(setup));
    browser = await launchChromium();
    return { serve, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
