/**
 * A kNN model in the shared linclass model file (model-file.ts: safetensors whose metadata carries the frame
 * format "linclass", format_version "1", kind, then one JSON value per key). A kNN model is its training
 * set, so the file holds it as fitted: bytes stay U8, floats stay F32/F64.
 *
 *   kind      "knn"
 *   tensors   X        [N, D]  U8 | F32 | F64   the training points
 *             labels   [N]     I32              their labels
 *   metadata  k (number), metric ("l2" | "l1" | "cosine"), weights ("uniform" | "distance"),
 *             class_names (array of strings)
 *
 * Python: `safetensors.numpy.load_file` gives the tensors, `json.loads(safe_open(...).metadata()["k"])` the rest.
 * Pure (no Node APIs); the class's save/load add the file side through serialize.ts.
 */
import { ModelFormatError } from '../errors.js';
import { requireField, type DecodedModelFile, type ModelFile } from './model-file.js';
import { KNN_METRICS, type KnnMetric, type Points } from './knn-metric.js';
import { KNN_WEIGHTS, type KnnWeights } from './knn-vote.js';
import type { SafeTensor } from './safetensors.js';

/** What a kNN model file holds. */
export interface KnnModelContents {
  readonly k: number;
  readonly metric: KnnMetric;
  readonly weights: KnnWeights;
  readonly X: Points;
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
}

export function knnModelFile(m: KnnModelContents): ModelFile {
  const { X, labels } = m;
  return {
    kind: 'knn',
    tensors: {
      X: { shape: [X.rows, X.cols], data: X.data.subarray(0, X.rows * X.cols) },
      labels: { shape: [labels.length], data: labels },
    },
    metadata: { k: m.k, metric: m.metric, weights: m.weights, class_names: [...m.classNames] },
  };
}

/**
 * The contents of a decoded kNN model file, with every field checked (ModelFormatError naming `file`).
 * Consistency between the fields (labels against class names, k against N, finite floats) is checked by
 * `fit` when the model is rebuilt.
 */
export function parseKnnModelFile(model: DecodedModelFile, file: string): KnnModelContents {
  const fail = (msg: string): never => {
    throw new ModelFormatError(file, msg);
  };
  if (model.kind !== 'knn') fail(`holds a '${model.kind}' model, not a 'knn' model`);
  const k = requireField(model, 'k', file);
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) fail(`metadata k=${JSON.stringify(k)} is not a whole number ≥ 1`);
  const metric = requireField(model, 'metric', file);
  if (!KNN_METRICS.includes(metric as KnnMetric)) fail(`metadata metric=${JSON.stringify(metric)}; expected one of ${KNN_METRICS.join(', ')}`);
  const weights = requireField(model, 'weights', file);
  if (!KNN_WEIGHTS.includes(weights as KnnWeights)) {
    fail(`metadata weights=${JSON.stringify(weights)}; expected one of ${KNN_WEIGHTS.join(', ')}`);
  }
  const classNames = requireField(model, 'class_names', file);
  if (!Array.isArray(classNames) || classNames.length === 0 || !classNames.every((s) => typeof s === 'string')) {
    fail('metadata class_names must be a non-empty array of strings');
  }
  const X = model.tensors['X'] ?? fail("has no tensor 'X' (the training points)");
  const labels = model.tensors['labels'] ?? fail("has no tensor 'labels'");
  if (X.shape.length !== 2 || X.dtype === 'I32') fail(`tensor 'X' is ${describe(X)}; expected [N, D] of U8, F32 or F64`);
  const [n, d] = X.shape as [number, number];
  if (labels.dtype !== 'I32' || labels.shape.length !== 1 || labels.shape[0] !== n) {
    fail(`tensor 'labels' is ${describe(labels)}; expected [${n}] of I32 (one per row of X)`);
  }
  return {
    k: k as number,
    metric: metric as KnnMetric,
    weights: weights as KnnWeights,
    X: { data: X.data, rows: n, cols: d } as Points,
    labels: labels.data as Int32Array,
    classNames: classNames as string[],
  };
}

function describe(t: SafeTensor): string {
  return `${t.dtype} [${t.shape.join(', ')}]`;
}
