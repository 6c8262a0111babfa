// `npm start`: the desktop app when Electron can run here, otherwise (no Electron binary, no display)
// one line saying why and the headless core, exactly as `npm run serve`, so the command always does
// something useful. The electron npm package is never imported: without its binary it would try to
// download one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The Electron executable the npm package would run, or null when it was never downloaded. */
export function electronBinary(appRoot: string, env: Readonly<Record<string, string | undefined>>): string | null {
  const pkg = path.join(appRoot, 'node_modules', 'electron');
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
  let rel: string;
  try {
    rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  return path.join(pkg, 'dist', rel);
}

/** Why the desktop app cannot start here, or null when it can. */
export function electronProblem(binary: string | null, exists: (p: string) => boolean, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string | null {
  if (binary === null) return 'Electron 실행 파일이 설치되지 않았습니다 (npx install-electron 으로 받을 수 있습니다)';
  if (!exists(binary)) return `Electron 실행 파일이 없습니다: ${binary}`;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return '화면(DISPLAY/WAYLAND_DISPLAY)이 없는 환경입니다';
  return null;
}

async function runHeadless(why: string): Promise<void> {
  process.stdout.write(`데스크톱 앱을 시작할 수 없어 헤드리스 수집기로 실행합니다: ${why}\n(Desktop app unavailable; running the headless core as \`npm run serve\` does.)\n`);
  await import('./serve.ts');
}

async function main(): Promise<void> {
  const binary = electronBinary(APP_ROOT, process.env);
  const problem = electronProblem(binary, fs.existsSync, process.platform, process.env);
  if (problem !== null || binary === null) return runHeadless(problem ?? 'Electron 없음');

  // The same V8 young-generation limit as `npm run serve` (see package.json); the main process takes it only at launch.
  const child = spawn(binary, ['--js-flags=--max-semi-space-size=4', APP_ROOT, ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });
  let started = false;
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!started && chunk.toString('utf8').includes('Footprint listening on ')) started = true;
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  const outcome = await new Promise<{ code: number | null; error: Error | null }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code, error: null }));
  });
  if (outcome.error !== null) return runHeadless(`Electron을 실행하지 못했습니다 (${outcome.error.message})`);
  if (!started && outcome.code !== 0) return runHeadless(`Electron이 시작 중에 종료되었습니다 (exit ${String(outcome.code)})`);
  process.exitCode = outcome.code ?? 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
