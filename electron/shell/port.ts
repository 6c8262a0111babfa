// Port 8000 is a common default (Python's http.server uses it too). Before the core binds it, the
// shell checks whether it is free; if another program holds it, the trader is offered the next free
// one instead of a crash.
import net from 'node:net';

export type PortProbe = 'free' | 'in-use' | 'denied';

export function probePort(host: string, port: number): Promise<PortProbe> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? 'in-use' : 'denied'));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve('free')));
  });
}

/** The first free port after `from` (within `span` ports), or null. */
export async function nextFreePort(host: string, from: number, span = 50): Promise<number | null> {
  for (let p = from + 1; p <= Math.min(from + span, 65535); p++) {
    if ((await probePort(host, p)) === 'free') return p;
  }
  return null;
}

/** The Korean notice shown in the tray and the dialog when the configured port is taken. */
export function portTakenNotice(wanted: number, using: number | null): string {
  return using === null
    ? `포트 ${wanted}을(를) 다른 프로그램이 사용 중이고 빈 포트를 찾지 못했습니다`
    : `포트 ${wanted}을(를) 다른 프로그램이 사용 중이라 ${using} 포트로 실행 중`;
}
