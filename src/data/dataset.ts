/**
 * Building and cutting Datasets (no Node APIs). A Dataset's X is bytes for images and float32 for tabular
 * data; nothing here converts bytes to floats except `toFloat32`, which is asked for explicitly.
 *
 * `limitDataset` and `sliceDataset` return views that share memory with the original (official order
 * kept: "the first 5000 training images" are rows 0..4999); `takeRows` copies.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { ByteMatrix, Matrix32 } from '../tensor/matrix.js';
import type { Dataset, ImageShape } from './types.js';

export interface DatasetInit {
  readonly name: string;
  readonly X: ByteMatrix | Matrix32;
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  readonly imageShape?: ImageShape | null;
}

/**
 * A checked Dataset: labels.length equals X.rows, every label lies in 0..classNames.length−1, the image
 * shape (when given) has height·width·channels = X.cols.
 */
export function createDataset(init: DatasetInit): Dataset {
  const { name, X, labels, classNames } = init;
  const imageShape = init.imageShape ?? null;
  if (X.data.length !== X.rows * X.cols) {
    throw new ShapeError(`${name}.X`, `buffer holds ${X.data.length} elements, shape [${X.rows}, ${X.cols}] needs ${X.rows * X.cols}`);
  }
  if (labels.length !== X.rows) {
    throw new ShapeError(`${name}.labels`, `has ${labels.length} labels for ${X.rows} rows of X`);
  }
  const C = classNames.length;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y < 0 || y >= C) throw new ArgumentError(`${name}.labels`, `label ${y} at index ${i} is outside 0..${C - 1} (${C} class names)`);
  }
  if (imageShape !== null) {
    const d = imageShape.height * imageShape.width * imageShape.channels;
    if (d !== X.cols) {
      throw new ShapeError(
        `${name}.imageShape`,
        `${imageShape.height}×${imageShape.width}×${imageShape.channels} = ${d} values per image, but X has ${X.cols} columns`,
      );
    }
  }
  return { name, X, labels, classNames: [...classNames], imageShape };
}

function viewRows(ds: Dataset, start: number, end: number, name: string): Dataset {
  const { X } = ds;
  const data = X.data.subarray(start * X.cols, end * X.cols);
  const sub = { data, rows: end - start, cols: X.cols } as ByteMatrix | Matrix32;
  return { name, X: sub, labels: ds.labels.subarray(start, end), classNames: ds.classNames, imageShape: ds.imageShape };
}

/** The first n examples in official order (all of them when n ≥ N). A view: no copy. */
export function limitDataset(ds: Dataset, n: number): Dataset {
  if (!Number.isInteger(n) || n < 0) throw new ArgumentError('n', `must be a whole number ≥ 0, got ${n}`);
  const end = Math.min(n, ds.X.rows);
  return end === ds.X.rows ? ds : viewRows(ds, 0, end, `${ds.name}[:${end}]`);
}

/** Examples start..end−1 (end defaults to N; both are clamped to 0..N like Array.slice, without negatives). A view. */
export function sliceDataset(ds: Dataset, start: number, end = ds.X.rows): Dataset {
  if (!Number.isInteger(start) || start < 0) throw new ArgumentError('start', `must be a whole number ≥ 0, got ${start}`);
  if (!Number.isInteger(end) || end < 0) throw new ArgumentError('end', `must be a whole number ≥ 0, got ${end}`);
  const s = Math.min(start, ds.X.rows);
  const e = Math.max(s, Math.min(end, ds.X.rows));
  return viewRows(ds, s, e, `${ds.name}[${s}:${e}]`);
}

/** A new Dataset holding copies of the listed rows, in the order listed (indices may repeat). */
export function takeRows(ds: Dataset, indices: ArrayLike<number>, name = `${ds.name}[subset]`): Dataset {
  const { X } = ds;
  const n = indices.length;
  const D = X.cols;
  const labels = new Int32Array(n);
  const data = X.data instanceof Uint8Array ? new Uint8Array(n * D) : new Float32Array(n * D);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= X.rows) {
      throw new ArgumentError('indices', `index ${i} at position ${k} is outside 0..${X.rows - 1}`);
    }
    data.set(X.data.subarray(i * D, (i + 1) * D), k * D);
    labels[k] = ds.labels[i]!;
  }
  const sub = { data, rows: n, cols: D } as ByteMatrix | Matrix32;
  return { name, X: sub, labels, classNames: ds.classNames, imageShape: ds.imageShape };
}

/** How many examples of each class: counts[c] for c in 0..C−1 (C = classNames.length). */
export function classCounts(ds: Pick<Dataset, 'labels' | 'classNames'>): Int32Array {
  const counts = new Int32Array(ds.classNames.length);
  const y = ds.labels;
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  return counts;
}

/**
 * X as a new float32 matrix, each value multiplied by `scale` (1/255 maps pixels to [0, 1]). One flat loop
 * over the buffer: V8 compiles it to a tight convert-multiply-store; the cost is dominated by the first
 * touch of the new buffer's pages, not by arithmetic.
 */
export function toFloat32(X: ByteMatrix | Matrix32, scale = 1): Matrix32 {
  const n = X.rows * X.cols;
  const out = new Float32Array(n);
  const src = X.data;
  if (src instanceof Uint8Array) convertBytes(src, out, scale, n);
  else convertFloats(src, out, scale, n);
  return { data: out, rows: X.rows, cols: X.cols };
}

// Two monomorphic loops rather than one over a union, so each stays a single specialised machine loop.
function convertBytes(src: Uint8Array, dst: Float32Array, scale: number, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = src[i]! * scale;
}

function convertFloats(src: Float32Array, dst: Float32Array, scale: number, n: number): void {
  if (scale === 1) dst.set(src.subarray(0, n));
  else for (let i = 0; i < n; i++) dst[i] = src[i]! * scale;
}
