/**
 * A decoded picture (e.g. `linclass predict --image digit.png`) turned into one row of the model's input:
 * bytes in the dataset's ImageShape and layout. Browser-safe.
 *
 * - Alpha is composited onto `background` (default 0, black: MNIST draws white digits on black):
 *   v' = round(v·a/255 + background·(1 − a/255)).
 * - Colour to gray uses the ITU-R BT.601 luma weights, round(0.299 R + 0.587 G + 0.114 B) (what Pillow's
 *   convert('L') does); gray to colour repeats the gray value in R, G and B.
 * - A picture of another size is refused by default (the message says the size expected). With
 *   resize: 'area' it is resampled by area averaging: each output pixel is the mean of the source area it
 *   covers, fractional pixels weighted by their covered fraction (exact block means when shrinking by a
 *   whole factor, e.g. 280×280 → 28×28).
 * - invert: true maps v → 255 − v, for dark ink on light paper when the data is light on dark.
 */
import type { ImageShape } from '../data/types.js';
import { ArgumentError, DataFormatError } from '../errors.js';
import { checkRaster, type RasterImage } from './raster.js';

export interface ImageToRowOptions {
  /** 'refuse' (default): a picture of another size is an error; 'area': resample it by area averaging. */
  readonly resize?: 'refuse' | 'area';
  /** Gray level (0..255) that transparent pixels show (default 0). */
  readonly background?: number;
  /** Replace each byte v by 255 − v after conversion (default false). */
  readonly invert?: boolean;
}

/** One row of bytes, height·width·channels long, in `shape`'s layout; `file` names the picture in errors. */
export function imageToRow(image: RasterImage, shape: ImageShape, file: string, options: ImageToRowOptions = {}): Uint8Array {
  checkRaster(image);
  const background = options.background ?? 0;
  if (!Number.isFinite(background) || background < 0 || background > 255) {
    throw new ArgumentError('background', `must be a gray level 0..255, got ${background}`);
  }
  const resize = options.resize ?? 'refuse';
  if (resize !== 'refuse' && resize !== 'area') throw new ArgumentError('resize', `must be 'refuse' or 'area', got ${String(resize)}`);
  const { height: H, width: W, channels: C, layout } = shape;
  if (C !== 1 && C !== 3) throw new ArgumentError('imageShape.channels', `is ${C}; gray (1) or RGB (3) images are supported`);
  if ((image.width !== W || image.height !== H) && resize === 'refuse') {
    throw new DataFormatError(file, `is ${image.width}×${image.height} pixels, the model expects ${W}×${H}: scale the picture to ${W}×${H} first`);
  }

  // 1. Flatten alpha and convert channels, in floating point at the picture's own size.
  const n = image.width * image.height;
  const planes = Array.from({ length: C }, () => new Float64Array(n));
  const ic = image.channels;
  const hasAlpha = ic === 2 || ic === 4;
  const colour = ic >= 3;
  for (let p = 0; p < n; p++) {
    const s = p * ic;
    const a = hasAlpha ? image.data[s + ic - 1]! / 255 : 1;
    const over = (v: number) => v * a + background * (1 - a);
    if (C === 1) {
      const g = colour ? 0.299 * image.data[s]! + 0.587 * image.data[s + 1]! + 0.114 * image.data[s + 2]! : image.data[s]!;
      planes[0]![p] = over(g);
    } else {
      for (let k = 0; k < 3; k++) planes[k]![p] = over(colour ? image.data[s + k]! : image.data[s]!);
    }
  }

  // 2. Resample each plane if the size differs, then 3. round, invert and lay out.
  const xw = boxWeights(image.width, W);
  const yw = boxWeights(image.height, H);
  const same = image.width === W && image.height === H;
  const out = new Uint8Array(H * W * C);
  for (let k = 0; k < C; k++) {
    const plane = same ? planes[k]! : resample(planes[k]!, image.width, xw, yw, W, H);
    for (let p = 0; p < H * W; p++) {
      let v = Math.min(255, Math.max(0, Math.round(plane[p]!)));
      if (options.invert === true) v = 255 - v;
      out[layout === 'hwc' ? p * C + k : k * H * W + p] = v;
    }
  }
  return out;
}

interface Weight {
  readonly index: number;
  readonly weight: number;
}

/** For each of dst cells, the source cells it covers and the fraction of it each covers (summing to 1). */
export function boxWeights(src: number, dst: number): Weight[][] {
  const scale = src / dst;
  const out: Weight[][] = [];
  for (let i = 0; i < dst; i++) {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const cells: Weight[] = [];
    for (let j = Math.floor(lo); j < Math.min(src, Math.ceil(hi)); j++) {
      const cover = Math.min(hi, j + 1) - Math.max(lo, j);
      if (cover > 0) cells.push({ index: j, weight: cover / scale });
    }
    out.push(cells);
  }
  return out;
}

function resample(plane: Float64Array, srcW: number, xw: Weight[][], yw: Weight[][], W: number, H: number): Float64Array {
  const srcH = plane.length / srcW;
  const rows = new Float64Array(srcH * W);
  for (let y = 0; y < srcH; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0;
      for (const { index, weight } of xw[x]!) s += plane[y * srcW + index]! * weight;
      rows[y * W + x] = s;
    }
  }
  const out = new Float64Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0;
      for (const { index, weight } of yw[y]!) s += rows[index * W + x]! * weight;
      out[y * W + x] = s;
    }
  }
  return out;
}
