/**
 * The playground's kNN mode: the label the k nearest points elect for every cell of the region grid, from
 * the library's KNearestNeighbors (ascending distance, equal distances to the lower index, plurality vote
 * with ties to the smallest label).
 */
import { KNearestNeighbors } from '../../../src/models/knn.js';
import { view } from '../../../src/tensor/matrix.js';
import { CLASSES, design, DIM, type Point } from './model.js';

export type KnnMetricName = 'l1' | 'l2';

const CLASS_NAMES = Array.from({ length: CLASSES }, (_, c) => String(c));

/** Predicted class per query row; k is capped at the number of points. Empty plane: every entry −1. */
export function knnPredict(points: readonly Point[], queries: Float64Array, k: number, metric: KnnMetricName): Int32Array {
  const m = queries.length / DIM;
  if (points.length === 0) return new Int32Array(m).fill(-1);
  const { X, labels } = design(points);
  const knn = new KNearestNeighbors({ k: Math.min(k, points.length), metric });
  knn.fit(X, labels, { classNames: CLASS_NAMES });
  return knn.predict(view(queries, m, DIM, 'queries'));
}
