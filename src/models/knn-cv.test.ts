import { describe, expect, it } from 'vitest';
import { naiveKneighbors, naiveMajority } from '../../test/helpers/knn-naive.js';
import { kFold } from '../data/split.js';
import type { Kernels } from '../kernels/api.js';
import { refKernels } from '../kernels/ref/index.js';
import { fromRows, type ByteMatrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { crossValidateK, gatherRows } from './knn-cv.js';
import { KNearestNeighbors } from './knn.js';

const gatherLabels = (y: Int32Array, rows: Int32Array): Int32Array => Int32Array.from(rows, (i) => y[i]!);

/** Three noisy 1-byte-per-feature clusters, so different k give different accuracies. */
function clusters(n: number, seed: number): { X: ByteMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const d = 6;
  const X: ByteMatrix = { data: new Uint8Array(n * d), rows: n, cols: d };
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.int(3);
    for (let t = 0; t < d; t++) X.data[i * d + t] = Math.max(0, Math.min(255, Math.round(100 + 25 * y[i]! + 30 * rng.normal())));
  }
  return { X, y };
}

describe('crossValidateK', () => {
  it('computes fold accuracies, mean and population std by hand on a 4-point example', () => {
    // Folds {0, 1} and {2, 3}. Fold 0 is predicted from x = 1 (label 0) and 20 (label 1): 0 → 0 right,
    // 10 → 0 wrong (1 is nearer than 20): 0.5. Fold 1 from 0 (label 0) and 10 (label 1): both right: 1.
    const cv = crossValidateK(fromRows([[0], [10], [1], [20]]), [0, 1, 0, 1], { ks: [1], folds: 2 });
    expect(cv.accuracy).toEqual([[0.5, 1]]);
    expect(cv.mean).toEqual([0.75]);
    expect(cv.std).toEqual([0.25]);
    expect(cv.foldSizes).toEqual([2, 2]);
  });

  it('equals a naive kNN computed separately for every fold and every k', () => {
    const { X, y } = clusters(90, 11);
    const ks = [1, 2, 3, 5, 8, 13];
    const cv = crossValidateK(X, y, { ks, folds: 4 });
    kFold(X.rows, 4).forEach((fold, f) => {
      const train = gatherRows(X, fold.train, null).points;
      const valid = gatherRows(X, fold.validation, null).points;
      const ref = naiveKneighbors(train, valid, 13, 'l2');
      ks.forEach((k, i) => {
        let correct = 0;
        ref.indices.forEach((row, q) => {
          if (naiveMajority(row.slice(0, k).map((j) => y[fold.train[j]!]!)) === y[fold.validation[q]!]) correct++;
        });
        expect(cv.accuracy[i]![f], `k=${k}, fold ${f}`).toBe(correct / fold.validation.length);
      });
    });
  });

  it('equals separate distance-weighted models for every fold and every k', () => {
    const { X, y } = clusters(80, 12);
    const ks = [1, 4, 9];
    const cv = crossValidateK(X, y, { ks, folds: 4, weights: 'distance', metric: 'l1' });
    expect([cv.weights, cv.metric]).toEqual(['distance', 'l1']);
    kFold(X.rows, 4).forEach((fold, f) => {
      const train = gatherRows(X, fold.train, null).points;
      const valid = gatherRows(X, fold.validation, null).points;
      ks.forEach((k, i) => {
        const model = new KNearestNeighbors({ k, weights: 'distance', metric: 'l1' }).fit(train, gatherLabels(y, fold.train), {
          classNames: ['0', '1', '2'],
        });
        expect(cv.accuracy[i]![f], `k=${k}, fold ${f}`).toBe(model.score(valid, gatherLabels(y, fold.validation)));
      });
    });
  });

  it('returns the full table, the plot data and the best k', () => {
    const { X, y } = clusters(100, 4);
    const cv = crossValidateK(X, y, { ks: [10, 1, 3, 3, 5], folds: 5 });
    expect(cv.ks).toEqual([1, 3, 5, 10]);
    expect(cv.accuracy).toHaveLength(4);
    for (const row of cv.accuracy) expect(row).toHaveLength(5);
    cv.accuracy.forEach((row, i) => {
      const m = row.reduce((a, b) => a + b, 0) / 5;
      expect(cv.mean[i]).toBeCloseTo(m, 15);
      expect(cv.std[i]).toBeCloseTo(Math.sqrt(row.reduce((a, v) => a + (v - m) ** 2, 0) / 5), 15);
    });
    const best = cv.mean.indexOf(Math.max(...cv.mean));
    expect([cv.bestK, cv.bestMean]).toEqual([cv.ks[best], cv.mean[best]]);
    expect(cv.plot.points).toHaveLength(20);
    expect(cv.plot.points[6]).toEqual({ k: 3, fold: 1, accuracy: cv.accuracy[1]![1] });
    expect(cv.plot.errorBars.map((b) => b.k)).toEqual([1, 3, 5, 10]);
    expect(cv).toMatchObject({ folds: 5, foldSizes: [20, 20, 20, 20, 20], metric: 'l2', stratified: false, kernels: 'ref' });
  });

  it('picks the smallest k among equal means', () => {
    // Two far-apart groups: every k up to 4 classifies every held-out point correctly.
    const X = fromRows([[0], [1], [2], [100], [101], [102], [3], [103]]);
    const y = [0, 0, 0, 1, 1, 1, 0, 1];
    const cv = crossValidateK(X, y, { ks: [3, 1, 2], folds: 2, stratified: true });
    expect(cv.mean).toEqual([1, 1, 1]);
    expect(cv.bestK).toBe(1);
  });

  it('makes consecutive folds as np.array_split does: the first N mod F folds hold one more', () => {
    const { X, y } = clusters(23, 5);
    expect(crossValidateK(X, y, { ks: [1], folds: 4 }).foldSizes).toEqual([6, 6, 6, 5]);
  });

  it('gives the same table for the same seed, and another for another seed (stratified folds)', () => {
    const { X, y } = clusters(120, 9);
    const run = (seed: number, stratified: boolean): number[][] =>
      crossValidateK(X, y, { ks: [1, 3, 5, 7], folds: 5, seed, stratified }).accuracy.map((r) => [...r]);
    expect(run(1, true)).toEqual(run(1, true));
    expect(run(1, true)).not.toEqual(run(2, true));
    // Consecutive folds involve no randomness: the seed changes nothing.
    expect(run(1, false)).toEqual(run(2, false));
  });

  it('computes each fold’s distances once for all k', () => {
    let calls = 0;
    // L2 on bytes: the fused distances + top-k kernel, called once per fold with top-max(k).
    const counting: Kernels = {
      ...refKernels,
      sqL2DistancesU8: () => {
        throw new Error('L2 on bytes should use the fused kernel');
      },
      sqL2TopKU8: (A, B, k, idx, val) => {
        calls++;
        expect(k).toBe(9);
        refKernels.sqL2TopKU8(A, B, k, idx, val);
      },
    };
    const { X, y } = clusters(60, 2);
    crossValidateK(X, y, { ks: [1, 3, 5, 7, 9], folds: 3, kernels: counting });
    expect(calls).toBe(3);
  });

  it('checks its arguments', () => {
    const { X, y } = clusters(10, 1);
    expect(() => crossValidateK(X, y, { ks: [] })).toThrow('ks: is empty; give at least one k');
    expect(() => crossValidateK(X, y, { ks: [0] })).toThrow('ks[0]: must be a whole number ≥ 1, got 0');
    expect(() => crossValidateK(X, y, { ks: [9], folds: 5 })).toThrow(
      'ks: the largest k is 9 but the smallest training fold has only 8 examples; choose k ≤ 8 or fewer folds',
    );
    expect(() => crossValidateK(X, y, { ks: [1], folds: 11 })).toThrow('folds: is 11 but there are only 10 examples');
    expect(() => crossValidateK(X, y.subarray(1), { ks: [1] })).toThrow('labels: has length 9, but X has 10 rows');
    expect(() => crossValidateK(X, y, { ks: [1], metric: 'l0' as 'l1' })).toThrow("metric: unknown metric 'l0'");
  });

  it('reports progress per fold', () => {
    const { X, y } = clusters(12, 3);
    const seen: number[] = [];
    crossValidateK(X, y, { ks: [1], folds: 3, onFold: (f, n) => seen.push(f, n) });
    expect(seen).toEqual([0, 3, 1, 3, 2, 3]);
  });
});
