/**
 * Preprocessing fitted on training data only and applied to any data (no Node APIs).
 *
 * Steps, always applied in this order when fitted with `fitPreprocessor`:
 *
 *   scale          x ← s·x                       (s = 1/255 maps pixels to [0, 1])
 *   subtract-mean  x_j ← x_j − μ_j              μ = mean of the scaled training rows (the "mean image")
 *   standardize    x_j ← x_j / σ_j              σ_j = sqrt(mean_i (s·X_ij − μ_j)²): population std (ddof 0,
 *                                               as numpy.std and sklearn's StandardScaler); a feature with
 *                                               σ_j < epsilon (a constant pixel) is divided by 1 instead
 *   bias-column    x ← [x, 1]                    the bias trick: W·[x, 1] = W'x + b, so the bias is the
 *                                               last column of W (outputDim = inputDim + 1)
 *
 * Every step but the bias column is affine per feature, so a fitted pipeline folds into y_j = a_j·x_j + b_j,
 * computed in float64 and stored as float32: one multiply-add per value, and `transformRowsInto` (the
 * training loop's minibatch path) allocates nothing. A pipeline is saved as `spec` (JSON) plus `tensors`
 * ("mean", "std" as float32) and rebuilt by `preprocessorFromSpec`; the fitted object itself is built
 * through the same function, so a reloaded pipeline gives the same floats bit for bit.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { ByteMatrix, Matrix32 } from '../tensor/matrix.js';
import type { Preprocessor, PreprocessSpec, PreprocessStepSpec } from './types.js';

export interface PreprocessOptions {
  /**
   * Multiply every value by this before anything else. 'auto' (the default): 1/255 for byte data (pixels
   * to [0, 1]), 1 (no scaling) for float data. Pass 1 to keep raw pixel values.
   */
  readonly scale?: number | 'auto';
  /** Subtract the training mean of each feature (the mean image). Default: true when standardize, else false. */
  readonly subtractMean?: boolean;
  /** Divide each feature by its training standard deviation. Default false. */
  readonly standardize?: boolean;
  /** Features whose standard deviation is below this are not divided (default 1e-8). */
  readonly epsilon?: number;
  /** Append a constant 1 as the last feature (the bias trick). Default false. */
  readonly biasColumn?: boolean;
}

export const DEFAULT_STD_EPSILON = 1e-8;

/**
 * Fit a pipeline on training features X (bytes or float32, [N, D]). The mean and standard deviation are
 * accumulated in float64 (exact integer sums for bytes) and stored as float32 tensors.
 */
export function fitPreprocessor(X: ByteMatrix | Matrix32, options: PreprocessOptions = {}): Preprocessor {
  const isBytes = X.data instanceof Uint8Array;
  const scaleOpt = options.scale ?? 'auto';
  const scale = scaleOpt === 'auto' ? (isBytes ? 1 / 255 : 1) : scaleOpt;
  if (!Number.isFinite(scale) || scale <= 0) throw new ArgumentError('scale', `must be a finite number > 0 or 'auto', got ${String(scaleOpt)}`);
  const standardize = options.standardize ?? false;
  const subtractMean = options.subtractMean ?? standardize;
  const epsilon = options.epsilon ?? DEFAULT_STD_EPSILON;
  if (!Number.isFinite(epsilon) || epsilon < 0) throw new ArgumentError('epsilon', `must be a finite number ≥ 0, got ${epsilon}`);
  const N = X.rows;
  const D = X.cols;

  const steps: PreprocessStepSpec[] = [];
  const tensors: Record<string, Float32Array> = {};
  if (scale !== 1) steps.push({ kind: 'scale', factor: scale });
  if (subtractMean || standardize) {
    if (N === 0) throw new ArgumentError('X', 'is empty (0 rows): the mean and standard deviation need at least one training example');
    const { mean, std } = featureMoments(X, scale, standardize);
    if (subtractMean) {
      steps.push({ kind: 'subtract-mean' });
      tensors['mean'] = Float32Array.from(mean);
    }
    if (standardize) {
      steps.push({ kind: 'standardize', epsilon });
      const divisor = new Float32Array(D);
      for (let j = 0; j < D; j++) divisor[j] = std[j]! < epsilon ? 1 : std[j]!;
      tensors['std'] = divisor;
    }
  }
  if (options.biasColumn ?? false) steps.push({ kind: 'bias-column' });
  return preprocessorFromSpec({ version: 1, inputDim: D, steps }, tensors);
}

/** Per-feature mean and population standard deviation of s·X, in float64. */
function featureMoments(X: ByteMatrix | Matrix32, scale: number, wantStd: boolean): { mean: Float64Array; std: Float64Array } {
  const N = X.rows;
  const D = X.cols;
  const sum = new Float64Array(D);
  const std = new Float64Array(D);
  const mean = new Float64Array(D);
  if (X.data instanceof Uint8Array) {
    // Integer sums of bytes and of their squares are exact in float64 (255²·N < 2^53 for N < 1.3·10^11),
    // so Var = (Σx² − (Σx)²/N)/N is exact here and one pass suffices.
    const sq = new Float64Array(D);
    const src = X.data;
    for (let i = 0; i < N; i++) {
      const o = i * D;
      for (let j = 0; j < D; j++) {
        const v = src[o + j]!;
        sum[j]! += v;
        sq[j]! += v * v;
      }
    }
    for (let j = 0; j < D; j++) {
      mean[j] = (sum[j]! / N) * scale;
      if (wantStd) std[j] = Math.sqrt(Math.max(0, sq[j]! - (sum[j]! * sum[j]!) / N) / N) * scale;
    }
  } else {
    // Float data: two passes (mean, then squared deviations), the numerically safe form.
    const src = X.data;
    for (let i = 0; i < N; i++) {
      const o = i * D;
      for (let j = 0; j < D; j++) sum[j]! += src[o + j]! * scale;
    }
    for (let j = 0; j < D; j++) mean[j] = sum[j]! / N;
    if (wantStd) {
      const dev = new Float64Array(D);
      for (let i = 0; i < N; i++) {
        const o = i * D;
        for (let j = 0; j < D; j++) {
          const d = src[o + j]! * scale - mean[j]!;
          dev[j]! += d * d;
        }
      }
      for (let j = 0; j < D; j++) std[j] = Math.sqrt(dev[j]! / N);
    }
  }
  return { mean, std };
}

function specError(path: string, message: string): never {
  throw new ArgumentError(`spec.${path}`, message);
}

/**
 * Rebuild a fitted pipeline from what a model file stores: `spec` and its float32 `tensors` ("mean" for
 * subtract-mean, "std" for standardize, each of length spec.inputDim). Everything is checked, since the
 * spec may come from a file: the version, each step's kind and parameters, the bias column being last.
 */
export function preprocessorFromSpec(spec: PreprocessSpec, tensors: Readonly<Record<string, Float32Array>>): Preprocessor {
  if (typeof spec !== 'object' || spec === null) specError('', 'must be an object { version: 1, inputDim, steps }');
  if (spec.version !== 1) specError('version', `must be 1, got ${String(spec.version)}`);
  const D = spec.inputDim;
  if (!Number.isInteger(D) || D < 0) specError('inputDim', `must be a whole number ≥ 0, got ${String(D)}`);
  if (!Array.isArray(spec.steps)) specError('steps', 'must be an array');
  const a = new Float64Array(D).fill(1);
  const b = new Float64Array(D);
  let uniform = true;
  let bias = false;
  const used: Record<string, Float32Array> = {};
  const tensor = (name: string, at: string): Float32Array => {
    const t = tensors[name];
    if (!(t instanceof Float32Array)) specError(at, `needs the float32 tensor "${name}", which is missing`);
    if (t.length !== D) throw new ShapeError(`tensors.${name}`, `has length ${t.length}, expected inputDim = ${D}`);
    used[name] = t;
    return t;
  };
  spec.steps.forEach((step, k) => {
    const at = `steps[${k}]`;
    if (bias) specError(at, 'comes after the bias column; bias-column must be the last step');
    switch (step?.kind) {
      case 'scale': {
        const f = step.factor;
        if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0) specError(`${at}.factor`, `must be a finite number > 0, got ${String(f)}`);
        for (let j = 0; j < D; j++) {
          a[j]! *= f;
          b[j]! *= f;
        }
        break;
      }
      case 'subtract-mean': {
        const mean = tensor('mean', at);
        for (let j = 0; j < D; j++) b[j]! -= mean[j]!;
        uniform = false;
        break;
      }
      case 'standardize': {
        const e = step.epsilon;
        if (typeof e !== 'number' || !Number.isFinite(e) || e < 0) specError(`${at}.epsilon`, `must be a finite number ≥ 0, got ${String(e)}`);
        const std = tensor('std', at);
        for (let j = 0; j < D; j++) {
          const s = std[j]!;
          if (!(s > 0) || !Number.isFinite(s)) throw new ArgumentError('tensors.std', `element ${j} is ${s}; divisors must be finite and > 0`);
          a[j]! /= s;
          b[j]! /= s;
        }
        uniform = false;
        break;
      }
      case 'bias-column':
        bias = true;
        break;
      default:
        specError(`${at}.kind`, `unknown step ${JSON.stringify((step as { kind?: unknown } | null)?.kind)}; expected scale, subtract-mean, standardize or bias-column`);
    }
  });
  const steps = spec.steps.map((s) => ({ ...s }));
  return new AffinePreprocessor({ version: 1, inputDim: D, steps }, used, a, b, uniform, bias);
}

/** y_j = a_j·x_j + b_j for j < D, then an optional constant 1. */
class AffinePreprocessor implements Preprocessor {
  readonly spec: PreprocessSpec;
  readonly tensors: Readonly<Record<string, Float32Array>>;
  readonly inputDim: number;
  readonly outputDim: number;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  /** True when every feature has the same a and b = 0 (scale only, or nothing): one flat loop will do. */
  private readonly uniform: boolean;
  private readonly bias: boolean;

  constructor(spec: PreprocessSpec, tensors: Record<string, Float32Array>, a: Float64Array, b: Float64Array, uniform: boolean, bias: boolean) {
    this.spec = spec;
    this.tensors = tensors;
    this.inputDim = spec.inputDim;
    this.outputDim = spec.inputDim + (bias ? 1 : 0);
    this.a = a;
    this.b = b;
    this.uniform = uniform;
    this.bias = bias;
  }

  transform(X: ByteMatrix | Matrix32): Matrix32 {
    this.checkInput(X);
    const N = X.rows;
    const out: Matrix32 = { data: new Float32Array(N * this.outputDim), rows: N, cols: this.outputDim };
    if (this.uniform && !this.bias) {
      // Scale only: one flat pass over the whole buffer.
      const s = this.inputDim === 0 ? 1 : this.a[0]!;
      if (X.data instanceof Uint8Array) scaleBytes(X.data, out.data, s, N * this.inputDim);
      else scaleFloats(X.data, out.data, s, N * this.inputDim);
      return out;
    }
    this.applyRows(X, null, N, out.data);
    return out;
  }

  transformRowsInto(X: ByteMatrix | Matrix32, rows: ArrayLike<number>, out: Matrix32): void {
    this.checkInput(X);
    const n = rows.length;
    if (out.rows !== n || out.cols !== this.outputDim || out.data.length < n * this.outputDim) {
      throw new ShapeError('out', `has shape [${out.rows}, ${out.cols}] (${out.data.length} elements), expected [${n}, ${this.outputDim}]`);
    }
    const N = X.rows;
    for (let k = 0; k < n; k++) {
      const i = rows[k]!;
      // `i >>> 0 === i` is the cheap whole-number test for indices (no allocation, no Number.isInteger call).
      if (i >>> 0 !== i || i >= N) throw new ArgumentError('rows', `index ${i} at position ${k} is outside 0..${N - 1}`);
    }
    this.applyRows(X, rows, n, out.data);
  }

  private checkInput(X: ByteMatrix | Matrix32): void {
    if (X.cols !== this.inputDim) {
      throw new ShapeError('X', `has ${X.cols} columns, but this preprocessor was fitted on ${this.inputDim} features`);
    }
  }

  private applyRows(X: ByteMatrix | Matrix32, rows: ArrayLike<number> | null, n: number, dst: Float32Array): void {
    if (X.data instanceof Uint8Array) affineBytes(X.data, rows, n, this.inputDim, this.outputDim, this.a, this.b, this.bias, dst);
    else affineFloats(X.data, rows, n, this.inputDim, this.outputDim, this.a, this.b, this.bias, dst);
  }
}

// The loops below are duplicated per source type on purpose: one loop over a Uint8Array | Float32Array
// union would see two element kinds and V8 would not keep it monomorphic.

function scaleBytes(src: Uint8Array, dst: Float32Array, s: number, n: number): void {
  for (let i = 0; i < n; i++) dst[i] = src[i]! * s;
}

function scaleFloats(src: Float32Array, dst: Float32Array, s: number, n: number): void {
  if (s === 1) dst.set(src.subarray(0, n));
  else for (let i = 0; i < n; i++) dst[i] = src[i]! * s;
}

function affineBytes(
  src: Uint8Array,
  rows: ArrayLike<number> | null,
  n: number,
  D: number,
  outD: number,
  a: Float64Array,
  b: Float64Array,
  bias: boolean,
  dst: Float32Array,
): void {
  for (let k = 0; k < n; k++) {
    const si = (rows === null ? k : rows[k]!) * D;
    const di = k * outD;
    for (let j = 0; j < D; j++) dst[di + j] = src[si + j]! * a[j]! + b[j]!;
    if (bias) dst[di + D] = 1;
  }
}

function affineFloats(
  src: Float32Array,
  rows: ArrayLike<number> | null,
  n: number,
  D: number,
  outD: number,
  a: Float64Array,
  b: Float64Array,
  bias: boolean,
  dst: Float32Array,
): void {
  for (let k = 0; k < n; k++) {
    const si = (rows === null ? k : rows[k]!) * D;
    const di = k * outD;
    for (let j = 0; j < D; j++) dst[di + j] = src[si + j]! * a[j]! + b[j]!;
    if (bias) dst[di + D] = 1;
  }
}
