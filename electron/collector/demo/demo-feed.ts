// The demo feed: the simulated market of market.ts on a timer, so a new user sees a live chart
// at any hour without LS keys. Trades carry the current KST time.
import { kstDate, kstMidnightMs } from '../../shared/kst.ts';
import type { Logger } from '../../log.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import type { Feed, FeedSink, FeedStatus } from '../feed.ts';
import { DemoMarket, type DemoStart } from './market.ts';


const TICK_MS = 50;
/** How much simulated past a code with no trades today starts with (never before KST midnight). */
const HISTORY_MS = 30 * 60_000;

export interface DemoFeedOptions {
  seed: number;
  clock?: () => number;
  /**
   * The code's last trade recorded on `date` (KST), which a new code's market continues from (price and
   * cumulative counts, so a restart shows no jump); null when none: it starts with HISTORY_MS of simulated past.
   */
  recorded?: (code: string, date: string) => TradeRecord | null;
}

export function createDemoFeed(opts: DemoFeedOptions, sink: FeedSink, log: Logger): Feed {
  const clock = opts.clock ?? Date.now;
  const market = new DemoMarket(opts.seed);
  const startOf =
    (now: number) =>
    (code: string): DemoStart => {
      if (opts.recorded === undefined) return { kind: 'now' };
      const last = opts.recorded(code, kstDate(now));
      return last !== null ? { kind: 'resume', last } : { kind: 'history', from: Math.max(now - HISTORY_MS, kstMidnightMs(kstDate(now))) };
    };
  // A new code's simulated past is one burst: recorded quietly, never a live flood on /ws (the next live
  // trade's seq jump makes pages read the day, as after a replay seek).
  const follow = (codes: readonly string[]): void => {
    const now = clock();
    for (const t of market.setCodes(codes, now, startOf(now))) sink.trade(t.code, t.record, true);
  };
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
    notRecording: [],
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
      state = 'open';
      sink.status(status());
      follow(codes);
      timer = setInterval(tick, TICK_MS);
      timer.unref();
      log.info('demo feed started', { codes: codes.join(','), seed: opts.seed });
    },
    setCodes(codes) {
      follow(codes);
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
