// The soak: compressed trading days (the session clock sweeps 09:00–15:00 in about a minute and a half)
// streamed from the LS emulator into a real serve process, with seeded faults between calm stretches:
// dropped connections, stalls (no frames, no pongs), kill -9 restarts and, where a tmpfs can be mounted
// (root), disk-full bursts. At the end the ledger is reconciled (tests/faults/ledger.ts assertEpochs) and
// the process figures from tests/soak/probe.ts are summed up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../electron/shared/random.ts';
import { until } from '../support/serve-process.ts';
import { assertEpochs, fillDisk, mountTmpfs, onDisk, unmount } from '../faults/ledger.ts';
import { startRig, type Rig } from '../faults/rig.ts';

export type FaultKind = 'drop' | 'stall' | 'kill' | 'disk';

export interface SoakOptions {
  durationMs: number;
  seed: number;
  codes?: number;
  /** Trades per millisecond tick, per code (default 1: about 500 per second per code on an idle machine). */
  perTick?: number;
  /** Calm stretch between faults, ms (random within). */
  calmMs?: [number, number];
  faults?: FaultKind[];
  /** tmpfs size for the data folder when disk faults are wanted. */
  tmpfsSize?: string;
  progress?: (line: string) => void;
}

export interface SoakReport {
  seed: number;
  duration_s: number;
  faults: Record<string, number>;
  disk_faults: 'tmpfs' | 'skipped: cannot mount a tmpfs (needs root)';
  ledger: { sent: number; on_disk: number; delivered: number; lost_in_flight: number; exact: boolean; error: string | null };
  processes: number;
  reconnects_seen: number;
  rss_mb: { first: number; last: number; max: number; slope_mb_per_h: number | null };
  fds: { max: number; last: number };
  event_loop_ms: { p99: number; max: number };
  unhandled_rejections: number;
}

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'probe.js');

interface Sample {
  t: number;
  pid: number;
  p99_ms: number;
  max_ms: number;
  rss_mb: number;
  fds: number;
}

/** What each process (or connection) was sent, and what each /ws client got, code by code, for assertEpochs. */
class Epochs {
  readonly sent = new Map<string, string[][]>();
  readonly #clients = new Map<string, string[][]>();
  constructor(private readonly rig: Rig) {
    for (const c of rig.codes) {
      this.sent.set(c, []);
      this.#clients.set(c, []);
    }
  }
  /** Closes the current epoch: trades sent from now on reach another connection or process. */
  close(): void {
    for (const c of this.rig.codes) this.sent.get(c)!.push(this.rig.sent.get(c)!.splice(0));
  }
  /** The current /ws client is done (its process was killed or stopped). */
  clientDone(): void {
    for (const c of this.rig.codes) this.#clients.get(c)!.push(this.rig.delivered(c));
  }
  /** What was delivered of each epoch's trades, in order (a trade sent just before a drop may arrive after it). */
  delivered(code: string): string[][] {
    const epochOf = new Map<string, number>();
    this.sent.get(code)!.forEach((keys, e) => keys.forEach((k) => epochOf.set(k, e)));
    const out = this.sent.get(code)!.map((): string[] => []);
    for (const k of this.#clients.get(code)!.flat()) out[epochOf.get(k) ?? 0]!.push(k);
    return out;
  }
}

function feeder(rig: Rig, perTick: number): { pause(on: boolean): void; stop(): Promise<void> } {
  let running = true;
  let paused = false;
  const done = (async () => {
    while (running) {
      if (!paused) for (let i = 0; i < perTick; i++) for (const c of rig.codes) rig.trade(c);
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  return {
    pause: (on) => (paused = on),
    async stop() {
      running = false;
      await done;
    },
  };
}

function slope(samples: readonly Sample[]): number | null {
  if (samples.length < 30) return null;
  const xs = samples.map((s) => (s.t - samples[0]!.t) / 3_600_000);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = samples.reduce((a, s) => a + s.rss_mb, 0) / samples.length;
  let num = 0;
  let den = 0;
  samples.forEach((s, i) => {
    num += (xs[i]! - mx) * (s.rss_mb - my);
    den += (xs[i]! - mx) ** 2;
  });
  return den === 0 ? null : num / den;
}

const percentile = (v: number[], p: number): number => (v.length ? [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]! : 0);
const unhandled = (stderr: string): number => stderr.split('\n').filter((l) => /"(unhandled rejection|uncaught exception)"/.test(l)).length;

async function inject(kind: FaultKind, rig: Rig, epochs: Epochs, feed: ReturnType<typeof feeder>, random: () => number, stderrs: string[]): Promise<void> {
  if (kind === 'drop') {
    const before = rig.emu.connections;
    epochs.close();
    rig.emu.dropAll();
    await until(() => rig.emu.connections > before, 'reconnected after a drop', 120_000);
  } else if (kind === 'stall') {
    feed.pause(true);
    const before = rig.emu.connections;
    epochs.close();
    rig.emu.hold(true);
    rig.emu.silence();
    // The market trades on while the connection is stalled: a gap, not part of the ledger.
    for (let i = 0; i < 5; i++) for (const c of rig.codes) rig.emu.sendTrade(c, { chetime: '120000', price: '55000', cvolume: String(1 + i), cgubun: '+' });
    await until(() => rig.emu.connections > before, 'the stalled connection replaced', 120_000);
    rig.emu.hold(false);
    feed.pause(false);
  } else if (kind === 'kill') {
    await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
    rig.serve.child.kill('SIGKILL');
    await new Promise((r) => rig.serve.child.once('exit', r));
    stderrs.push(rig.serve.stderr());
    epochs.close();
    epochs.clientDone();
    await rig.restart();
  } else {
    const filler = fillDisk(rig.setup.dataDir);
    try {
      await until(async () => (await rig.health()).store.pendingLines > 0, 'trades queued on the full disk', 60_000);
    } finally {
      fs.rmSync(filler, { force: true });
    }
    await until(async () => (await rig.health()).store_alarm === null, 'the disk alarm cleared', 60_000);
  }
  await rig.subscribed(120_000);
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const random = seededRandom(o.seed);
  const codes = ['005930', '000660', '035720', '015760', '010950', '122870', '247540', '000270'].slice(0, o.codes ?? 4);
  const probeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'footprint-soak-')), 'probe.jsonl');
  let kinds = o.faults ?? ['drop', 'stall', 'kill', 'disk'];
  let mounted = false;
  const rig = await startRig(codes, {
    env: { NODE_OPTIONS: `--import=${PROBE}`, SOAK_PROBE_FILE: probeFile },
    mount: kinds.includes('disk')
      ? (dir) => {
          mounted = mountTmpfs(dir, o.tmpfsSize ?? '1g');
          return () => mounted && unmount(dir);
        }
      : undefined,
  });
  if (!mounted) kinds = kinds.filter((k) => k !== 'disk');
  const faults: Record<string, number> = {};
  const stderrs: string[] = [];
  const epochs = new Epochs(rig);
  const start = Date.now();
  const [calmLo, calmHi] = o.calmMs ?? [20_000, 120_000];
  let ledgerError: string | null = null;
  let lost = 0;
  try {
    const feed = feeder(rig, o.perTick ?? 1);
    while (Date.now() - start < o.durationMs) {
      const calm = calmLo + random() * (calmHi - calmLo);
      await new Promise((r) => setTimeout(r, Math.min(calm, Math.max(0, o.durationMs - (Date.now() - start)))));
      if (Date.now() - start >= o.durationMs) break;
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      faults[kind] = (faults[kind] ?? 0) + 1;
      o.progress?.(`${Math.round((Date.now() - start) / 1000)} s: ${kind}`);
      await inject(kind, rig, epochs, feed, random, stderrs);
    }
    await feed.stop();
    const last = codes.map((c) => [c, rig.sent.get(c)!.at(-1)] as const);
    await until(() => last.every(([c, k]) => k === undefined || rig.delivered(c).includes(k)), 'the last trades delivered', 120_000);
    epochs.close();
    epochs.clientDone();
    try {
      for (const c of codes) lost += assertEpochs(epochs.sent.get(c)!, epochs.delivered(c), onDisk(rig.dayFile(c)), `soak seed ${o.seed} (${c})`);
    } catch (e) {
      ledgerError = e instanceof Error ? e.message : String(e);
    }
  } finally {
    await rig.serve.stop();
    stderrs.push(rig.serve.stderr());
  }
  const sent = codes.reduce((n, c) => n + epochs.sent.get(c)!.flat().length, 0);
  const report = summarize(o, fs.readFileSync(probeFile, 'utf8'), {
    faults, mounted, stderrs, sent, lost, ledgerError,
    onDisk: codes.reduce((n, c) => n + onDisk(rig.dayFile(c)).length, 0),
    delivered: codes.reduce((n, c) => n + epochs.delivered(c).flat().length, 0),
    reconnects: rig.emu.connections - 1, start,
  });
  await rig.close();
  fs.rmSync(path.dirname(probeFile), { recursive: true, force: true });
  return report;
}

function summarize(
  o: SoakOptions,
  probe: string,
  r: { faults: Record<string, number>; mounted: boolean; stderrs: string[]; sent: number; lost: number; ledgerError: string | null; onDisk: number; delivered: number; reconnects: number; start: number },
): SoakReport {
  const samples = probe.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sample);
  const byPid = new Map<number, Sample[]>();
  for (const s of samples) byPid.set(s.pid, [...(byPid.get(s.pid) ?? []), s]);
  const longest = [...byPid.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const round = (n: number): number => Math.round(n * 10) / 10;
  const slopeMb = slope(longest);
  return {
    seed: o.seed,
    duration_s: Math.round((Date.now() - r.start) / 1000),
    faults: r.faults,
    disk_faults: r.mounted ? 'tmpfs' : 'skipped: cannot mount a tmpfs (needs root)',
    ledger: { sent: r.sent, on_disk: r.onDisk, delivered: r.delivered, lost_in_flight: r.lost, exact: r.ledgerError === null, error: r.ledgerError },
    processes: byPid.size,
    reconnects_seen: r.reconnects,
    rss_mb: {
      first: round(samples[0]?.rss_mb ?? 0), last: round(samples.at(-1)?.rss_mb ?? 0),
      max: round(Math.max(0, ...samples.map((s) => s.rss_mb))), slope_mb_per_h: slopeMb === null ? null : round(slopeMb),
    },
    fds: { max: Math.max(0, ...samples.map((s) => s.fds)), last: samples.at(-1)?.fds ?? 0 },
    event_loop_ms: { p99: round(percentile(samples.map((s) => s.p99_ms), 99)), max: round(Math.max(0, ...samples.map((s) => s.max_ms))) },
    unhandled_rejections: r.stderrs.reduce((n, e) => n + unhandled(e), 0),
  };
}
