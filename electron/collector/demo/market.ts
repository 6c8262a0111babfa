// The demo market's pure core: given a seed and the times it is asked at, it produces the same
// trades every run. Each code has its own random stream (adding a code never changes another's),
// a bid on the KRX tick ladder with the ask one tick above, buy prints at the ask and sell prints
// at the bid (rarely a half-tick mid-point), momentum in the aggressor side, and regimes of quiet,
// normal and burst activity with Poisson arrivals.
import { isKrxContinuous } from '../../shared/footprint/auction.ts';
import { hmsToSeconds, kstDate, kstTime } from '../../shared/kst.ts';
import { nextRowDown, nextRowUp, rowPrice } from '../../shared/tick-size.ts';
import type { TradeRecord } from '../../shared/trade.ts';
import { DEMO_STOCKS } from './names.ts';
import { seededRandom } from '../../shared/random.ts';

type Regime = 'quiet' | 'normal' | 'burst';

/** Trades per second, duration in seconds, chance a print takes out its price level. */
const REGIMES: Record<Regime, { rate: [number, number]; seconds: [number, number]; move: number }> = {
  quiet: { rate: [0.2, 1], seconds: [5, 40], move: 0.02 },
  normal: { rate: [1, 5], seconds: [10, 60], move: 0.03 },
  burst: { rate: [30, 200], seconds: [1, 4], move: 0.05 },
};

const NEXT: Record<Regime, Array<[Regime, number]>> = {
  quiet: [['normal', 0.85], ['burst', 1]],
  normal: [['quiet', 0.6], ['burst', 1]],
  burst: [['normal', 0.6], ['quiet', 1]],
};

/** A computer suspended for a while resumes the market at the present instead of replaying the gap. */
const MAX_CATCH_UP_MS = 5_000;
const MID_POINT_CHANCE = 0.02;
const NXT_SHARE = 0.15;
/** KRX daily price limit, ±30% of the reference price. */
const LIMIT = 0.3;

export interface DemoTrade {
  code: string;
  record: TradeRecord;
}

/** How a code new to the market starts: at the present, with simulated past from an instant, or where its last recorded trade of today left off. */
export type DemoStart = { kind: 'now' } | { kind: 'history'; from: number } | { kind: 'resume'; last: TradeRecord };

const NOW: DemoStart = { kind: 'now' };

/** A cumulative count as recorded; 0 when absent or not a count. */
function count(v: string | undefined): number {
  const n = Number(v);
  return v !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : 0;
}


function hashSeed(seed: number, code: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

class CodeMarket {
  private readonly rng: () => number;
  private readonly ref: number;
  private readonly lot: number;
  private bid: number;
  private regime: Regime = 'normal';
  private rate = 4;
  private regimeUntil: number;
  private nextAt: number;
  private lastAt: number;
  private momentum = 0;
  private day = '';
  private volume = 0;
  private buys = 0;
  private sells = 0;

  constructor(seed: number, readonly code: string, now: number) {
    this.rng = seededRandom(hashSeed(seed, code));
    const known = DEMO_STOCKS[code];
    // Unknown codes get a price spread log-uniformly over 3,000-200,000 won.
    this.ref = rowPrice(known ? known.price : Math.round(3_000 * Math.exp(this.rng() * Math.log(200_000 / 3_000))), 1);
    this.bid = this.ref;
    this.lot = Math.max(1, Math.round(2_000_000 / this.ref));
    this.regimeUntil = now + this.between(REGIMES.normal.seconds) * 1000;
    this.lastAt = now;
    this.nextAt = now + this.gapMs();
  }

  /**
   * Continues from `last`, a trade of today's (KST, at `now`) recorded earlier: the book where it printed
   * (a buy took the ask, so the bid is a tick below) and its cumulative volume and counts, so the next
   * trade neither jumps in price nor looks like missed trades.
   */
  resume(last: TradeRecord, now: number): void {
    const price = Number(last.price);
    if (Number.isFinite(price) && price > 0) {
      const level = rowPrice(price, 1);
      this.bid = last.cgubun === '+' && level === price ? nextRowDown(level, 1) : level;
    }
    this.day = kstDate(now);
    this.volume = count(last.volume);
    this.buys = count(last.mschecnt);
    this.sells = count(last.mdchecnt);
  }

  /** Trades with arrival times in (lastAt, now]. */
  advance(now: number, out: Array<{ at: number; trade: DemoTrade }>): void {
    if (now - this.lastAt > MAX_CATCH_UP_MS) {
      this.regimeUntil = now;
      this.nextAt = now + this.gapMs();
    }
    this.lastAt = now;
    const day = kstDate(now);
    if (day !== this.day) {
      this.day = day;
      this.volume = this.buys = this.sells = 0;
    }
    while (this.nextAt <= now) {
      if (this.nextAt >= this.regimeUntil) this.switchRegime(this.nextAt);
      out.push({ at: this.nextAt, trade: { code: this.code, record: this.print(kstTime(now)) } });
      this.nextAt += this.gapMs();
    }
  }

  private print(chetime: string): TradeRecord {
    this.momentum = Math.max(-0.4, Math.min(0.4, this.momentum * 0.995 + (this.rng() - 0.5) * 0.04));
    // Drifting far from the reference price makes the other side more eager.
    const pull = (this.ref - this.bid) / this.ref;
    const buy = this.rng() < 0.5 + this.momentum + pull;
    const ask = nextRowUp(this.bid, 1);
    let price = buy ? ask : this.bid;
    const mid = (this.bid + ask) / 2;
    if (this.rng() < MID_POINT_CHANCE && Number.isInteger(mid)) price = mid;
    const block = this.rng() < 0.01 ? 20 : 1;
    const size = Math.max(1, Math.round(this.lot * block * Math.exp(this.gauss())));
    // Outside KRX continuous hours (evenings, when traders try the demo) a KRX print would be a
    // single-price fill with no aggressor; NXT, the venue with the longest continuous hours, keeps
    // the demo an order-flow chart at any hour.
    const venue = this.rng() < NXT_SHARE || !isKrxContinuous(hmsToSeconds(chetime)) ? 'NXT' : 'KRX';
    if (this.rng() < REGIMES[this.regime].move) this.moveLevel(buy, ask);
    this.volume += size;
    if (buy) this.buys++;
    else this.sells++;
    return {
      chetime,
      price: String(price),
      cvolume: String(size),
      cgubun: buy ? '+' : '-',
      exchname: venue,
      volume: String(this.volume),
      mschecnt: String(this.buys),
      mdchecnt: String(this.sells),
    };
  }

  /** The level a print hit is used up: buying lifts the bid to the old ask, selling drops it a tick. */
  private moveLevel(buy: boolean, ask: number): void {
    const next = buy ? ask : nextRowDown(this.bid, 1);
    if (next >= this.ref * (1 - LIMIT) && next <= this.ref * (1 + LIMIT)) this.bid = next;
  }

  private switchRegime(at: number): void {
    const r = this.rng();
    this.regime = (NEXT[this.regime].find(([, p]) => r < p) as [Regime, number])[0];
    const spec = REGIMES[this.regime];
    this.rate = this.between(spec.rate);
    this.regimeUntil = at + this.between(spec.seconds) * 1000;
    // A burst is one side sweeping the book.
    if (this.regime === 'burst') this.momentum = (this.rng() < 0.5 ? -1 : 1) * this.between([0.2, 0.4]);
  }

  private between([lo, hi]: [number, number]): number {
    return lo + this.rng() * (hi - lo);
  }

  /** Exponential inter-arrival time for the current rate. */
  private gapMs(): number {
    return (-Math.log(1 - this.rng()) / this.rate) * 1000;
  }

  private gauss(): number {
    const u = 1 - this.rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.rng());
  }
}

export class DemoMarket {
  private markets: CodeMarket[] = [];

  constructor(private readonly seed: number) {}

  /**
   * Codes to simulate; a code kept from before keeps its state. A new code starts as `startOf` says:
   * resuming a recorded trade, at the present, or trading from an earlier instant, whose trades up to
   * `now` are returned (in time order) so a fresh chart opens on a session already under way.
   */
  setCodes(codes: readonly string[], now: number, startOf: (code: string) => DemoStart = () => NOW): DemoTrade[] {
    const old = new Map(this.markets.map((m) => [m.code, m]));
    const events: Array<{ at: number; trade: DemoTrade }> = [];
    this.markets = codes.map((c) => {
      const kept = old.get(c);
      if (kept) return kept;
      const start = startOf(c);
      if (start.kind !== 'history' || start.from >= now) {
        const m = new CodeMarket(this.seed, c, now);
        if (start.kind === 'resume') m.resume(start.last, now);
        return m;
      }
      const from = start.from;
      const m = new CodeMarket(this.seed, c, from);
      // One-second steps stay under the catch-up guard, so the past is simulated, not skipped.
      for (let t = from + 1_000; t < now; t += 1_000) m.advance(t, events);
      m.advance(now, events);
      return m;
    });
    events.sort((a, b) => a.at - b.at);
    return events.map((e) => e.trade);
  }

  /** Every trade that happened since the last call, in time order (codes in list order on ties). */
  advance(now: number): DemoTrade[] {
    const events: Array<{ at: number; trade: DemoTrade }> = [];
    for (const m of this.markets) m.advance(now, events);
    events.sort((a, b) => a.at - b.at);
    return events.map((e) => e.trade);
  }
}
