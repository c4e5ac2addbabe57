/**
 * The last step of a search: turn each query's k selected ranking values into reported distances.
 *
 * Bytes with l2 or l1: the selection ran on exact integers, so the values are exact; l2 reports their √.
 * Everything else (floats, and cosine on bytes) was ranked in the kernels' precision (float32, through the
 * matrix-product identity for l2 and cosine), which can leave a duplicate at 1e-7 instead of 0 and put two
 * nearly equal distances in either order. So the k selected distances are recomputed straight from the
 * definition in float64, and the k are re-sorted by (distance, training index). Cost: k·D per query,
 * against N·D for the search. Reported float distances are then the definition's float64 values, and an
 * exact duplicate is at distance 0, which distance weighting relies on.
 */
import type { KnnMetric, Points } from './knn-metric.js';

/** Whether the selected values need recomputing (see the module comment). */
export function needsRefinement(metric: KnnMetric, bytes: boolean): boolean {
  return !(bytes && metric !== 'cosine');
}

/** d(Q[i], X[j]) from the definition, in float64 (the ordering of terms is fixed: t = 0, 1, …, D−1). */
export function directDistance(metric: KnnMetric, Q: Points, i: number, X: Points, j: number): number {
  const d = Q.cols;
  const a = Q.data;
  const b = X.data;
  const oa = i * d;
  const ob = j * d;
  if (metric === 'l1') {
    let s = 0;
    for (let t = 0; t < d; t++) s += Math.abs(a[oa + t]! - b[ob + t]!);
    return s;
  }
  if (metric === 'l2') {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = a[oa + t]! - b[ob + t]!;
      s += diff * diff;
    }
    return Math.sqrt(s);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let t = 0; t < d; t++) {
    const x = a[oa + t]!;
    const y = b[ob + t]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  // A zero vector has no direction: similarity 0, distance 1 (knn-metric.ts).
  if (na === 0 || nb === 0) return 1;
  const dist = 1 - dot / Math.sqrt(na * nb);
  return dist < 0 ? 0 : dist > 2 ? 2 : dist;
}

/**
 * Finish rows i0..i0+r−1 of a search result (k entries per row, row-major, `indices`/`values` starting at the
 * chunk's first row): exact values get their reported form, the others are recomputed and re-sorted.
 */
export function finishChunk(
  metric: KnnMetric,
  Q: Points,
  i0: number,
  r: number,
  X: Points,
  k: number,
  indices: Int32Array,
  values: Float64Array,
): void {
  const bytes = Q.data instanceof Uint8Array;
  if (!needsRefinement(metric, bytes)) {
    if (metric === 'l2') for (let t = 0; t < r * k; t++) values[t] = Math.sqrt(values[t]!);
    return;
  }
  for (let i = 0; i < r; i++) {
    const o = i * k;
    for (let t = 0; t < k; t++) values[o + t] = directDistance(metric, Q, i0 + i, X, indices[o + t]!);
    // Insertion sort by (distance, index): k is small and the list is nearly sorted already.
    for (let t = 1; t < k; t++) {
      const v = values[o + t]!;
      const j = indices[o + t]!;
      let p = t;
      while (p > 0 && (values[o + p - 1]! > v || (values[o + p - 1] === v && indices[o + p - 1]! > j))) {
        values[o + p] = values[o + p - 1]!;
        indices[o + p] = indices[o + p - 1]!;
        p--;
      }
      values[o + p] = v;
      indices[o + p] = j;
    }
  }
}
