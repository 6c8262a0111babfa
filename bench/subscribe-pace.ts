// Subscribe pacing against the LS emulator with the client's default tuning: how long until every code of a
// watchlist is acknowledged, with an emulator that accepts any pace and with one that refuses subscribes
// arriving closer than 50 ms apart. Run: `npm run build && node dist/bench/subscribe-pace.js [200 2700]`.
import { performance } from 'node:perf_hooks';
import { createLsFeed } from '../electron/collector/ls/client.ts';
import { createLogger } from '../electron/log.ts';
import { startLsEmulator } from '../tests/support/ls-emulator.ts';

async function measure(count: number, minGapMs: number): Promise<{ ms: number; refusals: number; connections: number }> {
  const emu = await startLsEmulator();
  emu.limitSubscribeRate(minGapMs);
  const codes = Array.from({ length: count }, (_, i) => String(100000 + i));
  const feed = createLsFeed(
    { appKey: emu.appKey, appSecret: emu.appSecret, restUrl: emu.restUrl, wsUrl: emu.wsUrl, simulated: true, tr: 'US3' },
    { trade: () => {}, status: () => {} }, createLogger('error', () => {}),
  );
  const t0 = performance.now();
  feed.start(codes);
  try {
    await emu.waitFor(() => feed.status().notRecording.length === 0 && feed.status().state === 'open', 30 * 60_000, 'every code subscribed');
    return { ms: performance.now() - t0, refusals: emu.refusals, connections: emu.connections };
  } finally {
    await feed.close();
    await emu.close();
  }
}

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const count of counts.length > 0 ? counts : [200, 2700]) {
  for (const gap of [0, 50]) {
    const r = await measure(count, gap);
    console.log(`${count} codes, emulator min gap ${gap} ms: all subscribed in ${(r.ms / 1000).toFixed(1)} s (${r.refusals} refusals, ${r.connections} connection)`);
  }
}
