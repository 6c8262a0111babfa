// The nine bar presets the digit keys pick (Shift + digit stores the bars shown into that slot).
// Pure: the stored list is validated slot by slot, so a stale or hand-edited entry falls back to the
// default of that slot only.
import { parseBarSpec, type BarKind } from '../../../electron/shared/footprint/index.ts';

export interface BarPreset {
  barKind: BarKind;
  barSize: number;
}

export const DEFAULT_BAR_PRESETS: readonly BarPreset[] = [
  { barKind: 'time', barSize: 30 },
  { barKind: 'time', barSize: 60 },
  { barKind: 'time', barSize: 180 },
  { barKind: 'time', barSize: 300 },
  { barKind: 'time', barSize: 900 },
  { barKind: 'tick', barSize: 100 },
  { barKind: 'tick', barSize: 500 },
  { barKind: 'volume', barSize: 10_000 },
  { barKind: 'range', barSize: 10 },
];

function validPreset(v: unknown): BarPreset | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  try {
    const spec = parseBarSpec(`${String(o.barKind)}:${String(o.barSize)}`);
    return { barKind: spec.kind, barSize: spec.size };
  } catch {
    return null;
  }
}

/** The nine presets from what storage held (anything). */
export function readBarPresets(raw: unknown): BarPreset[] {
  const list = Array.isArray(raw) ? raw : [];
  return DEFAULT_BAR_PRESETS.map((d, i) => validPreset(list[i]) ?? { ...d });
}

/** The list with `slot` (0–8) holding `preset`. */
export function withBarPreset(list: readonly BarPreset[], slot: number, preset: BarPreset): BarPreset[] {
  return list.map((p, i) => (i === slot ? { barKind: preset.barKind, barSize: preset.barSize } : p));
}
