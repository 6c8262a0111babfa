// Module resolution hook: the specifier `electron` resolves to the emulator beside this file.
const EMULATOR = new URL('./electron.js', import.meta.url).href;

interface ResolveResult {
  url: string;
  shortCircuit?: boolean;
}

export function resolve(specifier: string, context: unknown, next: (specifier: string, context: unknown) => Promise<ResolveResult>): Promise<ResolveResult> | ResolveResult {
  if (specifier === 'electron') return { url: EMULATOR, shortCircuit: true };
  return next(specifier, context);
}
