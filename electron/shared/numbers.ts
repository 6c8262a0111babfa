// Thousands grouping, Korean style, for every number the app shows (prices, volumes, counts). By hand
// rather than Intl/toLocaleString, which are slow for the thousands of labels a chart formats.

/** 1234567 → "1,234,567"; keeps the sign, rounds to an integer. */
export function groupThousands(n: number): string {
  const v = Math.round(n);
  const digits = String(Math.abs(v));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? `-${out}` : out;
}
