// Who a pid is, beyond its number: pids are reused (after a reboot the first ones come back at once), so a
// lock names its holder by pid and by this identity. On Linux it is the boot id and the process's start
// time in clock ticks since boot (field 22 of /proc/<pid>/stat), which no later process with the same pid
// shares. Elsewhere there is no cheap equivalent: null, and callers fall back to the pid alone.
import fs from 'node:fs';

/** Field 22 (starttime) counted from field 3, the first one after the parenthesised command name. */
const STARTTIME_AFTER_COMM = 22 - 3;

/** The start-time field of a /proc/<pid>/stat text; null when the text is not one. */
export function startTimeOfStat(stat: string): string | null {
  const end = stat.lastIndexOf(')');
  if (end < 0) return null;
  const field = stat.slice(end + 2).split(' ')[STARTTIME_AFTER_COMM];
  return field !== undefined && /^\d+$/.test(field) ? field : null;
}

/** `<boot id>:<start time>` of a running process, or null (not Linux, no such process, unreadable). */
export function processIdentity(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const start = startTimeOfStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return boot !== '' && start !== null ? `${boot}:${start}` : null;
  } catch {
    return null;
  }
}
