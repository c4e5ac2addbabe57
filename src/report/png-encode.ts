/**
 * PNG encoding of an 8-bit raster (Node: compression through node:zlib).
 *
 * Channels map to colour types 1 → 0 (gray), 2 → 4 (gray + alpha), 3 → 2 (RGB), 4 → 6 (RGBA); no interlace.
 * Each scanline gets the filter (None, Sub, Up, Average, Paeth) whose output has the smallest sum of
 * absolute values taken as signed bytes, the heuristic the PNG specification recommends (§12.8); then
 * zlib at level 9. The output depends only on the pixels (no time stamp), so the same picture gives the
 * same bytes run after run.
 */
import { deflateSync } from 'node:zlib';
import { checkRaster, type RasterImage } from './raster.js';
import { PNG_SIGNATURE, filterPrediction, pngChunk } from './png-format.js';

const COLOR_TYPE_OF_CHANNELS = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/** The PNG file's bytes for `image`. */
export function encodePng(image: RasterImage): Uint8Array {
  checkRaster(image);
  const { width, height, channels, data } = image;
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE_OF_CHANNELS[channels];
  // ihdr[10..12] = compression 0 (deflate), filter method 0, interlace 0

  const stride = width * channels;
  const filtered = new Uint8Array(height * (stride + 1));
  const candidate = new Uint8Array(stride);
  const zeroRow = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const cur = data.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : zeroRow;
    let bestType = 0;
    let bestCost = Infinity;
    const outRow = filtered.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let type = 0; type <= 4; type++) {
      const cost = filterRow(type, cur, prev, channels, candidate);
      if (cost < bestCost) {
        bestCost = cost;
        bestType = type;
        outRow.set(candidate);
      }
    }
    filtered[y * (stride + 1)] = bestType;
  }
  const idat = deflateSync(filtered, { level: 9 });

  const parts = [
    Uint8Array.from(PNG_SIGNATURE),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', new Uint8Array(idat.buffer, idat.byteOffset, idat.byteLength)),
    pngChunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Filter one scanline into `out`; returns Σ|byte as signed| (the cost the heuristic minimises). */
function filterRow(type: number, cur: Uint8Array, prev: Uint8Array, bpp: number, out: Uint8Array): number {
  let cost = 0;
  for (let i = 0; i < cur.length; i++) {
    const a = i >= bpp ? cur[i - bpp]! : 0;
    const b = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    const pred = filterPrediction(type, a, b, c);
    const v = (cur[i]! - pred) & 0xff;
    out[i] = v;
    cost += v < 128 ? v : 256 - v;
  }
  return cost;
}
