// A tiny leveled logger writing one JSON object per line to stderr. Noisy sources (bad frames,
// failed writes) go through `limited` so a flood of garbage cannot flood the log.

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** Logs at most once per `intervalMs` per key, reporting how many were suppressed. */
  limited(key: string, level: Level, msg: string, fields?: Fields, intervalMs?: number): void;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  minLevel: Level = 'info',
  // Once the reader of stderr has gone (see keepRunningWithoutOutput) lines have nowhere to go.
  write: (line: string) => void = (line) => void (process.stderr.writable && process.stderr.write(line)),
): Logger {
  const last = new Map<string, { at: number; suppressed: number }>();
  const emit = (level: Level, msg: string, fields?: Fields): void => {
    if (ORDER[level] < ORDER[minLevel]) return;
    write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    limited(key, level, msg, fields, intervalMs = 10_000) {
      const now = Date.now();
      const seen = last.get(key);
      if (seen && now - seen.at < intervalMs) {
        seen.suppressed++;
        return;
      }
      emit(level, msg, seen?.suppressed ? { ...fields, suppressed: seen.suppressed } : fields);
      last.set(key, { at: now, suppressed: 0 });
    },
  };
}

/** A logger that drops everything (unit tests). */
export const silentLogger: Logger = createLogger('error', () => {});

/**
 * A collector runs unattended: when whoever reads its output goes away (a closed terminal or pipe:
 * EPIPE, then a destroyed stream), it records on and its output is dropped. Unhandled, the stream's
 * error would reach the uncaught-exception handler, whose log line fails the same way, for ever.
 */
export function keepRunningWithoutOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    });
  }
}
