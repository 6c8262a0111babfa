// One fault test's own world: an LS emulator, a temp data folder and watchlist, a real `npm run serve`
// child recording from the emulator, and a /ws client; plus a trade generator whose every trade has a
// distinct ledger key, and what each code sent, wrote and delivered for the ledger check (ledger.ts).
import path from 'node:path';
import { kstDate } from '../../electron/shared/kst.ts';
import { startLsEmulator, type LsEmulator, type LsEmulatorOptions } from '../support/ls-emulator.ts';
import { emulatorEnv, startServe, tempSetup, until, wsCollector, type ServeProcess } from '../support/serve-process.ts';
import { assertLedger, key, onDisk } from './ledger.ts';

export type WsClient = Awaited<ReturnType<typeof wsCollector>>;

export interface RigHealth {
  reconnects: number;
  bad_frames: number;
  repeated_trades: number;
  rejected_codes: string[];
  not_recording: string[];
  connection: string;
  codes: Record<string, { trades_today: number; gaps_today: number; quarantined_today: number }>;
  store_alarm: unknown;
  store: { pendingLines: number };
}

export interface Rig {
  emu: LsEmulator;
  setup: Awaited<ReturnType<typeof tempSetup>>;
  serve: ServeProcess;
  ws: WsClient;
  codes: readonly string[];
  /** Ledger keys of the trades that reached a subscribed connection, per code, in order. */
  sent: Map<string, string[]>;
  dayFile(code: string): string;
  delivered(code: string): string[];
  /** One trade of `code` with a time, price and size of its own; its key once it reached a socket (then also in `sent`), else null. */
  trade(code: string, fields?: Partial<Record<'chetime' | 'price' | 'cvolume' | 'cgubun', string>>): string | null;
  health(): Promise<RigHealth>;
  /** Waits until the emulator has one open connection with every code subscribed. */
  subscribed(timeoutMs?: number): Promise<void>;
  /** Waits until every sent trade was delivered on /ws. */
  drained(timeoutMs?: number): Promise<void>;
  /** sent = on disk = delivered for every code: count, order and checksum. */
  assertLedger(what: string): void;
  /** Starts a new serve process on the same folder (after a kill) with a new /ws client. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The HHMMSS of second `n` of a session starting at 09:00:00. */
export function sessionTime(n: number): string {
  const s = 9 * 3600 + (n % (6 * 3600));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return `${String(hh).padStart(2, '0')}${String(mm).padStart(2, '0')}${String(s % 60).padStart(2, '0')}`;
}

export interface RigOptions {
  emulator?: LsEmulatorOptions;
  /** Scripts the emulator before the collector first connects. */
  before?: (emu: LsEmulator) => void;
  /** Prepares the data folder before the collector starts (a stale lock, a torn file). */
  prepare?: (dataDir: string) => Promise<void> | void;
  /** Return before every code is subscribed (default: wait for it). */
  unsubscribed?: boolean;
  /** More environment for the serve process. */
  env?: Record<string, string>;
  /** Mounts the data folder before the collector starts (a small tmpfs); returns its undo. */
  mount?: (dataDir: string) => () => void;
}

export async function startRig(codes: readonly string[], opts: RigOptions = {}): Promise<Rig> {
  const emu = await startLsEmulator(opts.emulator);
  opts.before?.(emu);
  const setup = await tempSetup(codes);
  const unmount = opts.mount?.(setup.dataDir);
  await opts.prepare?.(setup.dataDir);
  const sent = new Map<string, string[]>(codes.map((c) => [c, []]));
  let tick = 0;
  let serve: ServeProcess;
  let ws: WsClient;
  const open = async (): Promise<void> => {
    serve = await startServe({ ...emulatorEnv(emu, setup), ...opts.env }, 30_000);
    ws = await wsCollector(serve.url);
  };
  await open();
  const date = kstDate(Date.now());
  const rig: Rig = {
    emu,
    setup,
    get serve() {
      return serve;
    },
    get ws() {
      return ws;
    },
    codes,
    sent,
    dayFile: (code) => path.join(setup.dataDir, `raw_data_${code}_${date}.txt`),
    delivered: (code) => ws.trades(code).map((m) => key(m as unknown as Parameters<typeof key>[0])),
    trade(code, fields = {}) {
      tick++;
      const reached = emu.subscribed('US3').has(code) && emu.liveConnections() > 0;
      const k = key(emu.sendTrade(code, {
        chetime: sessionTime(Math.floor(tick / 4)), price: String(54_500 + (tick % 20) * 100), cvolume: String(1 + (tick % 97)), cgubun: tick % 3 ? '+' : '-', ...fields,
      }));
      if (!reached) return null;
      sent.get(code)!.push(k);
      return k;
    },
    async health() {
      return (await (await fetch(`${serve.url}/`, { headers: { Accept: 'application/json' } })).json()) as RigHealth;
    },
    async subscribed(timeoutMs = 30_000) {
      await emu.waitFor(() => emu.liveConnections() === 1 && codes.every((c) => emu.subscribed('US3').has(c)), timeoutMs, `all ${codes.length} codes subscribed on one connection`);
    },
    async drained(timeoutMs = 20_000) {
      await until(() => codes.every((c) => rig.delivered(c).length >= sent.get(c)!.length), 'every sent trade delivered', timeoutMs);
    },
    assertLedger(what) {
      for (const c of codes) assertLedger(sent.get(c)!, onDisk(rig.dayFile(c)), rig.delivered(c), `${what} (${c})`);
    },
    async restart() {
      ws.close();
      await open();
    },
    async close() {
      ws?.close();
      await serve?.stop();
      await emu.close();
      unmount?.();
      await setup.cleanup();
    },
  };
  if (opts.unsubscribed) return rig;
  try {
    await rig.subscribed();
  } catch (e) {
    await rig.close();
    throw e;
  }
  return rig;
}
