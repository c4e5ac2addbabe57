/**
 * Choosing k by k-fold cross-validation, the lecture's recipe (CS231n assignment 1): split the training set
 * into folds, hold each fold out in turn, and measure every candidate k on it.
 *
 * Each held-out fold costs one search: its distances to the other folds are computed once (in chunks, under
 * the memory budget) and one top-max(k) selection serves every candidate k, since the k nearest are a prefix
 * of the max(k) nearest. Inside a fold, the training points keep their original order, so the tie rules are
 * those of `KNearestNeighbors` on that subset.
 *
 * The result is the table `accuracy[kIndex][fold]`, the mean and the population standard deviation per k
 * (np.std's ddof = 0, as the assignment's plot uses), the best k (the highest mean; among means equal
 * within 1e-12, the smallest k), and the points of the accuracy-vs-k plot (a dot per fold and k, and a
 * mean ± std error bar per k).
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { kFold, stratifiedKFold, type Split } from '../data/split.js';
import type { KernelName, Kernels } from '../kernels/api.js';
import { refKernels } from '../kernels/ref/index.js';
import { checkInteger, checkLabels, checkNonEmpty } from '../tensor/checks.js';
import { zeros, type ByteMatrix, type Matrix32 } from '../tensor/matrix.js';
import { accuracy } from '../train/metrics.js';
import {
  defaultClassNames,
  KNearestNeighbors,
  predictFromNeighbours,
  validateConfig,
  type KnnOptions,
} from './knn.js';
import { isBytes, type KnnMetric, type Points } from './knn-metric.js';
import type { KnnWeights } from './knn-vote.js';

export interface CrossValidateKOptions extends Omit<KnnOptions, 'k'> {
  /** Candidate k values (whole numbers ≥ 1); evaluated in ascending order, duplicates dropped. */
  readonly ks: readonly number[];
  /** Default 5. */
  readonly folds?: number;
  /**
   * Default false: consecutive folds, exactly as np.array_split makes them (no randomness). True: stratified
   * folds (each class shuffled with `seed` and dealt to the folds in turn; src/data/split.ts).
   */
  readonly stratified?: boolean;
  /** Seed of the stratified folds (default 0); consecutive folds do not use it. */
  readonly seed?: number;
  /** Class names (their count is the number of classes); default "0".."max label". */
  readonly classNames?: readonly string[];
  /** Called after each fold with the fold number (0-based) and the fold count. */
  readonly onFold?: (fold: number, folds: number) => void;
}

export interface CrossValidationPlot {
  /** One point per (k, fold): the scatter of the assignment's plot. */
  readonly points: readonly { readonly k: number; readonly fold: number; readonly accuracy: number }[];
  /** One bar per k: mean ± std. */
  readonly errorBars: readonly { readonly k: number; readonly mean: number; readonly std: number }[];
}

export interface KnnCrossValidation {
  /** The candidate k values, ascending. */
  readonly ks: readonly number[];
  readonly folds: number;
  /** Validation examples per fold. */
  readonly foldSizes: readonly number[];
  /** accuracy[i][f]: accuracy of k = ks[i] on fold f. */
  readonly accuracy: readonly (readonly number[])[];
  readonly mean: readonly number[];
  /** Population standard deviation (ddof = 0) over folds. */
  readonly std: readonly number[];
  readonly bestK: number;
  readonly bestMean: number;
  readonly plot: CrossValidationPlot;
  readonly metric: KnnMetric;
  readonly weights: KnnWeights;
  readonly stratified: boolean;
  readonly seed: number;
  /** Which kernels computed the distances. */
  readonly kernels: KernelName;
}

/** Means closer than this count as equal when picking the best k (so rounding cannot pick a larger k). */
export const EQUAL_MEAN_TOLERANCE = 1e-12;

export function crossValidateK(X: Points, labels: ArrayLike<number>, options: CrossValidateKOptions): KnnCrossValidation {
  checkNonEmpty(X, 'X');
  if (labels.length !== X.rows) throw new ShapeError('labels', `has length ${labels.length}, but X has ${X.rows} rows`);
  if (options.ks.length === 0) throw new ArgumentError('ks', 'is empty; give at least one k, e.g. [1, 3, 5, 8, 10]');
  options.ks.forEach((k, i) => checkInteger(k, 1, `ks[${i}]`));
  const ks = [...new Set(options.ks)].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1]!;
  const folds = options.folds ?? 5;
  const stratified = options.stratified ?? false;
  const seed = options.seed ?? 0;
  checkInteger(folds, 2, 'folds');
  if (folds > X.rows) throw new ArgumentError('folds', `is ${folds} but there are only ${X.rows} examples; use at most ${X.rows} folds`);
  const splits: Split[] = stratified ? stratifiedKFold(labels, folds, { seed }) : kFold(X.rows, folds);
  const smallestTrain = Math.min(...splits.map((s) => s.train.length));
  if (maxK > smallestTrain) {
    throw new ArgumentError(
      'ks',
      `the largest k is ${maxK} but the smallest training fold has only ${smallestTrain} examples; ` +
        `choose k ≤ ${smallestTrain} or fewer folds`,
    );
  }

  const config = validateConfig({ ...options, k: maxK });
  const kernels = options.kernels ?? refKernels;
  const classNames = options.classNames ?? defaultClassNames(labels);
  checkLabels(labels, classNames.length, 'labels');
  const y = Int32Array.from(labels);
  const table = ks.map(() => new Array<number>(folds).fill(0));
  splits.forEach((split, f) => {
    const { metric, weights, memoryBudgetBytes } = config;
    const model = new KNearestNeighbors({ k: maxK, metric, weights, kernels, memoryBudgetBytes });
    // The fold's training rows go straight into kernel memory; the model borrows them (copy: false).
    const trainX = gatherRows(X, split.train, kernels);
    try {
      const trainY = gatherLabels(y, split.train);
      model.fit(trainX.points, trainY, { classNames, copy: false });
      const validation = gatherRows(X, split.validation, null).points;
      const truth = gatherLabels(y, split.validation);
      const nb = model.kneighbors(validation, { k: maxK });
      ks.forEach((k, i) => {
        table[i]![f] = accuracy(predictFromNeighbours(nb, trainY, classNames.length, k, config.weights), truth);
      });
    } finally {
      model.release();
      if (trainX.kernelOwned) kernels.release(trainX.kernelOwned);
    }
    options.onFold?.(f, folds);
  });

  const mean = table.map((row) => row.reduce((a, b) => a + b, 0) / folds);
  const std = table.map((row, i) => Math.sqrt(row.reduce((a, v) => a + (v - mean[i]!) ** 2, 0) / folds));
  let best = 0;
  for (let i = 1; i < ks.length; i++) if (mean[i]! > mean[best]! + EQUAL_MEAN_TOLERANCE) best = i;
  return {
    ks,
    folds,
    foldSizes: splits.map((s) => s.validation.length),
    accuracy: table,
    mean,
    std,
    bestK: ks[best]!,
    bestMean: mean[best]!,
    plot: {
      points: ks.flatMap((k, i) => table[i]!.map((a, fold) => ({ k, fold, accuracy: a }))),
      errorBars: ks.map((k, i) => ({ k, mean: mean[i]!, std: std[i]! })),
    },
    metric: config.metric,
    weights: config.weights,
    stratified,
    seed,
    kernels: kernels.info.name,
  };
}

/**
 * The listed rows of X as a new matrix of the same kind: in kernel memory when `kernels` is given (bytes and
 * float32; the caller releases `kernelOwned`), else in plain arrays.
 */
export function gatherRows(
  X: Points,
  rows: Int32Array,
  kernels: Kernels | null,
): { points: Points; kernelOwned: ByteMatrix | Matrix32 | null } {
  const n = rows.length;
  const d = X.cols;
  let kernelOwned: ByteMatrix | Matrix32 | null = null;
  let points: Points;
  if (isBytes(X)) {
    points = kernels ? (kernelOwned = kernels.allocBytes(n, d)) : { data: new Uint8Array(n * d), rows: n, cols: d };
  } else if (X.data instanceof Float64Array) {
    points = { data: new Float64Array(n * d), rows: n, cols: d };
  } else {
    points = kernels ? (kernelOwned = kernels.alloc(n, d)) : zeros(n, d, 'float32');
  }
  const out = points.data;
  for (let t = 0; t < n; t++) out.set(X.data.subarray(rows[t]! * d, (rows[t]! + 1) * d), t * d);
  return { points, kernelOwned };
}

function gatherLabels(y: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = y[rows[t]!]!;
  return out;
}
