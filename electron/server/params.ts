// Validation of request parameters. Codes and dates become file names, so nothing reaches the
// store or a path until it has passed these checks.
import { isValidCode } from '../shared/trade.ts';
import { isValidYmd } from '../shared/kst.ts';
import { ParamError } from '../shared/param-error.ts';

/**
 * One query parameter as sent; undefined when absent. A repeated one (`?code=1&code=2`) is refused:
 * taking either value would answer a question the client may not have meant.
 */
export function single(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new ParamError(`${name} is repeated`);
  if (typeof v !== 'string') throw new ParamError(`${name} must be a plain value`);
  return v;
}

/** A stock code: six digits or capital letters. */
export function codeParam(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new ParamError('code is required (six digits or capital letters, e.g. 005930)');
  if (!isValidCode(v)) throw new ParamError(`invalid code: ${JSON.stringify(v.slice(0, 20))} (six digits or capital letters, e.g. 005930)`);
  return v;
}

/** A KST trading date YYYYMMDD; absent means `today`. */
export function dateParam(v: unknown, today: string): string {
  if (v === undefined) return today;
  if (typeof v !== 'string' || !isValidYmd(v)) {
    throw new ParamError(`invalid date: ${JSON.stringify(typeof v === 'string' ? v.slice(0, 20) : v)} (a real date as YYYYMMDD)`);
  }
  return v;
}

/** An optional whole number in [min, max]; absent means null. */
export function intParam(name: string, v: unknown, min: number, max: number): number | null {
  if (v === undefined) return null;
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new ParamError(`invalid ${name}: ${JSON.stringify(typeof v === 'string' ? v.slice(0, 20) : v)} (a whole number from ${min} to ${max})`);
  return n;
}

/** A list of codes for a reordered watchlist: each valid, no duplicates. */
export function codeListParam(v: unknown): string[] {
  if (!Array.isArray(v)) throw new ParamError('codes must be an array of stock codes');
  const codes = v.map(codeParam);
  if (new Set(codes).size !== codes.length) throw new ParamError('codes must not repeat');
  return codes;
}
