// Colours. Korean convention by default: buy / up / positive delta red, sell / down / negative blue;
// POC neutral amber. Cell shades come from a small precomputed ramp so painting never builds strings.
import type { PaletteName } from './settings.ts';

export type Rgb = readonly [number, number, number];

export interface Palette {
  buy: Rgb;
  sell: Rgb;
  /** Strong text/outline colours for imbalances and signed numbers. */
  buyText: string;
  sellText: string;
  buyRamp: readonly string[];
  sellRamp: readonly string[];
  neutralRamp: readonly string[];
}

export const RAMP_STEPS = 12;

/** Background of an empty cell; ramp shades are pre-blended over it so each cell paints once. */
const CELL_BASE: Rgb = [22, 29, 41];

export function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function blend(under: Rgb, over: Rgb, alpha: number): Rgb {
  return [0, 1, 2].map((k) => under[k]! + (over[k]! - under[k]!) * alpha) as [number, number, number];
}

/** Shared theme colours (dark). */
export const THEME = {
  background: '#0d1117',
  cell: hex(CELL_BASE),
  grid: 'rgba(110, 125, 150, 0.10)',
  border: '#263041',
  text: '#c9d1dc',
  textDim: '#7d8796',
  textStrong: '#f2f5f9',
  poc: '#f5c542',
  nakedPoc: 'rgba(245, 197, 66, 0.75)',
  valueArea: 'rgba(205, 180, 255, 0.9)',
  valueAreaShade: 'rgba(205, 180, 255, 0.08)',
  unfinished: '#f5c542',
  auction: '#aab4c6',
  font: '"Pretendard", "Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans KR", "NanumGothic", system-ui, sans-serif',
  /** Numbers in cells: fonts with compact, even digits first. */
  cellFont: '"Segoe UI", "Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans KR", "NanumGothic", system-ui, sans-serif',
} as const;

export function rgba(c: Rgb, alpha: number): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${Math.round(alpha * 1000) / 1000})`;
}

/** RAMP_STEPS opaque shades of one colour over CELL_BASE, faint to strong. */
export function ramp(c: Rgb): string[] {
  const out: string[] = [];
  for (let i = 0; i < RAMP_STEPS; i++) out.push(hex(blend(CELL_BASE, c, 0.1 + (0.65 * i) / (RAMP_STEPS - 1))));
  return out;
}

/**
 * Ramp index for a value against the scale's maximum, or -1 for nothing to paint. The square root
 * keeps mid-sized prints visible next to one huge print.
 */
export function shadeIndex(value: number, max: number): number {
  if (value <= 0 || max <= 0) return -1;
  const t = Math.sqrt(Math.min(1, value / max));
  return Math.min(RAMP_STEPS - 1, Math.floor(t * RAMP_STEPS));
}

const KOREAN_BUY: Rgb = [240, 68, 82];
const KOREAN_SELL: Rgb = [50, 132, 250];
const WESTERN_BUY: Rgb = [38, 178, 140];
const WESTERN_SELL: Rgb = [240, 83, 80];
const NEUTRAL: Rgb = [100, 116, 146];

function build(buy: Rgb, sell: Rgb, buyText: string, sellText: string): Palette {
  return { buy, sell, buyText, sellText, buyRamp: ramp(buy), sellRamp: ramp(sell), neutralRamp: ramp(NEUTRAL) };
}

const PALETTES: Record<PaletteName, Palette> = {
  korean: build(KOREAN_BUY, KOREAN_SELL, '#ff6470', '#5aa2ff'),
  western: build(WESTERN_BUY, WESTERN_SELL, '#3fd6a8', '#ff6b68'),
};

export function palette(name: PaletteName): Palette {
  return PALETTES[name];
}

/** Colour of a signed value (delta, CVD): buy colour above zero, sell colour below, dim at zero. */
export function signColor(p: Palette, v: number): string {
  return v > 0 ? p.buyText : v < 0 ? p.sellText : THEME.textDim;
}
