// Pure window policy for the shell: which URLs the window may show, what goes to the system
// browser, the BrowserWindow web preferences, and whether closing the window hides or quits.
// Kept free of `electron` imports so it runs in plain Node tests.

/** The window shows only the local server: same scheme, host and port, no embedded credentials. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const u = parse(url);
  return u !== null && u.username === '' && u.password === '' && u.origin === appOrigin;
}

/** A URL the system browser may open on the page's behalf (web links only), or null. */
export function externalUrl(url: string): string | null {
  const u = parse(url);
  if (u === null || (u.protocol !== 'https:' && u.protocol !== 'http:')) return null;
  if (u.username !== '' || u.password !== '') return null;
  return u.href;
}

export type NavigationDecision = { action: 'allow' } | { action: 'deny'; openExternal: string | null };

/** In-window navigation and window.open: the app's own pages stay, web links go to the browser, the rest is dropped. */
export function navigationDecision(url: string, appOrigin: string): NavigationDecision {
  if (isAppUrl(url, appOrigin)) return { action: 'allow' };
  return { action: 'deny', openExternal: externalUrl(url) };
}

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  spellcheck: false;
}

/** Spelled out even where they are Electron's defaults, so a future default change cannot weaken them. */
export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

export type CloseDecision = 'hide' | 'close';

/** Closing the window only hides it (the collector keeps running); quitting is an explicit act. */
export function closeDecision(state: { quitting: boolean }): CloseDecision {
  return state.quitting ? 'close' : 'hide';
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
