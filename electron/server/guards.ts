// Pure request checks for a server that any local browser tab can reach. The Host check defeats
// DNS rebinding (a foreign name resolving to 127.0.0.1); the Origin check stops a web page on the
// internet from reading the trade stream or editing the watchlist through the trader's browser.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Host header values this server answers to: the loopback names and the bound host, with the exact port. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

/** True when the Host header names this server (case-insensitive, exact port). */
export function isAllowedHost(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  return host !== undefined && allowed.has(host.toLowerCase());
}

/** True for an http(s) origin on a loopback name, any port (a dev server on another port is local too). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return LOOPBACK_NAMES.has(url.hostname) && url.origin === origin.toLowerCase();
}

/**
 * Why a cross-site request must be refused, or null when it may proceed. Browsers send Origin on
 * WebSocket handshakes and on every POST/PUT/DELETE; a client without one is a local program, which
 * could read our files anyway. A loopback origin is ours whatever Sec-Fetch-Site says: a page on
 * http://127.0.0.1:5173 calling http://localhost:8000 is `cross-site` to the browser (another site name).
 */
export function originProblem(origin: string | undefined, secFetchSite: string | undefined): string | null {
  if (origin !== undefined) return isLoopbackOrigin(origin) ? null : `origin not allowed: ${origin.slice(0, 100)}`;
  if (secFetchSite === 'cross-site') return 'cross-site request refused';
  return null;
}
