// The gaps sidecar: appended in order even when appends overlap, read back validated, a torn or
// foreign line skipped, nothing for a day without gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toGap, type Gap } from '../../electron/shared/gap.ts';
import { gapFilePath } from '../../electron/store/day-file.ts';
import { appendGap, readGaps } from '../../electron/store/gap-file.ts';

const gap = (i: number): Gap => ({
  after: '100000',
  before: '100005',
  missed_volume: 100 + i,
  missed_trades: i === 1 ? null : i + 1,
  cause: i % 2 ? 'reconnect' : 'feed',
  at: `2025-11-26T01:00:0${i}.000Z`,
});

test('gaps are appended in order and read back; a torn or foreign line is skipped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-gaps-'));
  try {
    assert.deepEqual(await readGaps(dir, '005930', '20251126'), []);
    const gaps = Array.from({ length: 5 }, (_, i) => gap(i));
    await Promise.all(gaps.map((g) => appendGap(dir, '005930', '20251126', g)));
    assert.deepEqual(await readGaps(dir, '005930', '20251126'), gaps);
    const file = gapFilePath(dir, '005930', '20251126');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.deepEqual(JSON.parse(lines[0]!), gaps[0]);
    fs.appendFileSync(file, '{"after":"100000","missed_volume":0}\nnot json\n{"after": "1000');
    assert.deepEqual(await readGaps(dir, '005930', '20251126'), gaps);
    assert.deepEqual(await readGaps(dir, '005930', '20251125'), []);
    await assert.rejects(appendGap(path.join(dir, 'absent'), '005930', '20251126', gaps[0]!));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a line torn by a crash is moved aside before the next gap is appended, so that gap is not swallowed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-gaps-'));
  try {
    const file = gapFilePath(dir, '005930', '20251127');
    const whole = `${JSON.stringify(gap(0))}\n`;
    fs.writeFileSync(file, `${whole}{"after": "1000`);
    await appendGap(dir, '005930', '20251127', gap(1));
    assert.deepEqual(await readGaps(dir, '005930', '20251127'), [gap(0), gap(1)]);
    const aside = fs.readdirSync(dir).filter((f) => f.includes('.gaps.txt.torn-'));
    assert.equal(aside.length, 1);
    assert.equal(fs.readFileSync(path.join(dir, aside[0]!), 'utf8'), '{"after": "1000');
    assert.ok(fs.readFileSync(file, 'utf8').startsWith(whole));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a state line folds into its gap (the latest wins); a reader of gap lines alone skips it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-gaps-'));
  try {
    const g = gap(0);
    await appendGap(dir, '005930', '20251126', g);
    await appendGap(dir, '005930', '20251126', { after: g.after, before: g.before, state: 'partial', fetched: 3, missing_volume: 40, reason: 'LS 체결 조회에 없는 구간입니다.', at: 'x' });
    await appendGap(dir, '005930', '20251126', { after: g.after, before: g.before, state: 'filled', fetched: 5, missing_volume: 0, at: 'y' });
    assert.deepEqual(await readGaps(dir, '005930', '20251126'), [{ ...g, state: 'filled', fetched: 5, missing_volume: 0 }]);
    const lines = fs.readFileSync(gapFilePath(dir, '005930', '20251126'), 'utf8').split('\n').filter(Boolean);
    assert.deepEqual(lines.flatMap((l) => toGap(JSON.parse(l)) ?? []), [g]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
