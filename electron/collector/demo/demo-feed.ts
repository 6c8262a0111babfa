// The demo feed: the simulated market of market.ts on a timer, so a new user sees a live chart
// at any hour without LS keys. Trades carry the current KST time.
import { kstDate } from '../../shared/kst.ts';
import type { Logger } from '../../log.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';
import { DemoMarket } from './market.ts';

export { DEMO_NAMES } from './names.ts';

const TICK_MS = 50;

export function createDemoFeed(opts: { seed: number; clock?: () => number }, sink: FeedSink, log: Logger): Feed {
  const clock = opts.clock ?? Date.now;
  const market = new DemoMarket(opts.seed);
  let timer: NodeJS.Timeout | null = null;
  let state: FeedStatus['state'] = 'stopped';
  let date = kstDate(clock());

  const status = (): FeedStatus => ({
    kind: 'demo',
    simulated: false,
    state,
    lastError: null,
    reconnects: 0,
    rejectedCodes: [],
    badFrames: 0,
    date,
  });

  const tick = (): void => {
    const now = clock();
    const today = kstDate(now);
    if (today !== date) {
      date = today;
      sink.status(status());
    }
    for (const t of market.advance(now)) sink.trade(t.code, t.record);
  };

  return {
    kind: 'demo',
    start(codes) {
      if (timer) return;
      market.setCodes(codes, clock());
      state = 'open';
      sink.status(status());
      timer = setInterval(tick, TICK_MS);
      timer.unref();
      log.info('demo feed started', { codes: codes.join(','), seed: opts.seed });
    },
    setCodes(codes) {
      market.setCodes(codes, clock());
    },
    status,
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      if (state === 'stopped') return;
      state = 'stopped';
      sink.status(status());
    },
  };
}
