// GET /: the JSON health report for programs, the built renderer for browsers asking for HTML.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';

export interface PageDeps {
  health(): object;
  /** Built renderer (dist/ui); a Korean placeholder page is served when it has no index.html. */
  rendererDir: string | undefined;
  /** Host:port values the page may open its WebSocket to (for the CSP); known once the server listens. */
  wsHosts: ReadonlySet<string>;
}

const PLACEHOLDER = `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>Footprint</title></head>
<body><h1>Footprint 수집기 실행 중</h1>
<p>차트 화면이 아직 빌드되지 않았습니다. <code>npm run build</code> 후 새로고침하세요.</p>
<p>수집 상태는 같은 주소에서 JSON으로 받을 수 있습니다 (<code>Accept: application/json</code>).</p></body></html>
`;

function csp(wsHosts: ReadonlySet<string>): string {
  // Chromium rejects IPv6 literals in CSP source lists; such pages rely on 'self', which CSP 3 extends to ws:.
  const ws = [...wsHosts]
    .filter((h) => !h.startsWith('['))
    .map((h) => `ws://${h}`)
    .join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export function pageRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const index = deps.rendererDir ? path.join(deps.rendererDir, 'index.html') : undefined;

  const sendHtml = (res: Response): void => {
    res.set('Content-Security-Policy', csp(deps.wsHosts));
    res.set('Cache-Control', 'no-cache');
    if (index && fs.existsSync(index)) res.sendFile(index);
    else res.type('html').send(PLACEHOLDER);
  };

  router.get('/', (req: Request, res: Response) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html') sendHtml(res);
    else res.json(deps.health());
  });
  if (deps.rendererDir) {
    router.use(
      express.static(deps.rendererDir, {
        index: false,
        setHeaders: (res) => res.setHeader('Content-Security-Policy', csp(deps.wsHosts)),
      }),
    );
  }
  return router;
}
