// Loaded into the soak's serve process with NODE_OPTIONS=--import: once a second it appends the event
// loop's delay (p99 and max of that second), RSS and open descriptors to SOAK_PROBE_FILE, one JSON line.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  setInterval(() => {
    const line = {
      t: Date.now(),
      pid: process.pid,
      p99_ms: h.percentile(99) / 1e6,
      max_ms: h.max / 1e6,
      rss_mb: process.memoryUsage.rss() / 2 ** 20,
      fds: fs.readdirSync('/proc/self/fd').length,
    };
    h.reset();
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}
