// The headless entry (`npm run serve`): configuration from the environment and .env, the core,
// the URL on stdout, and a clean stop on SIGINT/SIGTERM.
import { createLogger, keepRunningWithoutOutput } from '../log.ts';
import { ConfigError, readConfiguration, type Config } from './config.ts';
import { headlessSettingsStore } from './settings.ts';
import { startCore } from './start.ts';
import type { Settings } from '../shared/wire.ts';

let config: Config;
let initial: Settings;
try {
  ({ config, settings: initial } = readConfiguration(process.env, process.cwd()));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
keepRunningWithoutOutput();
// A recorder that runs unattended must not stop collecting over one unforeseen error in a side path
// (a request handler, a timer): it is logged loudly and recording goes on. Known failures are handled
// where they happen; this is the last line.
process.on('uncaughtException', (err) => log.error('uncaught exception', { error: err.stack ?? err.message }));
process.on('unhandledRejection', (reason) =>
  log.error('unhandled rejection', { error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) }),
);

// Headless, the settings page edits this run's settings (the environment cannot be written back).
const settings = headlessSettingsStore(initial);
let core: Awaited<ReturnType<typeof startCore>>;
try {
  core = await startCore(config, { log, settings });
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
// PORT=0 picks a free port: the settings page shows the one in use, which is also a valid setting.
if (config.port === 0) await settings.save({ ...(await settings.load()), port: core.port });

const banner: Record<Config['feed'], string> = {
  ls: 'feed: LS Open API (live)',
  demo: 'feed: DEMO — simulated trades, not real market data (데모: 모의 체결, 실제 시세 아님). Set LS_APP_KEY and LS_APP_SECRET for live data.',
  replay: 'feed: REPLAY of recorded files (재생)',
};
process.stdout.write(`Footprint listening on ${core.url}\n${banner[config.feed]}\n`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await core.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
