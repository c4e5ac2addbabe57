/** Input validation and result type shared by every loss. */
import { ArgumentError, ShapeError } from '../errors.js';
import { checkFinite, checkLabels, checkNonEmpty, checkPositive } from '../tensor/checks.js';
import { zeros, type FloatArray, type Matrix } from '../tensor/matrix.js';

export interface LossResult {
  /** The data loss: the mean over examples of Lᵢ. */
  readonly loss: number;
  /** Lᵢ for each example, in float64. */
  readonly perExample: Float64Array;
  /** ∂loss/∂S (the gradient of the mean), same shape and dtype as the scores. */
  readonly dScores: Matrix;
}

export interface HingeOptions {
  /** Δ, the margin (default 1); must be > 0. */
  readonly margin?: number;
}

/** Checks shared by every loss; returns the labels as an Int32Array. */
export function validateLossInputs(scores: Matrix, labels: ArrayLike<number>, argument = 'scores'): Int32Array {
  checkNonEmpty(scores, argument);
  if (scores.cols < 2) throw new ShapeError(argument, `has ${scores.cols} class column(s); a classifier needs at least 2`);
  if (labels.length !== scores.rows) {
    throw new ShapeError('labels', `has length ${labels.length}, but ${argument} has ${scores.rows} rows`);
  }
  checkFinite(scores.data.subarray(0, scores.rows * scores.cols), argument);
  checkLabels(labels, scores.cols, 'labels');
  return labels instanceof Int32Array ? labels : Int32Array.from(labels);
}

export function validateMargin(margin: number | undefined): number {
  const m = margin ?? 1;
  checkPositive(m, 'margin');
  return m;
}

/** Runs an in-place loss and packages the result (the allocating public form of each loss). */
export function runLoss(
  scores: Matrix,
  compute: (dS: Matrix, perExample: Float64Array) => number,
): LossResult {
  const dS = zeros(scores.rows, scores.cols, scores.data instanceof Float64Array ? 'float64' : 'float32');
  const perExample = new Float64Array(scores.rows);
  const sum = compute(dS, perExample);
  return { loss: sum / scores.rows, perExample, dScores: dS };
}

export function checkSmoothing(eps: number): void {
  if (!Number.isFinite(eps) || eps < 0 || eps >= 1) throw new ArgumentError('smoothing', `must be in [0, 1), got ${eps}`);
}

export type { FloatArray };
