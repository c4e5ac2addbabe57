import { describe, expect, it } from 'vitest';
import { naiveKneighbors, naiveMajority, type NaiveMetric } from '../../test/helpers/knn-naive.js';
import { ArgumentError, NotFittedError, ShapeError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { fromRows, type ByteMatrix, type Matrix } from '../tensor/matrix.js';
import type { Kernels } from '../kernels/api.js';
import { refKernels } from '../kernels/ref/index.js';
import { selectKernels } from '../kernels/select.js';
import { KNearestNeighbors } from './knn.js';
import type { Points } from './knn-metric.js';

function bytes(rows: readonly (readonly number[])[]): ByteMatrix {
  const cols = rows[0]!.length;
  return { data: Uint8Array.from(rows.flat()), rows: rows.length, cols };
}

function randomBytes(rng: Rng, rows: number, cols: number, max = 256): ByteMatrix {
  const data = new Uint8Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(max);
  return { data, rows, cols };
}

function randomFloats(rng: Rng, rows: number, cols: number, dtype: 'float32' | 'float64'): Matrix {
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  rng.fillNormal(data);
  return { data, rows, cols };
}

const labelsOf = (...ys: number[]): Int32Array => Int32Array.from(ys);

describe('KNearestNeighbors: neighbour order', () => {
  it('puts equal distances in training-index order (bytes, exact)', () => {
    // Query 2: distances |4−2|, |0−2|, |2−2|, |0−2| = 2, 2, 0, 2.
    const knn = new KNearestNeighbors({ k: 4 }).fit(bytes([[4], [0], [2], [0]]), labelsOf(0, 1, 2, 3));
    const nb = knn.kneighbors(bytes([[2]]));
    expect(Array.from(nb.indices)).toEqual([2, 0, 1, 3]);
    expect(Array.from(nb.distances)).toEqual([0, 2, 2, 2]);
  });

  it('keeps the tie rule when the training set is cut into blocks and merged', () => {
    // A budget that holds 2 distances per block (plus scratch): blocks {0,1}, {2,3}, {4}.
    // Bytes, so the order is the search's own (float results are re-sorted afterwards, see knn-refine.ts).
    const X = bytes([[3], [7], [1], [3], [1]]);
    for (const budget of [36 * 5 + 16 + 4 * 2, 36 * 5 + 16 + 4]) {
      const knn = new KNearestNeighbors({ k: 5, memoryBudgetBytes: budget }).fit(X, labelsOf(0, 0, 0, 0, 0));
      expect(knn.plan(1).blocks).toBeGreaterThan(1);
      const nb = knn.kneighbors(bytes([[2]]));
      expect(Array.from(nb.indices)).toEqual([0, 2, 3, 4, 1]);
      expect(Array.from(nb.distances)).toEqual([1, 1, 1, 1, 5]);
    }
  });

  it('re-sorts float distances that tie exactly by training index, whatever order the float32 ranking gave', () => {
    // Both points are 7.875 from the query, but the identity ‖a‖² + ‖b‖² − 2a·b with a·b rounded to float32
    // ranks them 62.078125 and 62.015625: point 1 first. The float64 recomputation puts point 0 back first.
    const knn = new KNearestNeighbors({ k: 2 }).fit(fromRows([[1429.75], [1414]]), labelsOf(0, 1));
    const nb = knn.kneighbors(fromRows([[1421.875]]));
    expect(Array.from(nb.indices)).toEqual([0, 1]);
    expect(Array.from(nb.distances)).toEqual([7.875, 7.875]);
  });

  it('orders by ascending distance and reports Euclidean (not squared) distances for l2', () => {
    const knn = new KNearestNeighbors({ k: 3 }).fit(bytes([[0, 0], [3, 4], [1, 0]]), labelsOf(0, 1, 2));
    const nb = knn.kneighbors(bytes([[0, 0]]));
    expect(Array.from(nb.indices)).toEqual([0, 2, 1]);
    expect(Array.from(nb.distances)).toEqual([0, 1, 5]);
  });

  it('lets l1 and l2 choose different nearest neighbours', () => {
    // From the origin: A = (3, 3) has l2 √18 ≈ 4.24 and l1 6; B = (5, 0) has l2 5 and l1 5.
    const X = fromRows([[3, 3], [5, 0]]);
    const q = fromRows([[0, 0]]);
    const l2 = new KNearestNeighbors({ k: 1, metric: 'l2' }).fit(X, labelsOf(0, 1));
    const l1 = new KNearestNeighbors({ k: 1, metric: 'l1' }).fit(X, labelsOf(0, 1));
    expect(Array.from(l2.kneighbors(q).indices)).toEqual([0]);
    expect(l2.kneighbors(q).distances[0]).toBeCloseTo(Math.sqrt(18), 12);
    expect(Array.from(l1.kneighbors(q).indices)).toEqual([1]);
    expect(Array.from(l1.kneighbors(q).distances)).toEqual([5]);
    expect(Array.from(l2.predict(q))).toEqual([0]);
    expect(Array.from(l1.predict(q))).toEqual([1]);
  });

  it('finds each training point itself at distance 0 with k = 1, and predicts its own label', () => {
    const rng = new Rng(7);
    const cases: [string, Points][] = [
      ['bytes', randomBytes(rng, 40, 16)],
      ['float32', randomFloats(rng, 40, 16, 'float32')],
      ['float64', randomFloats(rng, 40, 16, 'float64')],
    ];
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    for (const [, X] of cases) {
      for (const metric of ['l2', 'l1', 'cosine'] as const) {
        const knn = new KNearestNeighbors({ k: 1, metric }).fit(X, y);
        const nb = knn.kneighbors(X);
        expect(Array.from(nb.indices)).toEqual(Array.from({ length: 40 }, (_, i) => i));
        expect(Array.from(nb.distances)).toEqual(new Array(40).fill(0));
        expect(Array.from(knn.predict(X))).toEqual(Array.from(y));
        expect(knn.score(X, y)).toBe(1);
      }
    }
  });
});

describe('KNearestNeighbors: votes', () => {
  it('gives equal votes to the smallest label, even when the nearest neighbour has the other one', () => {
    // Query 0: nearest is label 1 (distance 1), then label 0 (distance 2): one vote each.
    const knn = new KNearestNeighbors({ k: 2 }).fit(fromRows([[1], [2]]), labelsOf(1, 0));
    expect(Array.from(knn.predict(fromRows([[0]])))).toEqual([0]);
    // Three-way tie among labels 2, 1, 3 → 1.
    const three = new KNearestNeighbors({ k: 3 }).fit(fromRows([[1], [2], [3]]), labelsOf(2, 3, 1));
    expect(Array.from(three.predict(fromRows([[0]])))).toEqual([1]);
  });

  it('takes the majority with uniform weights', () => {
    const knn = new KNearestNeighbors({ k: 3 }).fit(fromRows([[1], [2], [3], [100]]), labelsOf(0, 1, 1, 0));
    expect(Array.from(knn.predict(fromRows([[0]])))).toEqual([1]);
  });

  it('weights by 1/d with weights = distance', () => {
    // Label 0 at distance 1 (weight 1) against label 1 at distances 2 and 3 (weights 1/2 + 1/3 = 5/6).
    const X = fromRows([[1], [2], [3]]);
    const y = labelsOf(0, 1, 1);
    const q = fromRows([[0]]);
    expect(Array.from(new KNearestNeighbors({ k: 3 }).fit(X, y).predict(q))).toEqual([1]);
    expect(Array.from(new KNearestNeighbors({ k: 3, weights: 'distance' }).fit(X, y).predict(q))).toEqual([0]);
    // 1 vs 1/2 + 1/3 + 1/4 = 13/12: now label 1 outweighs.
    const X4 = fromRows([[1], [2], [3], [4]]);
    expect(Array.from(new KNearestNeighbors({ k: 4, weights: 'distance' }).fit(X4, labelsOf(0, 1, 1, 1)).predict(q))).toEqual([1]);
  });

  it('lets exact matches (distance 0) win outright with weights = distance', () => {
    // Label 1 sits exactly on the query; two label-0 points are very close but not at 0.
    const X = fromRows([[0.001], [0], [0.002]]);
    const q = fromRows([[0]]);
    const uniform = new KNearestNeighbors({ k: 3 }).fit(X, labelsOf(0, 1, 0));
    const weighted = new KNearestNeighbors({ k: 3, weights: 'distance' }).fit(X, labelsOf(0, 1, 0));
    expect(Array.from(uniform.predict(q))).toEqual([0]);
    expect(Array.from(weighted.predict(q))).toEqual([1]);
    // Several exact matches vote one each, and their tie goes to the smallest label.
    const dup = new KNearestNeighbors({ k: 3, weights: 'distance' }).fit(bytes([[5], [5], [6]]), labelsOf(2, 1, 2));
    expect(Array.from(dup.predict(bytes([[5]])))).toEqual([1]);
    // Two exact matches of label 2 outvote one of label 1 (infinite weights would have tied).
    const two = new KNearestNeighbors({ k: 4, weights: 'distance' }).fit(bytes([[5], [5], [5], [6]]), labelsOf(1, 2, 2, 0));
    expect(Array.from(two.predict(bytes([[5]])))).toEqual([2]);
  });
});

describe('KNearestNeighbors: cosine', () => {
  it('is 1 − cos: 0 for the same direction, 1 for orthogonal, 2 for opposite, 1 for a zero vector', () => {
    const X = fromRows([[2, 0], [0, 3], [-1, 0], [0, 0]]);
    const knn = new KNearestNeighbors({ k: 4, metric: 'cosine' }).fit(X, labelsOf(0, 1, 2, 3));
    const nb = knn.kneighbors(fromRows([[1, 0], [0, 0]]));
    expect(Array.from(nb.indices.subarray(0, 4))).toEqual([0, 1, 3, 2]);
    expect(Array.from(nb.distances.subarray(0, 4))).toEqual([0, 1, 1, 2]);
    // The zero query is at distance 1 from everything (the zero vector too): a four-way tie in index order.
    expect(Array.from(nb.indices.subarray(4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(nb.distances.subarray(4))).toEqual([1, 1, 1, 1]);
  });

  it('clamps rounding below 0 for parallel vectors', () => {
    // In float64, 1 − a·b/√(‖a‖²‖b‖²) comes out −2⁻⁵² for this pair (b = 3.7a, rounded).
    const a = [0.5480984398772097, 0.6899670321097044];
    const b = [2.027964227545676, 2.5528780188059064];
    const knn = new KNearestNeighbors({ k: 1, metric: 'cosine' }).fit(fromRows([b], 'float64'), labelsOf(0));
    expect(Array.from(knn.kneighbors(fromRows([a], 'float64')).distances)).toEqual([0]);
  });

  it('gives the same neighbours and distances on bytes as on the same values in floats', () => {
    const rng = new Rng(3);
    const Xb = randomBytes(rng, 50, 12);
    const Qb = randomBytes(rng, 9, 12);
    const toF = (m: ByteMatrix): Matrix => ({ data: Float64Array.from(m.data), rows: m.rows, cols: m.cols });
    const y = new Int32Array(50);
    const a = new KNearestNeighbors({ k: 5, metric: 'cosine' }).fit(Xb, y).kneighbors(Qb);
    const b = new KNearestNeighbors({ k: 5, metric: 'cosine' }).fit(toF(Xb), y).kneighbors(toF(Qb));
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
  });
});

// The reference kernels, and whatever `selectKernels('auto')` finds (WASM when it is built in): every path
// must equal the naive loop.
const kernelSets: Kernels[] = [refKernels];
const auto = await selectKernels('auto');
if (auto.info.name !== 'ref') kernelSets.push(auto);

const kernelCases = kernelSets.map((kernels) => ({ kernels, name: kernels.info.name }));

describe.each(kernelCases)('KNearestNeighbors ($name kernels): equals the naive double loop', ({ kernels }) => {
  const rng = new Rng(2024);
  const trainBytes = randomBytes(rng, 120, 20);
  const testBytes = randomBytes(rng, 37, 20);
  const trainF32 = randomFloats(rng, 120, 20, 'float32');
  const testF32 = randomFloats(rng, 37, 20, 'float32');
  const trainF64 = randomFloats(rng, 120, 20, 'float64');
  const testF64 = randomFloats(rng, 37, 20, 'float64');
  // Labels from 3 classes; a few duplicated training rows so exact ties occur.
  const y = Int32Array.from({ length: 120 }, () => rng.int(3));
  for (const X of [trainBytes, trainF32, trainF64]) {
    X.data.copyWithin(50 * 20, 10 * 20, 11 * 20);
    X.data.copyWithin(90 * 20, 10 * 20, 11 * 20);
  }
  const k = 7;
  // Default (one chunk), chunks of 5 query rows, and one row with the training set in blocks of 16.
  const budgets = [undefined, 5 * (120 * 8 + 36 * k + 16), 36 * k + 16 + 8 * 16];
  const cases: [string, Points, Points][] = [
    ['bytes', trainBytes, testBytes],
    ['float32', trainF32, testF32],
    ['float64', trainF64, testF64],
  ];
  for (const [kind, X, Q] of cases) {
    for (const metric of ['l2', 'l1', 'cosine'] as NaiveMetric[]) {
      it(`${kind}, ${metric}`, () => {
        const ref = naiveKneighbors(X, Q, k, metric);
        for (const budget of budgets) {
          const knn = new KNearestNeighbors({ k, metric, kernels, ...(budget ? { memoryBudgetBytes: budget } : {}) }).fit(X, y);
          expect(knn.kernelInfo.name).toBe(kernels.info.name);
          const nb = knn.kneighbors(Q);
          for (let i = 0; i < Q.rows; i++) {
            expect(Array.from(nb.indices.subarray(i * k, (i + 1) * k)), `row ${i}, budget ${budget}`).toEqual(ref.indices[i]);
            expect(Array.from(nb.distances.subarray(i * k, (i + 1) * k)), `row ${i}, budget ${budget}`).toEqual(ref.distances[i]);
          }
          const expected = ref.indices.map((row) => naiveMajority(row.map((j) => y[j]!)));
          expect(Array.from(knn.predict(Q))).toEqual(expected);
        }
      });
    }
  }

  it('uses several chunks and blocks under the small budgets', () => {
    const knn = new KNearestNeighbors({ k, memoryBudgetBytes: budgets[1]! }).fit(trainF64, y);
    expect(knn.plan(37)).toMatchObject({ rowsPerChunk: 5, chunks: 8, blocks: 1 });
    const blocked = new KNearestNeighbors({ k, memoryBudgetBytes: budgets[2]! }).fit(trainF64, y);
    expect(blocked.plan(37)).toMatchObject({ rowsPerChunk: 1, colsPerBlock: 16, chunks: 37, blocks: 8 });
  });
});

describe('KNearestNeighbors: inputs and errors', () => {
  const X = bytes([[0], [1], [2]]);
  const y = labelsOf(0, 1, 0);

  it('refuses k larger than the training set with a typed error', () => {
    const knn = new KNearestNeighbors({ k: 4 });
    expect(() => knn.fit(X, y)).toThrow(ArgumentError);
    expect(() => knn.fit(X, y)).toThrow('k: is 4 but the training set has only 3 examples; choose k ≤ 3');
    const ok = new KNearestNeighbors({ k: 3 }).fit(X, y);
    expect(() => ok.kneighbors(X, { k: 5 })).toThrow('k: is 5 but the training set has only 3 examples; choose k ≤ 3');
    expect(() => new KNearestNeighbors({ k: 2 }).fit(bytes([[0]]), labelsOf(0))).toThrow('only 1 example; choose k ≤ 1');
  });

  it('checks the options when fitting', () => {
    expect(() => new KNearestNeighbors({ k: 0 }).fit(X, y)).toThrow('k: must be a whole number ≥ 1, got 0');
    expect(() => new KNearestNeighbors({ k: 1.5 }).fit(X, y)).toThrow('k: must be a whole number ≥ 1, got 1.5');
    expect(() => new KNearestNeighbors({ k: 1, metric: 'l3' as 'l2' }).fit(X, y)).toThrow(
      "metric: unknown metric 'l3'; expected one of l2, l1, cosine",
    );
    expect(() => new KNearestNeighbors({ k: 1, weights: 'inverse' as 'uniform' }).fit(X, y)).toThrow(
      "weights: unknown weighting 'inverse'; expected one of uniform, distance",
    );
    expect(() => new KNearestNeighbors({ k: 1, memoryBudgetBytes: -1 }).fit(X, y)).toThrow('memoryBudgetBytes: must be a whole number ≥ 1');
    const tiny = new KNearestNeighbors({ k: 1, memoryBudgetBytes: 40 }).fit(X, y);
    expect(() => tiny.kneighbors(X)).toThrow('memoryBudgetBytes: is 40 bytes, too small for one query row with k=1; it needs at least 56 bytes');
  });

  it('checks the data', () => {
    const knn = new KNearestNeighbors({ k: 1 });
    expect(() => knn.fit(X, labelsOf(0, 1))).toThrow(ShapeError);
    expect(() => knn.fit(X, labelsOf(0, 1))).toThrow('labels: has length 2, but X has 3 rows');
    expect(() => knn.fit({ data: new Uint8Array(0), rows: 0, cols: 1 }, labelsOf())).toThrow('X: is an empty batch');
    expect(() => knn.fit(X, labelsOf(0, -1, 0))).toThrow('labels: label -1 at index 1 is not a whole number ≥ 0');
    expect(() => knn.fit(X, labelsOf(0, 1, 2), { classNames: ['a', 'b'] })).toThrow('labels: label 2 at index 2 is outside 0..1');
    expect(() => knn.fit(fromRows([[0], [Number.NaN]]), labelsOf(0, 1))).toThrow('X: element 1 is NaN');
    const fitted = knn.fit(X, y);
    expect(() => fitted.kneighbors(bytes([[0, 1]]))).toThrow('X: has shape [1, 2], but the model was fitted on 1 features per row');
    expect(() => fitted.kneighbors(fromRows([[0]]))).toThrow(
      'X: holds floats but the model was fitted on bytes (Uint8Array); give both sides the same kind',
    );
    expect(() => fitted.predict(fromRows([[Number.POSITIVE_INFINITY]]) as Points)).toThrow('X: element 0 is Infinity');
  });

  it('says when it is not fitted', () => {
    const knn = new KNearestNeighbors({ k: 1 });
    expect(() => knn.predict(X)).toThrow(NotFittedError);
    expect(() => knn.predict(X)).toThrow('KNearestNeighbors is not fitted yet: call fit() or load a saved model first');
    knn.fit(X, y);
    knn.release();
    expect(knn.isFitted).toBe(false);
    expect(() => knn.kneighbors(X)).toThrow(NotFittedError);
  });

  it('answers an empty query with empty results, and refuses to score one', () => {
    const knn = new KNearestNeighbors({ k: 2 }).fit(X, y);
    const empty: ByteMatrix = { data: new Uint8Array(0), rows: 0, cols: 1 };
    expect(knn.kneighbors(empty)).toMatchObject({ rows: 0, k: 2 });
    expect(knn.predict(empty)).toEqual(new Int32Array(0));
    expect(() => knn.score(empty, labelsOf())).toThrow('X: is an empty batch');
  });

  it('works with a single class', () => {
    const knn = new KNearestNeighbors({ k: 2, weights: 'distance' }).fit(bytes([[0], [9]]), labelsOf(0, 0));
    expect(Array.from(knn.predict(bytes([[3], [200]])))).toEqual([0, 0]);
  });

  it('copies the training set by default and borrows it with copy: false', () => {
    const Xc = bytes([[0], [10]]);
    const copied = new KNearestNeighbors({ k: 1 }).fit(Xc, labelsOf(0, 1));
    const borrowed = new KNearestNeighbors({ k: 1 }).fit(Xc, labelsOf(0, 1), { copy: false });
    Xc.data[0] = 20;
    expect(Array.from(copied.predict(bytes([[1]])))).toEqual([0]);
    expect(Array.from(borrowed.predict(bytes([[1]])))).toEqual([1]);
    expect(borrowed.fitted.X).toBe(Xc);
  });

  it('reports progress per chunk', () => {
    // L1: its distances go through budget-sized chunks (L2 on bytes has a fused kernel and chunks of 1 024).
    const knn = new KNearestNeighbors({ k: 1, metric: 'l1', memoryBudgetBytes: 2 * (3 * 4 + 52) }).fit(X, y);
    const seen: [number, number][] = [];
    knn.predict(bytes([[0], [1], [2], [3], [4]]), { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('names the kernels that ran', () => {
    expect(new KNearestNeighbors({ k: 1 }).kernelInfo.name).toBe('ref');
  });
});
