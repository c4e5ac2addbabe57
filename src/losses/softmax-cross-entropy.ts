/**
 * Softmax cross-entropy (multinomial logistic regression, the lecture's §8 and §12):
 *
 *   pⱼ = e^{sⱼ} / Σₖ e^{sₖ},   Lᵢ = −Σⱼ qⱼ ln pⱼ,
 *
 * with q the one-hot target (Lᵢ = −ln p_{yᵢ}), a label-smoothed target q = (1−ε)·onehot + ε/C, or any target
 * distribution the caller gives (soft targets). Natural logarithm throughout.
 *
 * Numerics: with m = maxⱼ sⱼ (first index on ties), ln Σₖ e^{sₖ} = m + log1p(Σ_{k ≠ argmax} e^{sₖ − m}).
 * Every exponent is ≤ 0, so scores of ±1e4 are finite, and log1p keeps the tiny losses of confident rows:
 * [10, −100, −100] with y = 0 gives ln(1 + 2e^{−110}) ≈ 3.4·10⁻⁴⁸ instead of rounding to 0.
 * Gradient: ∂L/∂sⱼ = (pⱼ − qⱼ)/N.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { checkFinite } from '../tensor/checks.js';
import { zeros, type Matrix } from '../tensor/matrix.js';
import { checkSmoothing, runLoss, validateLossInputs, type LossResult } from './common.js';

export interface SoftmaxOptions {
  /** Label smoothing ε in [0, 1) (default 0). */
  readonly smoothing?: number;
}

/** Softmax cross-entropy with integer labels (and optional label smoothing). */
export function softmaxCrossEntropy(scores: Matrix, labels: ArrayLike<number>, options: SoftmaxOptions = {}): LossResult {
  const y = validateLossInputs(scores, labels);
  const eps = options.smoothing ?? 0;
  checkSmoothing(eps);
  return runLoss(scores, (dS, per) => softmaxCrossEntropyInto(scores, y, eps, dS, per));
}

/** Cross-entropy against target distributions: `targets` is [N, C], each row ≥ 0 and summing to 1. */
export function softmaxCrossEntropySoft(scores: Matrix, targets: Matrix): LossResult {
  if (targets.rows !== scores.rows || targets.cols !== scores.cols) {
    throw new ShapeError('targets', `has shape [${targets.rows}, ${targets.cols}], scores have [${scores.rows}, ${scores.cols}]`);
  }
  validateLossInputs(scores, new Int32Array(scores.rows));
  checkFinite(targets.data.subarray(0, targets.rows * targets.cols), 'targets');
  for (let i = 0; i < targets.rows; i++) {
    let sum = 0;
    for (let j = 0; j < targets.cols; j++) {
      const q = targets.data[i * targets.cols + j]!;
      if (q < 0) throw new ArgumentError('targets', `row ${i} has a negative probability ${q} in column ${j}`);
      sum += q;
    }
    // float32 rows of ten probabilities sum to 1 within a few ulps; 1e-5 leaves room and still catches slips.
    if (Math.abs(sum - 1) > 1e-5) throw new ArgumentError('targets', `row ${i} sums to ${sum}, not 1`);
  }
  return runLoss(scores, (dS, per) => softmaxCrossEntropySoftInto(scores, targets, dS, per));
}

/** Hot path with integer labels and smoothing ε. Returns Σᵢ Lᵢ. */
export function softmaxCrossEntropyInto(
  S: Matrix,
  labels: Int32Array,
  smoothing: number,
  dS: Matrix | null,
  perExample: Float64Array | null,
): number {
  const { rows: n, cols: c, data: s } = S;
  const inv = 1 / n;
  const off = smoothing / c;
  const on = 1 - smoothing + off;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    const y = labels[i]!;
    const { max, arg, rest } = shiftedRest(s, o, c);
    const logZ = Math.log1p(rest); // ln Σ e^{s−max}
    // Lᵢ = Σⱼ qⱼ (max − sⱼ + logZ); q sums to 1.
    let li = logZ + on * (max - s[o + y]!);
    if (smoothing > 0) {
      for (let j = 0; j < c; j++) if (j !== y) li += off * (max - s[o + j]!);
    }
    if (dS) {
      const z = 1 + rest;
      for (let j = 0; j < c; j++) {
        const p = j === arg ? 1 / z : Math.exp(s[o + j]! - max) / z;
        dS.data[o + j] = (p - (j === y ? on : off)) * inv;
      }
    }
    if (perExample) perExample[i] = li;
    total += li;
  }
  return total;
}

/** Hot path with target distributions. Returns Σᵢ Lᵢ. */
export function softmaxCrossEntropySoftInto(
  S: Matrix,
  targets: Matrix,
  dS: Matrix | null,
  perExample: Float64Array | null,
): number {
  const { rows: n, cols: c, data: s } = S;
  const q = targets.data;
  const inv = 1 / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    const { max, arg, rest } = shiftedRest(s, o, c);
    const logZ = Math.log1p(rest);
    let qsum = 0;
    let li = 0;
    for (let j = 0; j < c; j++) {
      qsum += q[o + j]!;
      li += q[o + j]! * (max - s[o + j]!);
    }
    li += qsum * logZ;
    if (dS) {
      const z = 1 + rest;
      for (let j = 0; j < c; j++) {
        const p = j === arg ? 1 / z : Math.exp(s[o + j]! - max) / z;
        dS.data[o + j] = (p - q[o + j]!) * inv;
      }
    }
    if (perExample) perExample[i] = li;
    total += li;
  }
  return total;
}

/** Row-wise softmax probabilities (float64 result unless `out` is given). */
export function softmaxProbabilities(S: Matrix, out: Matrix = zeros(S.rows, S.cols, 'float64')): Matrix {
  const { rows: n, cols: c, data: s } = S;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    const { max, arg, rest } = shiftedRest(s, o, c);
    const z = 1 + rest;
    for (let j = 0; j < c; j++) out.data[o + j] = j === arg ? 1 / z : Math.exp(s[o + j]! - max) / z;
  }
  return out;
}

/** For one row: its max, the first index of the max, and Σ_{k ≠ arg} e^{sₖ − max}. */
function shiftedRest(s: ArrayLike<number>, o: number, c: number): { max: number; arg: number; rest: number } {
  let max = -Infinity;
  let arg = 0;
  for (let j = 0; j < c; j++) {
    if (s[o + j]! > max) {
      max = s[o + j]!;
      arg = j;
    }
  }
  let rest = 0;
  for (let j = 0; j < c; j++) if (j !== arg) rest += Math.exp(s[o + j]! - max);
  return { max, arg, rest };
}
