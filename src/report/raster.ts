/**
 * A raster image as plain data: 8-bit samples, interleaved (row-major, then channel: 'hwc'), so it is what
 * a PNG scanline holds without its filter byte. Channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
 * Browser-safe (no Node imports): pictures are drawn here and only encoded by png-encode.ts.
 */
import { ArgumentError, ShapeError } from '../errors.js';

export type Channels = 1 | 2 | 3 | 4;

export interface RasterImage {
  readonly width: number;
  readonly height: number;
  readonly channels: Channels;
  /** width · height · channels bytes, row by row, samples of one pixel together. */
  readonly data: Uint8Array;
}

/** A colour as one sample per channel of the raster it is drawn on (gray: [v], RGB: [r, g, b]). */
export type Color = readonly number[];

export function checkRaster(image: RasterImage, argument = 'image'): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || width < 1) throw new ArgumentError(`${argument}.width`, `must be a whole number ≥ 1, got ${width}`);
  if (!Number.isInteger(height) || height < 1) throw new ArgumentError(`${argument}.height`, `must be a whole number ≥ 1, got ${height}`);
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    throw new ArgumentError(`${argument}.channels`, `must be 1, 2, 3 or 4, got ${String(channels)}`);
  }
  if (data.length !== width * height * channels) {
    throw new ShapeError(`${argument}.data`, `has ${data.length} bytes, expected ${width}×${height}×${channels} = ${width * height * channels}`);
  }
}

/** A new raster filled with `background` (one sample per channel; default white, opaque). */
export function createRaster(width: number, height: number, channels: Channels, background?: Color): RasterImage {
  if (!Number.isInteger(width) || width < 1) throw new ArgumentError('width', `must be a whole number ≥ 1, got ${width}`);
  if (!Number.isInteger(height) || height < 1) throw new ArgumentError('height', `must be a whole number ≥ 1, got ${height}`);
  const image: RasterImage = { width, height, channels, data: new Uint8Array(width * height * channels) };
  fillRect(image, 0, 0, width, height, background ?? new Array<number>(channels).fill(255));
  return image;
}

function checkColor(image: RasterImage, color: Color): void {
  if (color.length !== image.channels) {
    throw new ArgumentError('color', `has ${color.length} samples, the image has ${image.channels} channels`);
  }
}

/** Fill the rectangle [x, x+w) × [y, y+h), clipped to the image. */
export function fillRect(image: RasterImage, x: number, y: number, w: number, h: number, color: Color): void {
  checkColor(image, color);
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(image.width, x + w);
  const y1 = Math.min(image.height, y + h);
  const c = image.channels;
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const p = (yy * image.width + xx) * c;
      for (let k = 0; k < c; k++) image.data[p + k] = color[k]!;
    }
  }
}

/** Set one pixel; outside the image it is ignored (text may be clipped at an edge). */
export function setPixel(image: RasterImage, x: number, y: number, color: Color): void {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  const p = (y * image.width + x) * image.channels;
  for (let k = 0; k < image.channels; k++) image.data[p + k] = color[k]!;
}

/**
 * Copy `src` into `dst` with its top-left corner at (x, y), each source pixel becoming a zoom × zoom block
 * (nearest neighbour: templates keep their hard pixel edges). Both must have the same channel count.
 */
export function blitScaled(dst: RasterImage, src: RasterImage, x: number, y: number, zoom: number): void {
  if (src.channels !== dst.channels) {
    throw new ArgumentError('src.channels', `is ${src.channels}, the destination has ${dst.channels}`);
  }
  if (!Number.isInteger(zoom) || zoom < 1) throw new ArgumentError('zoom', `must be a whole number ≥ 1, got ${zoom}`);
  const c = src.channels;
  for (let sy = 0; sy < src.height; sy++) {
    for (let dy = 0; dy < zoom; dy++) {
      const ty = y + sy * zoom + dy;
      if (ty < 0 || ty >= dst.height) continue;
      for (let sx = 0; sx < src.width; sx++) {
        const s = (sy * src.width + sx) * c;
        for (let dx = 0; dx < zoom; dx++) {
          const tx = x + sx * zoom + dx;
          if (tx < 0 || tx >= dst.width) continue;
          const d = (ty * dst.width + tx) * c;
          for (let k = 0; k < c; k++) dst.data[d + k] = src.data[s + k]!;
        }
      }
    }
  }
}
