// Draws the extension's icon (images/icon.png, 128x128): three DAG nodes joined by edges on a
// shield-blue tile. Pure Node (zlib for the PNG's deflate stream), so it needs no image tool.
// Usage: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SUPERSAMPLE = 4; // samples per axis, for smooth edges
const TILE = [23, 63, 110];
const EDGE = [148, 196, 255];
const NODE = [255, 255, 255];
const ALERT = [255, 176, 32];

const nodes = [
  { x: 36, y: 36, r: 14, color: NODE },
  { x: 92, y: 36, r: 14, color: NODE },
  { x: 64, y: 92, r: 16, color: ALERT },
];
const edges = [
  [0, 2],
  [1, 2],
  [0, 1],
];

function insideRoundedSquare(x, y) {
  const radius = 22;
  const cx = Math.min(Math.max(x, radius), SIZE - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function distanceToSegment(x, y, a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy));
}

/** The colour at one sample point, or null outside the tile. */
function sample(x, y) {
  if (!insideRoundedSquare(x, y)) return null;
  for (const node of nodes) if (Math.hypot(x - node.x, y - node.y) <= node.r) return node.color;
  for (const [from, to] of edges) if (distanceToSegment(x, y, nodes[from], nodes[to]) <= 4) return EDGE;
  return TILE;
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0];
    let covered = 0;
    for (let sy = 0; sy < SUPERSAMPLE; sy++) {
      for (let sx = 0; sx < SUPERSAMPLE; sx++) {
        const color = sample(x + (sx + 0.5) / SUPERSAMPLE, y + (sy + 0.5) / SUPERSAMPLE);
        if (!color) continue;
        covered++;
        for (let c = 0; c < 3; c++) sum[c] += color[c];
      }
    }
    const offset = 1 + x * 4;
    for (let c = 0; c < 3; c++) row[offset + c] = covered ? Math.round(sum[c] / covered) : 0;
    row[offset + 3] = Math.round((255 * covered) / SUPERSAMPLE ** 2);
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
