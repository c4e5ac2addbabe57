/**
 * The playground's kNN mode: the label the k nearest points elect for every cell of the region grid.
 * Distances and the k nearest come from the kernels (L1 or squared L2, then topK: ascending distance, equal
 * distances to the lower index); the vote is a plurality with ties to the smallest label (DESIGN.md).
 */
import { refKernels } from '../../../src/kernels/ref/index.js';
import { view, zeros } from '../../../src/tensor/matrix.js';
import { CLASSES, design, DIM, type Point } from './model.js';

export type KnnMetricName = 'l1' | 'l2';

export function knnPredict(points: readonly Point[], queries: Float64Array, k: number, metric: KnnMetricName): Int32Array {
  const m = queries.length / DIM;
  const out = new Int32Array(m);
  const n = points.length;
  if (n === 0) return out.fill(-1);
  const kk = Math.min(k, n);
  const { X, labels } = design(points);
  const Q = view(queries, m, DIM, 'queries');
  const D = zeros(m, n, 'float64');
  if (metric === 'l1') refKernels.l1Distances(Q, X, D);
  else refKernels.sqL2Distances(Q, X, D);
  const index = new Int32Array(m * kk);
  const value = new Float64Array(m * kk);
  refKernels.topK(D, kk, index, value);
  const votes = new Int32Array(CLASSES);
  for (let i = 0; i < m; i++) {
    votes.fill(0);
    for (let t = 0; t < kk; t++) votes[labels[index[i * kk + t]!]!]!++;
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (votes[c]! > votes[best]!) best = c;
    out[i] = best;
  }
  return out;
}
