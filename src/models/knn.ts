/**
 * k-nearest neighbours, the lecture's data-driven baseline: remember the training set, and label a query
 * by the labels of its k nearest training points.
 *
 * ```ts
 * const knn = new KNearestNeighbors({ k: 3 });            // l2, uniform votes, reference kernels, 256 MiB
 * knn.fit(train.X, train.labels, { classNames: train.classNames });
 * knn.score(test.X, test.labels);                          // raw MNIST bytes: ≈ 0.970
 * ```
 *
 * Conventions (docs/knn.md has the long form):
 * - Metrics: 'l2' (Euclidean, the default), 'l1' (Manhattan), 'cosine' (1 − cosine similarity; a zero
 *   vector is at distance 1 from everything). Raw bytes on both sides take exact integer kernels for l2/l1.
 * - Neighbour order: ascending distance, equal distances to the lower training index.
 * - Votes: 'uniform' (default) or 'distance' (weight 1/d; exact matches at d = 0 win outright); equal
 *   totals go to the smallest label.
 * - Memory: queries are processed in chunks whose working buffers fit `memoryBudgetBytes` (default 256 MiB);
 *   the full query × training distance matrix is never held.
 * - Configuration in, fitted state out: the constructor only stores options, `fit` validates them.
 */
import { ArgumentError, ModelFormatError, NotFittedError, ShapeError } from '../errors.js';
import type { KernelChoice, KernelInfo, Kernels } from '../kernels/api.js';
import { refKernels } from '../kernels/ref/index.js';
import { selectKernels } from '../kernels/select.js';
import { accuracy } from '../train/metrics.js';
import { checkFinite, checkInteger, checkLabels, checkNonEmpty } from '../tensor/checks.js';
import { shapeOf, type ByteMatrix, type Matrix32, type Storage } from '../tensor/matrix.js';
import { isBytes, KNN_METRICS, type KnnMetric, type Points } from './knn-metric.js';
import { knnModelFile, parseKnnModelFile } from './knn-format.js';
import { DEFAULT_MEMORY_BUDGET_BYTES, type SearchPlan } from './knn-plan.js';
import { buildIndex, planFor, searchNeighbours, type NeighbourIndex, type Neighbours } from './knn-search.js';
import { KNN_WEIGHTS, vote, type KnnWeights } from './knn-vote.js';
import { decodeModelFile, encodeModelFile, type DecodedModelFile, type ModelFile } from './model-file.js';

export interface KnnOptions {
  /** Neighbours that vote (≥ 1, at most the training set size). */
  readonly k: number;
  /** Default 'l2'. */
  readonly metric?: KnnMetric;
  /** Default 'uniform'. */
  readonly weights?: KnnWeights;
  /** Default: the reference kernels. Pass `await selectKernels('auto')` for the fastest available. */
  readonly kernels?: Kernels;
  /** Working memory of one search (see knn-plan.ts for what it counts). Default 256 MiB. */
  readonly memoryBudgetBytes?: number;
}

export interface KnnFitOptions {
  /** Class names, index = label. Default: "0", "1", … up to the largest label. */
  readonly classNames?: readonly string[];
  /**
   * Copy the training set into memory the kernels own (default true). With false the model keeps a
   * reference to X and labels, which saves one copy of the training set; they must not change afterwards.
   */
  readonly copy?: boolean;
}

export interface KneighborsOptions {
  /** Neighbours to return; default the model's k. */
  readonly k?: number;
  /** Called after each chunk of queries with the rows done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Options a model rebuilt from a file takes from the caller rather than the file. */
export type KnnRestoreOptions = Pick<KnnOptions, 'kernels' | 'memoryBudgetBytes'>;

/** What `fit` (or loading) leaves behind. */
export interface KnnFitted {
  readonly X: Points;
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  readonly index: NeighbourIndex;
  /** X again when it lives in kernel memory this model must release, else null. */
  readonly kernelOwned: Matrix32 | ByteMatrix | null;
}

/** The options with defaults filled in and checked. */
export interface KnnConfig {
  readonly k: number;
  readonly metric: KnnMetric;
  readonly weights: KnnWeights;
  readonly memoryBudgetBytes: number;
}

export class KNearestNeighbors {
  readonly options: KnnOptions;
  readonly kernels: Kernels;
  private state: KnnFitted | null = null;
  private checked: KnnConfig | null = null;

  constructor(options: KnnOptions) {
    this.options = options;
    this.kernels = options.kernels ?? refKernels;
  }

  /** Which kernels ran (STYLE rule 1: every result can say what produced it). */
  get kernelInfo(): KernelInfo {
    return this.kernels.info;
  }

  /** The checked configuration; valid after `fit` or loading. */
  get config(): KnnConfig {
    if (!this.checked) throw new NotFittedError('KNearestNeighbors');
    return this.checked;
  }

  get fitted(): KnnFitted {
    if (!this.state) throw new NotFittedError('KNearestNeighbors');
    return this.state;
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  /**
   * Remember the training set. X is [N, D], bytes (Uint8Array, kept as bytes) or floats; labels are
   * integers 0..C−1, one per row. Throws when k > N, on NaN/Infinity, and on mismatched lengths.
   */
  fit(X: Points, labels: ArrayLike<number>, options: KnnFitOptions = {}): this {
    const config = validateConfig(this.options);
    checkPoints(X, 'X');
    checkNonEmpty(X, 'X');
    if (labels.length !== X.rows) throw new ShapeError('labels', `has length ${labels.length}, but X has ${X.rows} rows`);
    const classNames = options.classNames ?? defaultClassNames(labels);
    if (classNames.length === 0) throw new ArgumentError('classNames', 'is empty; give one name per class');
    checkLabels(labels, classNames.length, 'labels');
    checkKAgainstTraining(config.k, X.rows, 'k');
    this.release();
    const copy = options.copy ?? true;
    const stored = copy ? this.copyIntoKernels(X) : { points: X, kernelOwned: null };
    const y = copy || !(labels instanceof Int32Array) ? Int32Array.from(labels) : labels;
    this.state = {
      X: stored.points,
      labels: y,
      classNames: [...classNames],
      index: buildIndex(stored.points, config.metric),
      kernelOwned: stored.kernelOwned,
    };
    this.checked = config;
    return this;
  }

  /**
   * The k nearest training points of each row of X: indices and distances, [rows, k] row-major, nearest
   * first, equal distances to the lower training index. Distances are the metric's (Euclidean for l2).
   */
  kneighbors(X: Points, options: KneighborsOptions = {}): Neighbours {
    const state = this.fitted;
    const k = options.k ?? this.config.k;
    checkInteger(k, 1, 'k');
    checkKAgainstTraining(k, state.X.rows, 'k');
    this.checkQuery(X);
    return searchNeighbours(state.index, X, k, {
      kernels: this.kernels,
      budgetBytes: this.config.memoryBudgetBytes,
      onProgress: options.onProgress,
    });
  }

  /** The elected label of each row of X (see knn-vote.ts for the rules). */
  predict(X: Points, options: Omit<KneighborsOptions, 'k'> = {}): Int32Array {
    const nb = this.kneighbors(X, options);
    return predictFromNeighbours(nb, this.fitted.labels, this.fitted.classNames.length, nb.k, this.config.weights);
  }

  /** Accuracy on (X, labels): the fraction of rows whose predicted label equals the given one. */
  score(X: Points, labels: ArrayLike<number>, options: Omit<KneighborsOptions, 'k'> = {}): number {
    checkNonEmpty(X, 'X');
    if (labels.length !== X.rows) throw new ShapeError('labels', `has length ${labels.length}, but X has ${X.rows} rows`);
    return accuracy(this.predict(X, options), labels);
  }

  /** How a search over `queryRows` rows is chunked under the memory budget. */
  plan(queryRows: number): SearchPlan {
    return planFor(this.fitted.index, queryRows, this.config.k, this.config.memoryBudgetBytes);
  }

  // ---------------------------------------------------------------- model files (model-file.ts, knn-format.ts)

  /** The model as a model file (kind 'knn'): the training set as fitted, its labels, k, metric, weights. */
  toModelFile(): ModelFile {
    const { X, labels, classNames } = this.fitted;
    const { k, metric, weights } = this.config;
    return knnModelFile({ k, metric, weights, X, labels, classNames });
  }

  /** The bytes of the model file (pure; the lab can offer them as a download). */
  toBytes(): Uint8Array {
    return encodeModelFile(this.toModelFile());
  }

  /** Saves atomically to `path` (Node only): the previous file survives a crash mid-save. */
  async save(path: string): Promise<void> {
    const { saveModel } = await importSerialize();
    saveModel(path, this.toModelFile());
  }

  /**
   * A fitted model from a decoded model file, every field checked (ModelFormatError naming `file`). The
   * kernels (default: reference) and the memory budget are the caller's, not the file's.
   */
  static fromModelFile(model: DecodedModelFile, file = '<model bytes>', options: KnnRestoreOptions = {}): KNearestNeighbors {
    const { k, metric, weights, X, labels, classNames } = parseKnnModelFile(model, file);
    const knn = new KNearestNeighbors({ k, metric, weights, ...options });
    try {
      // fit re-checks the labels against the class names, k against N, and the floats for NaN.
      knn.fit(X, labels, { classNames });
    } catch (err) {
      throw new ModelFormatError(file, `holds an invalid kNN model: ${err instanceof Error ? err.message : String(err)}`);
    }
    return knn;
  }

  /** A fitted model from model-file bytes (pure: works in the browser). */
  static fromBytes(bytes: Uint8Array, options: KnnRestoreOptions & { readonly file?: string } = {}): KNearestNeighbors {
    const { file = '<model bytes>', ...rest } = options;
    return KNearestNeighbors.fromModelFile(decodeModelFile(bytes, file, 'knn'), file, rest);
  }

  /**
   * Loads a model file saved by `save` (Node only). Kernels default to `'auto'` here, as in
   * `LinearClassifier.load` (the constructor, which cannot wait, defaults to the reference kernels).
   */
  static async load(
    path: string,
    options: { readonly kernels?: KernelChoice | Kernels; readonly memoryBudgetBytes?: number } = {},
  ): Promise<KNearestNeighbors> {
    const { loadModelFile } = await importSerialize();
    const choice = options.kernels ?? 'auto';
    const kernels = typeof choice === 'string' ? await selectKernels(choice) : choice;
    const budget = options.memoryBudgetBytes === undefined ? {} : { memoryBudgetBytes: options.memoryBudgetBytes };
    return KNearestNeighbors.fromModelFile(loadModelFile(path, 'knn'), path, { kernels, ...budget });
  }

  /** Give the training copy back to the kernels; the model is unfitted afterwards. */
  release(): void {
    if (this.state?.kernelOwned) this.kernels.release(this.state.kernelOwned);
    this.state = null;
    this.checked = null;
  }

  private copyIntoKernels(X: Points): { points: Points; kernelOwned: Matrix32 | ByteMatrix | null } {
    if (isBytes(X)) {
      const m = this.kernels.allocBytes(X.rows, X.cols);
      m.data.set(X.data.subarray(0, X.rows * X.cols));
      return { points: m, kernelOwned: m };
    }
    if (X.data instanceof Float64Array) {
      // The kernels allocate float32 only; a float64 training set keeps its precision in a plain copy.
      return { points: { data: X.data.slice(0, X.rows * X.cols), rows: X.rows, cols: X.cols }, kernelOwned: null };
    }
    const m = this.kernels.alloc(X.rows, X.cols);
    m.data.set(X.data.subarray(0, X.rows * X.cols));
    return { points: m, kernelOwned: m };
  }

  private checkQuery(X: Points): void {
    const train = this.fitted.X;
    checkPoints(X, 'X');
    if (X.cols !== train.cols) {
      throw new ShapeError('X', `has shape ${shapeOf(X)}, but the model was fitted on ${train.cols} features per row`);
    }
    if (isBytes(X) !== isBytes(train)) {
      const kind = (m: Points): string => (isBytes(m) ? 'bytes (Uint8Array)' : 'floats');
      throw new ArgumentError(
        'X',
        `holds ${kind(X)} but the model was fitted on ${kind(train)}; give both sides the same kind (e.g. raw pixels on both)`,
      );
    }
  }
}

/** Labels elected by the first k neighbours of each row. */
export function predictFromNeighbours(
  nb: Neighbours,
  labels: Int32Array,
  classes: number,
  k: number,
  weights: KnnWeights,
): Int32Array {
  const out = new Int32Array(nb.rows);
  const tally = new Float64Array(classes);
  for (let i = 0; i < nb.rows; i++) out[i] = vote(labels, nb.indices, nb.distances, i * nb.k, k, weights, tally);
  return out;
}

export function validateConfig(options: KnnOptions): KnnConfig {
  checkInteger(options.k, 1, 'k');
  const metric = options.metric ?? 'l2';
  if (!KNN_METRICS.includes(metric)) {
    throw new ArgumentError('metric', `unknown metric '${String(metric)}'; expected one of ${KNN_METRICS.join(', ')}`);
  }
  const weights = options.weights ?? 'uniform';
  if (!KNN_WEIGHTS.includes(weights)) {
    throw new ArgumentError('weights', `unknown weighting '${String(weights)}'; expected one of ${KNN_WEIGHTS.join(', ')}`);
  }
  const memoryBudgetBytes = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
  checkInteger(memoryBudgetBytes, 1, 'memoryBudgetBytes');
  return { k: options.k, metric, weights, memoryBudgetBytes };
}

export function checkKAgainstTraining(k: number, trainRows: number, argument: string): void {
  if (k > trainRows) {
    throw new ArgumentError(
      argument,
      `is ${k} but the training set has only ${trainRows} example${trainRows === 1 ? '' : 's'}; choose k ≤ ${trainRows}`,
    );
  }
}

function checkPoints(X: Points, argument: string): void {
  const data: Storage = X.data;
  if (!(data instanceof Uint8Array || data instanceof Float32Array || data instanceof Float64Array)) {
    throw new ArgumentError(argument, 'must hold a Uint8Array (bytes) or a Float32Array/Float64Array (features)');
  }
  if (!Number.isInteger(X.rows) || !Number.isInteger(X.cols) || X.rows < 0 || X.cols < 1) {
    throw new ShapeError(argument, `has shape ${shapeOf(X)}; expected [N, D] with D ≥ 1`);
  }
  if (data.length < X.rows * X.cols) {
    throw new ShapeError(argument, `buffer holds ${data.length} elements, shape ${shapeOf(X)} needs ${X.rows * X.cols}`);
  }
  if (!(data instanceof Uint8Array)) checkFinite(data.subarray(0, X.rows * X.cols), argument);
}

/** Largest label without class names; more classes than this need names (guards against a stray huge label). */
const MAX_UNNAMED_CLASSES = 65536;

/** Class names "0".."max label" for labels given without names. */
export function defaultClassNames(labels: ArrayLike<number>): string[] {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0) throw new ArgumentError('labels', `label ${y} at index ${i} is not a whole number ≥ 0`);
    if (y > max) max = y;
  }
  if (max >= MAX_UNNAMED_CLASSES) {
    throw new ArgumentError('labels', `the largest label is ${max}; pass classNames to confirm ${max + 1} classes`);
  }
  return Array.from({ length: max + 1 }, (_, c) => String(c));
}

/** The Node-only file layer, loaded on demand so that importing this module never pulls in node:fs. */
async function importSerialize(): Promise<typeof import('./serialize.js')> {
  const path = './serialize.js';
  return (await import(/* @vite-ignore */ path)) as typeof import('./serialize.js');
}
