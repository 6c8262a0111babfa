// KST (UTC+9, no daylight saving) calendar and clock helpers. The feed stamps trades with
// HHMMSS only, so the trading date is always the KST date at receipt, never the host's local date.

const KST_OFFSET_MS = 9 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

function shifted(ms: number): Date {
  return new Date(ms + KST_OFFSET_MS);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** KST calendar date of an instant, as YYYYMMDD. */
export function kstDate(ms: number): string {
  const d = shifted(ms);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
}

/** KST wall-clock time of an instant, as HHMMSS. */
export function kstTime(ms: number): string {
  const d = shifted(ms);
  return `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
}

/** True for a real calendar date written as YYYYMMDD (years 2000-2099). */
export function isValidYmd(s: string): boolean {
  if (!/^20\d{6}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** True for a clock time HHMMSS with 00 <= HH <= 23, 00 <= MM, SS <= 59. */
export function isValidHms(s: string): boolean {
  if (!/^\d{6}$/.test(s)) return false;
  return Number(s.slice(0, 2)) < 24 && Number(s.slice(2, 4)) < 60 && Number(s.slice(4, 6)) < 60;
}

/** Seconds since KST midnight for an HHMMSS string (no validation: callers pass parsed feed data). */
export function hmsToSeconds(hms: string): number {
  return Number(hms.slice(0, 2)) * 3600 + Number(hms.slice(2, 4)) * 60 + Number(hms.slice(4, 6));
}

/** HHMMSS for seconds since KST midnight. */
export function secondsToHms(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  return `${pad2(h)}${pad2(m)}${pad2(sec % 60)}`;
}

/** UTC epoch milliseconds of 00:00:00 KST on a YYYYMMDD date. */
export function kstMidnightMs(ymd: string): number {
  return Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))) - KST_OFFSET_MS;
}

/** UTC epoch seconds of a KST date + HHMMSS: the time axis value charts use. */
export function kstEpochSeconds(ymd: string, hms: string): number {
  return kstMidnightMs(ymd) / 1000 + hmsToSeconds(hms);
}

/** The first 07:00:00 KST strictly after an instant (LS tokens lapse then, see docs/ls-api.md#token-lifetime). */
export function nextKst0700Ms(ms: number): number {
  const midnight = kstMidnightMs(kstDate(ms));
  const seven = midnight + 7 * 3600 * 1000;
  return seven > ms ? seven : seven + DAY_MS;
}

/** "09:26:19" for "092619". */
export function formatHms(hms: string): string {
  return `${hms.slice(0, 2)}:${hms.slice(2, 4)}:${hms.slice(4, 6)}`;
}
