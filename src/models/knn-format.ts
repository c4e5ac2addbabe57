/**
 * A kNN model as a safetensors file (the codec is safetensors.ts). A kNN model is its training set, so the
 * file holds it as it was fitted: bytes stay U8, floats stay F32/F64.
 *
 *   tensors   X        [N, D]  U8 | F32 | F64   the training points
 *             labels   [N]     I32              their labels
 *   metadata  format "linclass", format_version "1", model "knn",
 *             k, metric, weights, class_names (a JSON array of strings)
 *
 * Python reads it with `safetensors.numpy.load_file` (tensors) and `safe_open(...).metadata()`.
 * Written without Node APIs so the lab can use it; knn-file.ts adds the file-system side.
 */
import { ModelFormatError } from '../errors.js';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from './safetensors.js';
import { KNearestNeighbors, type KnnOptions } from './knn.js';
import { KNN_METRICS, type KnnMetric, type Points } from './knn-metric.js';
import { KNN_WEIGHTS, type KnnWeights } from './knn-vote.js';

export const KNN_FORMAT_VERSION = '1';

/** The model's file bytes. */
export function knnToSafetensors(model: KNearestNeighbors): Uint8Array {
  const { X, labels, classNames } = model.fitted;
  const { k, metric, weights } = model.config;
  return encodeSafetensors(
    {
      X: { shape: [X.rows, X.cols], data: X.data.subarray(0, X.rows * X.cols) },
      labels: { shape: [labels.length], data: labels },
    },
    {
      format: 'linclass',
      format_version: KNN_FORMAT_VERSION,
      model: 'knn',
      k: String(k),
      metric,
      weights,
      class_names: JSON.stringify(classNames),
    },
  );
}

/** Options a loaded model takes from the caller rather than the file. */
export type KnnLoadOptions = Pick<KnnOptions, 'kernels' | 'memoryBudgetBytes'>;

/** A fitted model from file bytes; `file` names the source in errors. Validates everything it reads. */
export function knnFromSafetensors(bytes: Uint8Array, file: string, options: KnnLoadOptions = {}): KNearestNeighbors {
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  const fail = (msg: string): never => {
    throw new ModelFormatError(file, msg);
  };
  if (metadata['format'] !== 'linclass' || metadata['model'] !== 'knn') {
    fail(`is not a linclass kNN model (metadata format=${JSON.stringify(metadata['format'])}, model=${JSON.stringify(metadata['model'])})`);
  }
  if (metadata['format_version'] !== KNN_FORMAT_VERSION) {
    fail(`has format_version ${JSON.stringify(metadata['format_version'])}; this version of linclass reads ${KNN_FORMAT_VERSION}`);
  }
  const k = Number(metadata['k']);
  if (!Number.isSafeInteger(k) || k < 1) fail(`metadata k=${JSON.stringify(metadata['k'])} is not a whole number ≥ 1`);
  const metric = metadata['metric'] as KnnMetric;
  if (!KNN_METRICS.includes(metric)) fail(`metadata metric=${JSON.stringify(metric)}; expected one of ${KNN_METRICS.join(', ')}`);
  const weights = metadata['weights'] as KnnWeights;
  if (!KNN_WEIGHTS.includes(weights)) fail(`metadata weights=${JSON.stringify(weights)}; expected one of ${KNN_WEIGHTS.join(', ')}`);
  const classNames = parseClassNames(metadata['class_names'], fail);

  const X = tensors['X'] ?? fail("has no tensor 'X' (the training points)");
  const labels = tensors['labels'] ?? fail("has no tensor 'labels'");
  if (X.shape.length !== 2 || X.dtype === 'I32') fail(`tensor 'X' is ${describe(X)}; expected [N, D] of U8, F32 or F64`);
  const [n, d] = X.shape as [number, number];
  if (labels.dtype !== 'I32' || labels.shape.length !== 1 || labels.shape[0] !== n) {
    fail(`tensor 'labels' is ${describe(labels)}; expected [${n}] of I32 (one per row of X)`);
  }
  const points = { data: X.data, rows: n, cols: d } as Points;
  const model = new KNearestNeighbors({ k, metric, weights, ...options });
  try {
    // fit re-checks the labels against the class names, k against N and the floats for NaN.
    model.fit(points, labels.data as Int32Array, { classNames, copy: true });
  } catch (err) {
    fail(`holds an invalid model: ${err instanceof Error ? err.message : String(err)}`);
  }
  return model;
}

function parseClassNames(raw: string | undefined, fail: (msg: string) => never): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    return fail('metadata class_names is not JSON; expected an array of strings');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string')) {
    fail('metadata class_names must be a non-empty JSON array of strings');
  }
  return parsed as string[];
}

function describe(t: SafeTensor): string {
  return `${t.dtype} [${t.shape.join(', ')}]`;
}
