// Seeded generators for the fuzzers: one PRNG (electron/shared/random.ts) per run, so a seed and a case
// number reproduce a failing input exactly.
import { seededRandom } from '../../electron/shared/random.ts';

export class Gen {
  readonly #next: () => number;
  constructor(readonly seed: number) {
    this.#next = seededRandom(seed);
  }
  float(): number {
    return this.#next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.#next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.#next() * xs.length)]!;
  }
  /** A string of `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.#next() * alphabet.length)];
    return s;
  }
  /** Anything a hostile or broken peer might put where a short string goes. */
  nasty(): string {
    return this.pick<() => string>([
      () => '',
      () => this.chars('0123456789', this.int(1, 25)),
      () => this.chars('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 6),
      () => this.chars('abcXYZ09-_.~!*()\'', this.int(1, 12)),
      () => '../'.repeat(this.int(1, 6)) + 'FUZZMARK',
      () => '..%2f'.repeat(this.int(1, 4)) + 'FUZZMARK',
      () => '%2e%2e%5c'.repeat(this.int(1, 4)) + 'FUZZMARK',
      () => '/etc/passwd',
      () => 'C:\\FUZZMARK\\x',
      () => '%00' + this.chars('abc', 3),
      () => '%' + this.chars('0123456789ABCDEFGZ%', this.int(1, 3)),
      () => String(this.pick([-1, 0, 1, 1e21, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 1.5, -0])),
      () => this.pick(['NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor', 'toString']),
      () => '삼성전자' + this.chars('가나다', this.int(0, 3)),
      () => '\u{1F4A9}\u202E\uFEFF',
      () => 'x'.repeat(this.int(100, 20_000)),
      () => this.chars('0123456789', 8),
      () => this.pick(['005930', '000660', '0088K0', '999999', '00593', '0059300']),
    ])();
  }
  /** A JSON value of any shape, `depth` levels deep at most. */
  json(depth = 3): unknown {
    const k = this.int(0, depth > 0 ? 7 : 4);
    if (k === 0) return null;
    if (k === 1) return this.chance(0.5);
    if (k === 2) return this.pick([0, -1, 1.5, 1e308, -1e-308, 2 ** 63, 12345678901234567890]);
    if (k === 3 || k === 4) return this.nasty();
    if (k === 5) return Array.from({ length: this.int(0, 4) }, () => this.json(depth - 1));
    const o: Record<string, unknown> = {};
    for (let i = this.int(0, 4); i > 0; i--) o[this.chance(0.7) ? this.pick(FIELDS) : this.nasty().slice(0, 20)] = this.json(depth - 1);
    return o;
  }
}

/** Field names the API and the LS frames really use, so generated objects get past the first checks. */
export const FIELDS = [
  'codes', 'code', 'appKey', 'appSecret', 'simulated', 'port', 'dataDir', 'tradeTr', 'action', 'speed', 'time',
  'description', 'chetime', 'price', 'cvolume', 'cgubun', 'volume', 'exchname', 'mschecnt', 'mdchecnt', 'shcode',
  'tr_cd', 'tr_key', 'tr_type', 'rsp_cd', 'rsp_msg', 'tr_id', 'header', 'body', '__proto__', 'constructor',
];
