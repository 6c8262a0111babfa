// The CollectorHost: which feed runs (LS, demo or replay), with which LS tokens, and switching
// between them when the settings change. Every feed it creates gets a sink stamped with a
// generation: calls of a replaced feed that arrive late are ignored. Switches and the final close
// run one at a time on its queue.
import type { Feed, FeedSink, FeedStatus } from '../collector/feed.ts';
import { createDemoFeed } from '../collector/demo/demo-feed.ts';
import { createLsFeed } from '../collector/ls/client.ts';
import { LsRest } from '../collector/ls/rest.ts';
import { TokenManager } from '../collector/ls/token.ts';
import { createReplayFeed, type ReplayFeed } from '../collector/replay/replay-feed.ts';
import type { Logger } from '../log.ts';
import { dayFilePath } from '../store/day-file.ts';
import { DayCursor } from '../store/day-cursor.ts';
import type { BackfillStatus } from '../shared/wire.ts';
import type { Backfill } from './backfill.ts';
import type { Config } from './config.ts';
import { CLOSED, CLOSING, RUNNING, STARTING, type LifecycleState } from '../shared/lifecycle.ts';
import { SerialQueue } from './serial-queue.ts';
import type { Recorder } from './recorder.ts';

export interface CollectorHostDeps {
  log: Logger;
  recorder: Pick<Recorder, 'trade' | 'quarantine' | 'boundary' | 'reserve' | 'moveTo' | 'lastRecorded'>;
  /** The watched codes a new feed starts with. */
  codes(): readonly string[];
  /** The feed's state changed (or a new feed runs): the status frame may have changed. */
  onStatus(): void;
  /** The fill for a configuration and its key's tokens (docs/backfill.md), or null (no LS key, demo, replay). */
  backfillFor(config: Config, tokens: TokenManager | null): Backfill | null;
}

/** The LS key the collector uses now, with its token holder (LS invalidates a key's token when it issues another). */
export interface RunningKey {
  appKey: string;
  appSecret: string;
  tokens: TokenManager;
}

function tokenManagerFor(c: Config, log: Logger): TokenManager | null {
  return c.lsAppKey && c.lsAppSecret
    ? new TokenManager({ restUrl: c.lsRestUrl, appKey: c.lsAppKey, appSecret: c.lsAppSecret.reveal() }, 5 * 60_000, log)
    : null;
}

export class CollectorHost {
  state: LifecycleState = STARTING;
  readonly #deps: CollectorHostDeps;
  #config: Config;
  #tokens: TokenManager | null;
  #rest: LsRest | null;
  #feed: Feed;
  #backfill: Backfill | null;
  /** The running feed when it is a replay (its controls), else null. */
  #replay: ReplayFeed | null = null;
  /** Bumped for every new feed: a replaced feed's late calls are ignored. */
  #generation = 0;
  /** The reconnect count of the running feed's last report: a higher one is a new connection. */
  #reconnects = 0;
  /** The codes some page shows: subscribed and filled before the others, by every feed and fill this host runs. */
  #onScreen: readonly string[] = [];
  readonly #queue = new SerialQueue();

  constructor(config: Config, deps: CollectorHostDeps) {
    this.#deps = deps;
    this.#config = config;
    this.#tokens = tokenManagerFor(config, deps.log);
    this.#rest = this.#tokens ? new LsRest(config.lsRestUrl, this.#tokens, deps.log) : null;
    this.#feed = this.#createFeed();
    this.#backfill = deps.backfillFor(config, this.#tokens);
  }

  /** The codes the connected pages show changed (the /ws hub's views). */
  prioritize(codes: readonly string[]): void {
    this.#onScreen = codes;
    this.#feed.prioritize?.(codes);
    this.#backfill?.prioritize(codes);
  }

  start(): void {
    if (this.state !== STARTING) return;
    this.state = RUNNING;
    this.#feed.start(this.#deps.codes());
    this.#fillAll();
  }

  /** The running fill, or null without one. */
  backfill(): Backfill | null {
    return this.#backfill;
  }

  backfillStatus(): Record<string, BackfillStatus> {
    return this.#backfill?.status() ?? {};
  }

  /** The configuration the collector runs with now (a switch replaces it). */
  config(): Config {
    return this.#config;
  }

  /** The LS REST client of the running key, or null without one (demo, replay). */
  rest(): LsRest | null {
    return this.#rest;
  }

  runningKey(): RunningKey | null {
    const c = this.#config;
    return this.#tokens && c.lsAppKey && c.lsAppSecret ? { appKey: c.lsAppKey, appSecret: c.lsAppSecret.reveal(), tokens: this.#tokens } : null;
  }

  /** The replay's controls, or null when the running feed is not a replay. */
  replay(): ReplayFeed | null {
    return this.#replay;
  }

  feedStatus(): FeedStatus {
    return this.#feed.status();
  }

  /** The feed's last error, or the token holder's (a refused key stops the feed before it reports). */
  lastError(): string | null {
    return this.#feed.status().lastError ?? this.#tokens?.lastError ?? null;
  }

  setCodes(codes: readonly string[]): void {
    this.#feed.setCodes(codes);
  }

  /**
   * Runs the collector with `next`: the folder it records into is taken first (DirLockError: nothing
   * changed), then the old feed stops, the store moves if the folder changed, new tokens are made
   * for a new key, and the new feed starts. Ignored once closing began.
   */
  switchTo(next: Config): Promise<void> {
    return this.#queue.run(async () => {
      if (this.state !== RUNNING) return;
      const prev = this.#config;
      const moved = next.storeDir !== prev.storeDir;
      const reservation = moved ? this.#deps.recorder.reserve(next.storeDir) : null;
      this.#generation++;
      await this.#feed.close();
      await this.#backfill?.close();
      if (reservation) await this.#deps.recorder.moveTo(reservation);
      else this.#deps.recorder.boundary('reconnect');
      const sameKey = next.lsRestUrl === prev.lsRestUrl && next.lsAppKey === prev.lsAppKey && next.lsAppSecret?.reveal() === prev.lsAppSecret?.reveal();
      if (!sameKey) {
        this.#tokens = tokenManagerFor(next, this.#deps.log);
        this.#rest = this.#tokens ? new LsRest(next.lsRestUrl, this.#tokens, this.#deps.log) : null;
      }
      this.#config = next;
      this.#feed = this.#createFeed();
      this.#backfill = this.#deps.backfillFor(next, this.#tokens);
      this.prioritize(this.#onScreen);
      this.#feed.start(this.#deps.codes());
      this.#fillAll();
      this.#deps.onStatus();
      this.#deps.log.info('collector reconfigured', { feed: next.feed, simulated: next.lsSimulated, tr: next.lsTr, store: next.storeDir });
    });
  }

  /** Waits for a switch under way, then stops the feed: no trade arrives after this resolves. */
  async close(): Promise<void> {
    if (this.state === CLOSING || this.state === CLOSED) return;
    this.state = CLOSING;
    await this.#queue.run(async () => {
      await this.#feed.close();
      await this.#backfill?.close();
    });
    this.state = CLOSED;
  }

  /** The day so far, and the holes of an earlier run, for every watched code. */
  #fillAll(): void {
    for (const code of this.#deps.codes()) this.#backfill?.request(code);
  }

  #createFeed(): Feed {
    const gen = this.#generation;
    this.#replay = null;
    this.#reconnects = 0;
    const { recorder, log } = this.#deps;
    const sink: FeedSink = {
      trade: (code, record, quiet) => {
        if (gen === this.#generation) recorder.trade(code, record, quiet);
      },
      reject: (code, raw, reason) => {
        if (gen === this.#generation) recorder.quarantine(code, raw, reason);
      },
      status: (s) => {
        if (gen !== this.#generation) return;
        // A new connection: what traded while there was none is compared across it.
        if (s.reconnects > this.#reconnects) recorder.boundary('reconnect');
        this.#reconnects = s.reconnects;
        this.#deps.onStatus();
      },
    };
    const c = this.#config;
    switch (c.feed) {
      case 'ls':
        return createLsFeed(
          { appKey: c.lsAppKey ?? '', appSecret: c.lsAppSecret?.reveal() ?? '', restUrl: c.lsRestUrl, wsUrl: c.lsWsUrl, simulated: c.lsSimulated, tr: c.lsTr },
          sink,
          log,
          {},
          this.#tokens ?? undefined,
        );
      case 'demo':
        // A code continues from its last trade recorded today (a restart or a switch shows no jump); one
        // with nothing recorded opens on a simulated session already under way.
        return createDemoFeed({ seed: c.demoSeed, recorded: (code, date) => recorder.lastRecorded(code, date) }, sink, log);
      case 'replay': {
        const replay = c.replay;
        if (!replay) throw new Error('FEED=replay without a replay configuration');
        const { dir, date, speed } = replay;
        this.#replay = createReplayFeed({ sourceDir: dir, date, speed, open: (code) => new DayCursor(dayFilePath(dir, code, date)) }, sink, log);
        return this.#replay;
      }
    }
  }
}
