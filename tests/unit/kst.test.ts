import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  formatHms, hmsToSeconds, isValidHms, isValidYmd, kstDate, kstEpochSeconds, kstMidnightMs, kstTime,
  nextKst0700Ms, secondsToHms,
} from '../../electron/shared/kst.ts';

test('KST date rolls over at 15:00 UTC, not at local midnight', () => {
  assert.equal(kstDate(Date.UTC(2025, 10, 25, 14, 59, 59)), '20251125');
  assert.equal(kstDate(Date.UTC(2025, 10, 25, 15, 0, 0)), '20251126');
  assert.equal(kstTime(Date.UTC(2025, 10, 25, 0, 26, 19)), '092619');
  assert.equal(kstDate(Date.UTC(2025, 11, 31, 15, 0, 0)), '20260101');
});

test('KST helpers give the same answers whatever the host time zone', () => {
  const script = fileURLToPath(new URL('../../electron/shared/kst.js', import.meta.url));
  const code = `import(${JSON.stringify(script)}).then(k => console.log(k.kstDate(${Date.UTC(2025, 10, 25, 15, 30)}), k.kstTime(${Date.UTC(2025, 10, 25, 15, 30)}), k.kstMidnightMs('20251126')))`;
  const outputs = ['UTC', 'America/Los_Angeles', 'Asia/Seoul', 'Pacific/Kiritimati'].map((tz) => {
    const r = spawnSync(process.execPath, ['-e', code], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  });
  assert.equal(new Set(outputs).size, 1);
  assert.equal(outputs[0], `20251126 003000 ${Date.UTC(2025, 10, 25, 15, 0)}`);
});

test('calendar validation rejects impossible dates', () => {
  for (const ok of ['20251125', '20240229', '20001231']) assert.ok(isValidYmd(ok), ok);
  for (const bad of ['20250229', '20251301', '20251100', '2025112', '202511255', '19991231', '2025-11-25', '../../x', '']) {
    assert.ok(!isValidYmd(bad), bad);
  }
  assert.ok(isValidHms('235959'));
  assert.ok(!isValidHms('240000'));
  assert.ok(!isValidHms('096000'));
});

test('clock conversions round-trip', () => {
  assert.equal(hmsToSeconds('092619'), 9 * 3600 + 26 * 60 + 19);
  for (const s of [0, 1, 59, 3600, 32400, 86399]) assert.equal(hmsToSeconds(secondsToHms(s)), s);
  assert.equal(formatHms('092619'), '09:26:19');
  assert.equal(kstEpochSeconds('20251125', '090000'), Date.UTC(2025, 10, 25, 0, 0, 0) / 1000);
  assert.equal(kstMidnightMs('20251125'), Date.UTC(2025, 10, 24, 15, 0, 0));
});

test('next 07:00 KST is strictly later and at most a day away', () => {
  const before = Date.UTC(2025, 10, 24, 21, 59, 59); // 06:59:59 KST on 11-25
  assert.equal(nextKst0700Ms(before), Date.UTC(2025, 10, 24, 22, 0, 0));
  const at = Date.UTC(2025, 10, 24, 22, 0, 0); // exactly 07:00 KST
  assert.equal(nextKst0700Ms(at), Date.UTC(2025, 10, 25, 22, 0, 0));
  const evening = Date.UTC(2025, 10, 25, 12, 0, 0); // 21:00 KST
  assert.equal(nextKst0700Ms(evening), Date.UTC(2025, 10, 25, 22, 0, 0));
});
