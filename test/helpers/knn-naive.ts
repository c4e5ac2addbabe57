/**
 * The kNN oracle for the tests: the definitions written as the plainest double loop, independent of the
 * kernels, the chunking and the top-k selection under test. Distances in float64 straight from the
 * definitions (no matrix-product identity); order by (distance, training index) with a full sort; votes by
 * np.argmax(np.bincount(...)) semantics.
 */
import type { Matrix, Storage } from '../../src/tensor/matrix.js';

export type NaiveMetric = 'l2' | 'l1' | 'cosine';

export function naiveDistance(a: ArrayLike<number>, b: ArrayLike<number>, metric: NaiveMetric): number {
  if (metric === 'l1') {
    let s = 0;
    for (let t = 0; t < a.length; t++) s += Math.abs(a[t]! - b[t]!);
    return s;
  }
  if (metric === 'l2') {
    let s = 0;
    for (let t = 0; t < a.length; t++) s += (a[t]! - b[t]!) ** 2;
    return Math.sqrt(s);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let t = 0; t < a.length; t++) {
    dot += a[t]! * b[t]!;
    na += a[t]! * a[t]!;
    nb += b[t]! * b[t]!;
  }
  if (na === 0 || nb === 0) return 1;
  return Math.min(2, Math.max(0, 1 - dot / Math.sqrt(na * nb)));
}

function rowOf(m: Matrix<Storage>, i: number): ArrayLike<number> {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** For every query: the k nearest training indices and distances, by a full sort on (distance, index). */
export function naiveKneighbors(
  train: Matrix<Storage>,
  queries: Matrix<Storage>,
  k: number,
  metric: NaiveMetric,
): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < queries.rows; i++) {
    const q = rowOf(queries, i);
    const all: { d: number; j: number }[] = [];
    for (let j = 0; j < train.rows; j++) all.push({ d: naiveDistance(q, rowOf(train, j), metric), j });
    all.sort((x, y) => x.d - y.d || x.j - y.j);
    indices.push(all.slice(0, k).map((e) => e.j));
    distances.push(all.slice(0, k).map((e) => e.d));
  }
  return { indices, distances };
}

/** np.argmax(np.bincount(labels)): the most frequent label, the smallest on ties. */
export function naiveMajority(labels: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const y of labels) counts.set(y, (counts.get(y) ?? 0) + 1);
  let best = -1;
  let bestCount = -1;
  for (const [y, c] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (c > bestCount) {
      best = y;
      bestCount = c;
    }
  }
  return best;
}
