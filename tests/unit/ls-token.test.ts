import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readTokenResponse, tokenExpiry, tokenRenewAt } from '../../electron/collector/ls/token.ts';

const H = 3600_000;
/** Epoch ms of a KST wall-clock time (UTC+9). */
const kst = (y: number, mo: number, d: number, h: number, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h - 9, mi, s);

test('a token lapses at the next 07:00 KST when that comes before its stated lifetime', () => {
  // Issued 2025-11-25 21:22 KST with 24 h: the next 07:00 KST (11-26) wins.
  assert.equal(tokenExpiry(kst(2025, 11, 25, 21, 22), 86_400), kst(2025, 11, 26, 7));
  // The measured 66031 s countdown issued at 12:39:29 KST ends exactly at 07:00:00 the next day.
  assert.equal(tokenExpiry(kst(2025, 11, 25, 12, 39, 29), 66_031), kst(2025, 11, 26, 7));
  // Issued at 06:59:59 KST: one second left.
  assert.equal(tokenExpiry(kst(2025, 11, 26, 6, 59, 59), 86_400), kst(2025, 11, 26, 7));
  // Issued exactly at 07:00 KST: valid until the following 07:00.
  assert.equal(tokenExpiry(kst(2025, 11, 26, 7), 86_400), kst(2025, 11, 27, 7));
  // Issued at 07:00:01 KST: the next 07:00 is tomorrow's.
  assert.equal(tokenExpiry(kst(2025, 11, 26, 7, 0, 1), 86_400), kst(2025, 11, 27, 7));
});

test('a short stated lifetime wins over 07:00 KST', () => {
  assert.equal(tokenExpiry(kst(2025, 11, 26, 8), 3600), kst(2025, 11, 26, 9));
  assert.equal(tokenExpiry(kst(2025, 11, 26, 6, 30), 600), kst(2025, 11, 26, 6, 40));
});

test('07:00 KST is 22:00 UTC of the previous day, across month and year ends', () => {
  assert.equal(tokenExpiry(Date.UTC(2025, 11, 31, 21, 59, 59), 86_400), Date.UTC(2025, 11, 31, 22));
  assert.equal(tokenExpiry(Date.UTC(2025, 11, 31, 22), 86_400), Date.UTC(2026, 0, 1, 22));
  assert.equal(tokenExpiry(Date.UTC(2024, 1, 28, 23), 86_400), Date.UTC(2024, 1, 29, 22));
});

test('token expiry does not depend on the host time zone', () => {
  const script = fileURLToPath(new URL('../../electron/collector/ls/token.js', import.meta.url));
  const issued = kst(2025, 11, 25, 23, 30);
  const code = `import(${JSON.stringify(script)}).then(m => console.log(m.tokenExpiry(${issued}, 86400)))`;
  for (const tz of ['UTC', 'Asia/Seoul', 'America/New_York', 'Pacific/Kiritimati']) {
    const r = spawnSync(process.execPath, ['-e', code], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(Number(r.stdout.trim()), kst(2025, 11, 26, 7), tz);
  }
});

test('renewal happens a margin early, or at expiry when the token is too short for the margin', () => {
  const m = 5 * 60_000;
  assert.equal(tokenRenewAt(kst(2025, 11, 25, 21), kst(2025, 11, 26, 7), m), kst(2025, 11, 26, 6, 55));
  // Issued 06:58 KST, lapses 07:00: renewing "5 min early" would be in the past, so renew at 07:00.
  assert.equal(tokenRenewAt(kst(2025, 11, 26, 6, 58), kst(2025, 11, 26, 7), m), kst(2025, 11, 26, 7));
  assert.equal(tokenRenewAt(0, 10 * H, 0), 10 * H);
});

test('token responses: expires_in number, expire_in string, missing lifetime, refusals', () => {
  assert.deepEqual(readTokenResponse({ access_token: 'a', token_type: 'Bearer', scope: 'oob', expires_in: 86400 }), { accessToken: 'a', expiresInSec: 86400 });
  assert.deepEqual(readTokenResponse({ access_token: 'b', expire_in: '66031' }), { accessToken: 'b', expiresInSec: 66031 });
  assert.deepEqual(readTokenResponse({ access_token: 'c', expires_in: '0000086400' }), { accessToken: 'c', expiresInSec: 86400 });
  assert.deepEqual(readTokenResponse({ access_token: 'd' }), { accessToken: 'd', expiresInSec: 86400 });
  assert.deepEqual(readTokenResponse({ access_token: 'e', expires_in: 'soon' }), { accessToken: 'e', expiresInSec: 86400 });
  assert.deepEqual(readTokenResponse({ rsp_cd: 'IGW00105', rsp_msg: '유효하지 않은 AppSecret입니다.' }), { error: '유효하지 않은 AppSecret입니다. (IGW00105)' });
  assert.ok('error' in readTokenResponse(null));
  assert.ok('error' in readTokenResponse({ access_token: '' }));
});
