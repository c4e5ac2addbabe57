/**
 * The picture of learned templates (CS231n lecture 3: each row of W, reshaped to the image, "looks like" its
 * class) and sheets of example images, as rasters. Browser-safe; pictures.ts encodes them as PNG.
 *
 * A template's values become bytes by a linear map, per class by default:
 *   byte = round(255 · (w − min) / (max − min)),  min, max over the row (or over all of W with scaling 'global',
 *   as the CS231n notebooks do), so the most negative weight is black and the most positive white.
 * A constant row (max = min) is mid-grey (128) everywhere: there is nothing to contrast, and no division by 0.
 * Colour images (3 channels) show each channel's weights as that colour, scaled together.
 */
import type { ImageShape } from '../data/types.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import type { RasterImage } from './raster.js';
import { renderTileGrid, type TileGridOptions } from './tile-grid.js';

/** Any row-major matrix: W [C, D], a byte matrix of images, a Matrix of src/tensor. */
export interface MatrixLike {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
}

/** Grey of a constant template. */
export const FLAT_TEMPLATE_GREY = 128;

function pixelCount(shape: ImageShape): number {
  const { height, width, channels, layout } = shape;
  for (const [name, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`imageShape.${name}`, `must be a whole number ≥ 1, got ${v}`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new ArgumentError('imageShape.channels', `is ${channels}; pictures are drawn for gray (1) or RGB (3) images`);
  }
  if (layout !== 'hwc' && layout !== 'chw') throw new ArgumentError('imageShape.layout', `must be 'hwc' or 'chw', got ${String(layout)}`);
  return height * width * channels;
}

/** Bytes of a row in the image's own layout, reordered into a raster (interleaved 'hwc'). */
function toRaster(values: ArrayLike<number>, offset: number, shape: ImageShape, map: (v: number) => number): RasterImage {
  const { height: h, width: w, channels: c, layout } = shape;
  const data = new Uint8Array(h * w * c);
  for (let ch = 0; ch < c; ch++) {
    for (let p = 0; p < h * w; p++) {
      const src = layout === 'hwc' ? p * c + ch : ch * h * w + p;
      data[p * c + ch] = map(values[offset + src]!);
    }
  }
  return { width: w, height: h, channels: c as 1 | 3, data };
}

/** Smallest and largest of values[offset, offset + n); NonFiniteError on NaN or ±Infinity. */
function range(values: ArrayLike<number>, offset: number, n: number, argument: string, where: (i: number) => string): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[offset + i]!;
    if (v - v !== 0) throw new NonFiniteError(argument, offset + i, v, ` (${where(i)})`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function linearToBytes(lo: number, hi: number): (v: number) => number {
  if (!(hi > lo)) return () => FLAT_TEMPLATE_GREY;
  const k = 255 / (hi - lo);
  return (v) => Math.round((v - lo) * k);
}

/** One template as a raster: `row` holds the image's pixels in `shape`'s layout (extra entries are ignored). */
export function templateRaster(row: ArrayLike<number>, shape: ImageShape): RasterImage {
  const n = pixelCount(shape);
  if (row.length < n) throw new ShapeError('row', `has ${row.length} values, the image ${describeShape(shape)} needs ${n}`);
  const [lo, hi] = range(row, 0, n, 'row', (i) => `pixel value ${i}`);
  return toRaster(row, 0, shape, linearToBytes(lo, hi));
}

export function describeShape(shape: ImageShape): string {
  return `${shape.height}×${shape.width}×${shape.channels} (${shape.layout})`;
}

export interface WeightsPictureInput {
  /**
   * W, [C, D] with D = height·width·channels, or [C, D + 1] when the last column is the bias of the bias
   * trick (it is left out of the picture).
   */
  readonly weights: MatrixLike;
  readonly imageShape: ImageShape;
  /** C names, one per row of W, written under the tiles. */
  readonly classNames: readonly string[];
}

export interface WeightsPictureOptions extends TileGridOptions {
  /** 'per-class' (default): each template uses its own range; 'global': one range for all of W. */
  readonly scaling?: 'per-class' | 'global';
}

/** The learned templates as one raster: gray for 1-channel images, RGB for 3. */
export function weightsImage(input: WeightsPictureInput, options: WeightsPictureOptions = {}): RasterImage {
  const { weights, imageShape, classNames } = input;
  const n = pixelCount(imageShape);
  const { rows: c, cols: d, data } = weights;
  if (d !== n && d !== n + 1) {
    throw new ShapeError('weights', `has ${d} columns; the image ${describeShape(imageShape)} needs ${n} (or ${n + 1} with a bias column)`);
  }
  if (data.length < c * d) throw new ShapeError('weights', `holds ${data.length} values, [${c}, ${d}] needs ${c * d}`);
  if (c === 0) throw new ArgumentError('weights', 'has no rows: there is no class to draw');
  if (classNames.length !== c) throw new ShapeError('classNames', `has ${classNames.length} names, weights has ${c} rows (one per class)`);
  const scaling = options.scaling ?? 'per-class';
  if (scaling !== 'per-class' && scaling !== 'global') throw new ArgumentError('scaling', `must be 'per-class' or 'global', got ${String(scaling)}`);

  const ranges: [number, number][] = [];
  for (let k = 0; k < c; k++) {
    ranges.push(range(data, k * d, n, 'weights', (i) => `class ${k} "${classNames[k]}", pixel value ${i}`));
  }
  if (scaling === 'global') {
    const lo = Math.min(...ranges.map((r) => r[0]));
    const hi = Math.max(...ranges.map((r) => r[1]));
    ranges.fill([lo, hi]);
  }
  const tiles = ranges.map(([lo, hi], k) => ({
    image: toRaster(data, k * d, imageShape, linearToBytes(lo, hi)),
    label: classNames[k]!,
  }));
  return renderTileGrid(tiles, options);
}

export interface ImageGridInput {
  /** Images as rows of bytes (0..255) in `imageShape`'s layout, e.g. a Dataset's X. */
  readonly images: MatrixLike;
  readonly imageShape: ImageShape;
  /** Which rows to show, in order (default: all). */
  readonly indices?: ArrayLike<number>;
  /** A label per shown image (same order as indices), e.g. class names or "7 → 1". */
  readonly labels: readonly string[];
}

/** Example images from a dataset in a labelled grid; pixel bytes are shown as they are (no rescaling). */
export function imageGridImage(input: ImageGridInput, options: TileGridOptions = {}): RasterImage {
  const { images, imageShape, labels } = input;
  const n = pixelCount(imageShape);
  if (images.cols !== n) throw new ShapeError('images', `has ${images.cols} columns; the image ${describeShape(imageShape)} needs ${n}`);
  if (images.data.length < images.rows * images.cols) {
    throw new ShapeError('images', `holds ${images.data.length} values, [${images.rows}, ${images.cols}] needs ${images.rows * images.cols}`);
  }
  const indices = input.indices ?? Array.from({ length: images.rows }, (_, i) => i);
  if (indices.length === 0) throw new ArgumentError('indices', 'selects no image: a grid needs at least one');
  if (labels.length !== indices.length) throw new ShapeError('labels', `has ${labels.length} labels for ${indices.length} images`);
  const tiles = Array.from({ length: indices.length }, (_, t) => {
    const i = indices[t]!;
    if (!Number.isInteger(i) || i < 0 || i >= images.rows) throw new ArgumentError('indices', `index ${i} at position ${t} is outside 0..${images.rows - 1}`);
    return {
      image: toRaster(images.data, i * n, imageShape, (v) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v))),
      label: labels[t]!,
    };
  });
  return renderTileGrid(tiles, options);
}
