/**
 * A drawing made MNIST-like (LeCun et al.'s recipe): the ink's bounding box is scaled, keeping its aspect
 * ratio, so the longer side is 20 pixels (area-averaged, which anti-aliases like the original), and the
 * result is placed in a 28 × 28 field so that its centre of mass falls on the centre (14, 14).
 * Input and output are grey levels 0..255, ink bright on dark, one byte per pixel, row-major.
 */

export const MNIST_SIDE = 28;
const BOX = 20;

/** Pixels darker than this count as background when finding the bounding box. */
const INK = 16;

export function mnistLike(gray: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x]! > INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return out; // nothing drawn
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const sw = Math.max(1, Math.round(bw * scale));
  const sh = Math.max(1, Math.round(bh * scale));
  // Area averaging: each small pixel is the mean of the source pixels it covers (fractional edges weighted).
  const small = new Float64Array(sw * sh);
  for (let sy = 0; sy < sh; sy++) {
    const fy0 = y0 + (sy * bh) / sh;
    const fy1 = y0 + ((sy + 1) * bh) / sh;
    for (let sx = 0; sx < sw; sx++) {
      const fx0 = x0 + (sx * bw) / sw;
      const fx1 = x0 + ((sx + 1) * bw) / sw;
      let acc = 0;
      let area = 0;
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
          acc += wx * wy * gray[y * width + x]!;
          area += wx * wy;
        }
      }
      small[sy * sw + sx] = area > 0 ? acc / area : 0;
    }
  }
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const v = small[y * sw + x]!;
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const ox = Math.round(MNIST_SIDE / 2 - cx / mass);
  const oy = Math.round(MNIST_SIDE / 2 - cy / mass);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      const tx = x + ox;
      const ty = y + oy;
      if (tx >= 0 && tx < MNIST_SIDE && ty >= 0 && ty < MNIST_SIDE) out[ty * MNIST_SIDE + tx] = Math.round(small[y * sw + x]!);
    }
  }
  return out;
}
