/**
 * Where a training loop gets its minibatches: a labelled data set (a Dataset of pixels, or a float32
 * feature matrix), checked once, and wrapped so that `fill(rows, out)` writes the features of the listed
 * rows into a kernel buffer: through a fitted preprocessor's `transformRowsInto` (the float copy of the whole
 * set is never made), or by copying float rows. No Node APIs.
 */
import type { ImageShape, Preprocessor } from '../data/types.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { checkFinite } from '../tensor/checks.js';
import type { Kernels } from '../kernels/api.js';
import type { ByteMatrix, Matrix32 } from '../tensor/matrix.js';

/** Examples with labels: a Dataset, or any float32 feature matrix with labels. */
export interface LabeledData {
  readonly X: ByteMatrix | Matrix32;
  readonly labels: ArrayLike<number>;
  /** Class names, index = label (default "0".."C−1" with C = largest label + 1). */
  readonly classNames?: readonly string[];
  readonly imageShape?: ImageShape | null;
}

/** A checked data set: `fill` writes the features of the listed rows into `out` (rows.length × features). */
export interface BatchSource {
  readonly n: number;
  readonly features: number;
  readonly labels: Int32Array;
  fill(rows: Int32Array, out: Matrix32): void;
}

/** The class names of a data set: its own, else "0".."C−1" with C = the largest label + 1 (at least 2). */
export function classNamesOf(data: LabeledData, argument: string): readonly string[] {
  if (typeof data !== 'object' || data === null || typeof data.X !== 'object' || data.X === null || !data.labels) {
    throw new ArgumentError(argument, 'must be { X, labels } (a Dataset or a float32 feature matrix with labels)');
  }
  if (data.X.rows === 0) throw new ArgumentError(`${argument}.X`, 'is empty (0 rows); at least one example is needed');
  if (data.classNames) {
    if (data.classNames.length < 2) {
      throw new ArgumentError(`${argument}.classNames`, `has ${data.classNames.length} class(es); a classifier needs at least 2`);
    }
    return data.classNames;
  }
  let max = -1;
  for (let i = 0; i < data.labels.length; i++) max = Math.max(max, data.labels[i]!);
  if (max < 1) {
    throw new ArgumentError(`${argument}.labels`, `cover ${max + 1} class(es); a classifier needs at least 2 (or pass classNames)`);
  }
  return Array.from({ length: max + 1 }, (_, k) => String(k));
}

/** Validation data must give as many features per row as the training data. */
export function checkSameWidth(validation: BatchSource | null, features: number): void {
  if (validation && validation.features !== features) {
    throw new ShapeError('validation.X', `gives ${validation.features} features per row, the training data ${features}`);
  }
}

/** Checks a data set and wraps it as a minibatch source (through the preprocessor when there is one). */
export function makeSource(data: LabeledData, prep: Preprocessor | null, classes: number, argument: string): BatchSource {
  if (typeof data !== 'object' || data === null || typeof data.X !== 'object' || data.X === null || !data.labels) {
    throw new ArgumentError(argument, 'must be { X, labels } (a Dataset or a float32 feature matrix with labels)');
  }
  const { X } = data;
  if (X.rows === 0) throw new ArgumentError(`${argument}.X`, 'is empty (0 rows); at least one example is needed');
  if (X.data.length < X.rows * X.cols) {
    throw new ShapeError(`${argument}.X`, `buffer holds ${X.data.length} elements, shape [${X.rows}, ${X.cols}] needs ${X.rows * X.cols}`);
  }
  if (data.labels.length !== X.rows) {
    throw new ShapeError(`${argument}.labels`, `has length ${data.labels.length}, X has ${X.rows} rows`);
  }
  for (let i = 0; i < data.labels.length; i++) {
    const y = data.labels[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new ArgumentError(`${argument}.labels`, `label ${y} at index ${i} is outside 0..${classes - 1}`);
    }
  }
  const labels = data.labels instanceof Int32Array ? data.labels : Int32Array.from(data.labels);
  if (prep) {
    if (X.cols !== prep.inputDim) {
      throw new ShapeError(`${argument}.X`, `has ${X.cols} columns, the preprocessor was fitted on ${prep.inputDim}`);
    }
    return { n: X.rows, features: prep.outputDim, labels, fill: (rows, out) => prep.transformRowsInto(X, rows, out) };
  }
  if (X.data instanceof Uint8Array) {
    throw new ArgumentError(`${argument}.X`, "holds bytes (pixels) but preprocessing is off; use preprocess: 'auto' or pass a fitted preprocessor");
  }
  if (!(X.data instanceof Float32Array)) throw new ArgumentError(`${argument}.X`, 'must hold float32 values (or bytes with a preprocessor)');
  checkFinite(X.data.subarray(0, X.rows * X.cols), `${argument}.X`);
  const src = X.data;
  const D = X.cols;
  return {
    n: X.rows,
    features: D,
    labels,
    fill(rows, out) {
      const dst = out.data;
      for (let k = 0; k < rows.length; k++) {
        const s = rows[k]! * D;
        const d = k * D;
        for (let t = 0; t < D; t++) dst[d + t] = src[s + t]!;
      }
    },
  };
}

/** Default for FitOptions.featureCacheBytes: training sets whose features fit are transformed once. */
export const DEFAULT_FEATURE_CACHE_BYTES = 512 * 1024 * 1024;

/** Rows per transform call when the features of a whole set are cached. */
const CACHE_CHUNK_ROWS = 4096;

/**
 * The features of every row of `source`, computed once into a matrix the kernels own, when they fit in
 * `maxBytes` (else null: minibatches are then transformed one at a time). With the features in kernel
 * memory, a training step reads its shuffled rows in place (the fused `linearLossGrad` with `rows`) and no
 * minibatch is gathered or transformed again: for MNIST (54 000 × 784 float32, 169 MB) that saves a
 * preprocessing pass over every batch in every epoch. The caller releases the matrix.
 */
export function cacheFeatures(source: BatchSource, kernels: Kernels, maxBytes: number): Matrix32 | null {
  if (source.n * source.features * 4 > maxBytes) return null;
  const whole = kernels.alloc(source.n, source.features);
  const rows = new Int32Array(Math.min(CACHE_CHUNK_ROWS, source.n));
  for (let start = 0; start < source.n; start += rows.length) {
    const n = Math.min(rows.length, source.n - start);
    const r = rows.subarray(0, n);
    for (let i = 0; i < n; i++) r[i] = start + i;
    const D = source.features;
    source.fill(r, { data: whole.data.subarray(start * D, (start + n) * D), rows: n, cols: D });
  }
  return whole;
}
