// The digit keys' bar presets (app/bar-presets.ts): stored slots are validated one by one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BAR_PRESETS, readBarPresets, withBarPreset } from '../../renderer/src/app/bar-presets.ts';

test('nothing stored gives the defaults; a bad slot falls back alone', () => {
  assert.deepEqual(readBarPresets(null), DEFAULT_BAR_PRESETS);
  const stored = withBarPreset(DEFAULT_BAR_PRESETS, 0, { barKind: 'tick', barSize: 200 });
  const raw: unknown[] = JSON.parse(JSON.stringify(stored));
  raw[1] = { barKind: 'time', barSize: 7 }; // not a divisor of a day
  const read = readBarPresets(raw);
  assert.deepEqual(read[0], { barKind: 'tick', barSize: 200 });
  assert.deepEqual(read[1], DEFAULT_BAR_PRESETS[1]);
  assert.equal(read.length, 9);
});
