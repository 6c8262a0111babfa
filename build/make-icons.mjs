// Draws every icon the app and its installers need from one vector description (ICON and TRAY
// below), so the images are reproducible byte for byte with nothing but Node: no downloads, no
// image tools. Run `node build/make-icons.mjs` after changing the art; `--out DIR` writes elsewhere
// (the packaging test regenerates into a temp dir and compares with the committed files).
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// A footprint bar: sell volume (blue) to the left of the price axis, buy volume (red) to the right,
// the way the chart draws it (Korean convention: buy/up red, sell/down blue).
const RED = [229, 56, 59, 255];
const BLUE = [47, 111, 228, 255];
const AXIS = [150, 160, 176, 255];
const BACK = [22, 32, 46, 255];
const BLACK = [0, 0, 0, 255];

/** Rounded rectangles in unit coordinates: [x0, y0, x1, y1, radius, rgba]. Later shapes paint over earlier ones. */
function footprint(rows, { left, right, top, bottom, gap, axisWidth }, colors) {
  const shapes = [];
  const mid = (left + right) / 2;
  shapes.push([mid - axisWidth / 2, top, mid + axisWidth / 2, bottom, axisWidth / 2, colors.axis]);
  const pitch = (bottom - top) / rows.length;
  const half = (right - left) / 2 - gap;
  rows.forEach(([sell, buy], i) => {
    const y0 = top + i * pitch + pitch * 0.14;
    const y1 = top + (i + 1) * pitch - pitch * 0.14;
    const r = (y1 - y0) * 0.3;
    shapes.push([mid - gap - half * sell, y0, mid - gap, y1, r, colors.sell]);
    shapes.push([mid + gap, y0, mid + gap + half * buy, y1, r, colors.buy]);
  });
  return shapes;
}

const ICON = [
  [0.06, 0.06, 0.94, 0.94, 0.19, BACK],
  ...footprint(
    [[0.35, 0.45], [0.7, 0.95], [1, 0.75], [0.55, 1], [0.3, 0.25]],
    { left: 0.16, right: 0.84, top: 0.17, bottom: 0.83, gap: 0.045, axisWidth: 0.03 },
    { sell: BLUE, buy: RED, axis: AXIS },
  ),
];

// Tray art has three fat rows so it still reads at 16 px.
const TRAY_ROWS = [[0.5, 0.8], [1, 0.6], [0.45, 1]];
const TRAY_BOX = { left: 0.02, right: 0.98, top: 0.06, bottom: 0.94, gap: 0.07, axisWidth: 0.1 };
const TRAY = footprint(TRAY_ROWS, TRAY_BOX, { sell: BLUE, buy: RED, axis: AXIS });
// macOS menu-bar "template" images: black shapes whose alpha the system recolours for light/dark bars.
const TRAY_TEMPLATE = footprint(TRAY_ROWS, TRAY_BOX, { sell: BLACK, buy: BLACK, axis: BLACK });

function inside([x0, y0, x1, y1, r], x, y) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = x < x0 + r ? x0 + r : x > x1 - r ? x1 - r : x;
  const cy = y < y0 + r ? y0 + r : y > y1 - r ? y1 - r : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** RGBA pixels of the shapes at size×size, anti-aliased by supersampling. */
function rasterize(shapes, size) {
  const ss = size >= 512 ? 2 : size >= 64 ? 4 : 8;
  const px = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let pxx = 0; pxx < size; pxx++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (pxx + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          let hit = null;
          for (const s of shapes) if (inside(s, x, y)) hit = s[5];
          if (hit) {
            r += hit[0]; g += hit[1]; b += hit[2]; a += hit[3];
          }
        }
      }
      const n = ss * ss;
      const o = (py * size + pxx) * 4;
      // Colour is averaged over covered samples only, so edges fade in alpha without darkening.
      const covered = a / 255;
      px[o] = covered ? Math.round(r / covered) : 0;
      px[o + 1] = covered ? Math.round(g / covered) : 0;
      px[o + 2] = covered ? Math.round(b / covered) : 0;
      px[o + 3] = Math.round(a / n);
    }
  }
  return px;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(shapes, size) {
  const px = rasterize(shapes, size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Windows .ico holding PNG-compressed images (supported since Vista). */
function ico(images) {
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(([size, data], i) => {
    const e = 6 + 16 * i;
    head[e] = size >= 256 ? 0 : size;
    head[e + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, e + 4);
    head.writeUInt16LE(32, e + 6);
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map(([, d]) => d)]);
}

/** macOS .icns with PNG entries (OSType per size). */
function icns(entries) {
  const parts = entries.map(([type, data]) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'latin1');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'latin1');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

export function makeIcons(outDir) {
  const cache = new Map();
  const icon = (size) => {
    if (!cache.has(size)) cache.set(size, png(ICON, size));
    return cache.get(size);
  };
  const files = new Map();
  files.set('icon.png', icon(1024));
  files.set('icon.ico', ico([16, 24, 32, 48, 64, 128, 256].map((s) => [s, icon(s)])));
  files.set('icon.icns', icns([['icp4', icon(16)], ['icp5', icon(32)], ['icp6', icon(64)], ['ic07', icon(128)], ['ic08', icon(256)], ['ic09', icon(512)], ['ic10', icon(1024)]]));
  for (const s of [16, 32, 48, 64, 128, 256, 512]) files.set(`icons/${s}x${s}.png`, icon(s));
  files.set('tray/tray.png', png(TRAY, 16));
  files.set('tray/tray@2x.png', png(TRAY, 32));
  files.set('tray/trayTemplate.png', png(TRAY_TEMPLATE, 16));
  files.set('tray/trayTemplate@2x.png', png(TRAY_TEMPLATE, 32));
  for (const [name, data] of files) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), data);
  }
  return [...files.keys()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? process.argv[i + 1] : dirname(fileURLToPath(import.meta.url));
  for (const name of makeIcons(out)) process.stdout.write(`${join(out, name)}\n`);
}
