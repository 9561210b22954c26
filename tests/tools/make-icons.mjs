// Draws the Storelens icons (a lens over bar chart) as PNGs without an image library.
// Run once when the artwork changes: `node tests/tools/make-icons.mjs`; outputs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const bg = [15, 76, 92, 255];
const fg = [255, 255, 255, 255];
const accent = [255, 183, 3, 255];
// `inset` shrinks the artwork into the maskable safe zone (inner 80%).
function art(inset, rounded) {
  return (u, v) => {
    if (rounded) {
      const r = 0.18,
        cx = Math.min(Math.max(u, r), 1 - r),
        cy = Math.min(Math.max(v, r), 1 - r);
      if (Math.hypot(u - cx, v - cy) > r) return [0, 0, 0, 0];
    }
    const x = (u - inset) / (1 - 2 * inset),
      y = (v - inset) / (1 - 2 * inset);
    const bars = [
      [0.2, 0.55],
      [0.36, 0.4],
      [0.52, 0.48],
      [0.68, 0.28],
    ];
    for (const [bx, top] of bars) if (x > bx && x < bx + 0.1 && y > top && y < 0.78) return accent;
    const d = Math.hypot(x - 0.47, y - 0.5);
    if (d > 0.3 && d < 0.36) return fg;
    if (x > 0.68 && y > 0.7 && Math.abs(x - y + 0.0) < 0.06 && x < 0.86) return fg;
    return bg;
  };
}
mkdirSync('pwa/public/icons', { recursive: true });
for (const s of [192, 512])
  writeFileSync(`pwa/public/icons/icon-${s}.png`, png(s, art(0.02, true)));
writeFileSync('pwa/public/icons/maskable-512.png', png(512, art(0.12, false)));
writeFileSync('pwa/public/icons/apple-touch-icon.png', png(180, art(0.08, false)));
mkdirSync('extension/public/icon', { recursive: true });
for (const s of [16, 32, 48, 128])
  writeFileSync(`extension/public/icon/${s}.png`, png(s, art(0.0, true)));
console.log('icons written');
