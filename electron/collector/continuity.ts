// Missed-trade detection from the cumulative fields LS puts on every trade. For consecutive trades of
// one stream, volume_n = volume_{n-1} + cvolume_n; a larger jump is volume that never reached us.
// That US3's `volume` is one cumulative over KRX and NXT is inferred (docs/ls-api.md#cumulative), so every
// code's stream proves it first: only after the identity held on TRUST_AFTER consecutive trades is
// a jump reported, and a stream where it keeps failing (e.g. separate KRX and NXT volumes, whose
// every venue switch breaks it) goes quiet for the day. Pure: the core feeds it trades and boundaries.
import type { Gap, GapCause } from '../shared/gap.ts';
import type { TradeRecord } from '../shared/trade.ts';
import type { Continuity } from '../shared/wire.ts';

/** A break in reception the next trade of every stream follows. */
export type Boundary = Exclude<GapCause, 'feed' | 'store'>;

/**
 * Consecutive trades the identity must hold on before jumps are reported. An exact match of a 12-digit
 * cumulative 20 times running does not happen by chance, and if KRX and NXT volumes were separate a
 * run of 20 same-venue prints (which would fake it) has odds of about 0.85^20 ≈ 4% at NXT's ~15%
 * share; yet an active stock earns it back within seconds, and a day file's tail holds it at restart.
 */
export const TRUST_AFTER = 20;

/** Recorded lines a restart reads to earn trust from: room for earlier gaps among the TRUST_AFTER matches. */
export const PRIME_LINES = 4 * TRUST_AFTER;

/** Unexplained failures (a jump or a step back on a live connection) after which a stream is unusable for the day. */
export const UNUSABLE_AFTER = 3;

/** A gap as detected; the core stamps it with the time (`at`) and records it. */
export type Missed = Omit<Gap, 'at'>;

interface Point {
  chetime: string;
  volume: number;
  /** mschecnt + mdchecnt, or null when the trade lacks them. */
  count: number | null;
}

interface Stream {
  date: string;
  mode: Continuity;
  /** Consecutive trades the identity held on. */
  streak: number;
  failures: number;
  last: Point | null;
  /** The boundary the next trade follows, if any. */
  pending: Boundary | 'store' | 'quarantine' | null;
}

function integer(v: string | undefined): number | null {
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export class ContinuityTracker {
  private readonly streams = new Map<string, Stream>();

  /** The next trade of every stream follows `cause`; an earlier boundary not yet crossed keeps its cause. */
  boundary(cause: Boundary): void {
    for (const s of this.streams.values()) s.pending ??= cause;
  }

  /**
   * Starts a code's day from lines already recorded (a day file's tail, oldest first): they can earn
   * trust but never report, and the next trade is compared across a restart.
   */
  prime(code: string, date: string, recorded: readonly TradeRecord[]): void {
    const s = this.fresh(code, date);
    for (const r of recorded) this.step(s, r, null);
    s.pending = 'restart';
  }

  /** One received trade, in arrival order; returns the gap it ends when its stream is trusted. */
  observe(code: string, date: string, r: TradeRecord): Missed | null {
    const s = this.streams.get(code);
    const stream = s?.date === date ? s : this.fresh(code, date);
    const cause = stream.pending ?? 'feed';
    stream.pending = null;
    if (cause === 'quarantine') {
      // Compared like a recorded line: the step may hold the quarantined print, so it neither reports nor costs trust.
      this.step(stream, r, null);
      return null;
    }
    const missed = this.step(stream, r, cause);
    return cause === 'store' ? null : missed;
  }

  state(code: string, date: string): Continuity {
    const s = this.streams.get(code);
    return s?.date === date ? s.mode : 'learning';
  }

  /**
   * Trades of `code` were received but refused by the store (recorded as a gap of its own): the next
   * trade's jump is explained and reports nothing.
   */
  refused(code: string): void {
    const s = this.streams.get(code);
    if (s) s.pending = 'store';
  }

  /**
   * A trade of `code` was received but quarantined (never recorded): the next trade's step includes it,
   * so it reports nothing and costs no trust. A boundary already pending keeps its cause.
   */
  quarantined(code: string): void {
    const s = this.streams.get(code);
    if (s) s.pending ??= 'quarantine';
  }

  /** A code no longer recorded: trades skipped until it is added again are no gap of the feed. */
  forget(code: string): void {
    this.streams.delete(code);
  }

  private fresh(code: string, date: string): Stream {
    const s: Stream = { date, mode: 'learning', streak: 0, failures: 0, last: null, pending: null };
    this.streams.set(code, s);
    return s;
  }

  /** `cause` null: a recorded line, which can neither report nor count as a failure. */
  private step(s: Stream, r: TradeRecord, cause: GapCause | null): Missed | null {
    const volume = integer(r.volume);
    const prev = s.last;
    if (volume === null) {
      // An old-format line: the chain is broken, nothing to compare across it.
      s.last = null;
      this.untrust(s);
      return null;
    }
    const ms = integer(r.mschecnt);
    const md = integer(r.mdchecnt);
    s.last = { chetime: r.chetime, volume, count: ms === null || md === null ? null : ms + md };
    if (prev === null) return null;
    const size = Number(r.cvolume);
    const jump = volume - prev.volume - size;
    if (jump === 0) {
      s.streak++;
      if (s.mode === 'learning' && s.streak >= TRUST_AFTER) s.mode = 'trusted';
      return null;
    }
    const missed: Missed | null =
      jump > 0 && cause !== null && s.mode === 'trusted'
        ? { after: prev.chetime, before: r.chetime, missed_volume: jump, missed_trades: missedTrades(prev.count, s.last.count), cause }
        : null;
    // A jump across a reconnect or restart is what those explain, and one in recorded lines is an
    // earlier run's gap: trust stands.
    if (jump > 0 && cause !== 'feed') return missed;
    // A live jump or any step back puts trust to the test again.
    if (cause === 'feed') s.failures++;
    this.untrust(s);
    return missed;
  }

  private untrust(s: Stream): void {
    s.streak = 0;
    s.mode = s.mode === 'unusable' || s.failures >= UNUSABLE_AFTER ? 'unusable' : 'learning';
  }
}

/**
 * Prints between two trades from the change of mschecnt + mdchecnt, less the trade after the gap.
 * Auction fills move neither count, so missed volume with no counted print is still at least one.
 */
function missedTrades(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : Math.max(1, after - before - 1);
}
