/** Known-value tests for the reference kernels (hand calculations); the parity suite holds fast kernels to these. */
import { describe, expect, it } from 'vitest';
import { fromRows, view, zeros } from '../../tensor/matrix.js';
import { refKernels as k } from './index.js';

const X = fromRows([
  [1, 2],
  [3, 4],
  [-1, 0],
]);
const W = fromRows([
  [1, 0],
  [0.5, -1],
]);

describe('reference kernels', () => {
  it('linearScores: S = X·Wᵀ + b', () => {
    const S = zeros(3, 2);
    k.linearScores(X, W, Float32Array.from([10, 20]), S);
    expect(Array.from(S.data)).toEqual([11, 18.5, 13, 17.5, 9, 19.5]);
    k.linearScores(X, W, null, S);
    expect(Array.from(S.data)).toEqual([1, -1.5, 3, -2.5, -1, -0.5]);
  });

  it('weightGrad: dW = dSᵀ·X, and biasGrad: db = Σ dS', () => {
    const dS = fromRows([
      [1, 0],
      [0, 2],
      [1, 1],
    ]);
    const dW = zeros(2, 2);
    k.weightGrad(dS, X, dW);
    // Row 0: 1·[1,2] + 0·[3,4] + 1·[−1,0] = [0, 2]; row 1: 2·[3,4] + 1·[−1,0] = [5, 8].
    expect(Array.from(dW.data)).toEqual([0, 2, 5, 8]);
    const db = new Float32Array(2);
    k.biasGrad(dS, db);
    expect(Array.from(db)).toEqual([2, 3]);
  });

  it('rowMax and rowLogSumExp (stable for huge values)', () => {
    const S = fromRows([[1, 3, 2], [1000, 1000, -1000]], 'float64');
    const m = new Float64Array(2);
    k.rowMax(S, m);
    expect(Array.from(m)).toEqual([3, 1000]);
    const l = new Float64Array(2);
    k.rowLogSumExp(S, l);
    expect(l[0]).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(3) + Math.exp(2)), 14);
    expect(l[1]).toBeCloseTo(1000 + Math.LN2, 12);
  });

  it('matmulABt and the distances', () => {
    const A = fromRows([[0, 0], [1, 1]]);
    const B = fromRows([[3, 4], [1, 0], [0, 0]]);
    const P = zeros(2, 3);
    k.matmulABt(A, B, P);
    expect(Array.from(P.data)).toEqual([0, 0, 0, 7, 1, 0]);
    const D = zeros(2, 3);
    k.sqL2Distances(A, B, D);
    expect(Array.from(D.data)).toEqual([25, 1, 0, 13, 1, 2]);
    k.l1Distances(A, B, D);
    expect(Array.from(D.data)).toEqual([7, 1, 0, 5, 1, 2]);
  });

  it('byte distances are exact integers, even at the extremes', () => {
    const A = view(new Uint8Array(784).fill(255), 1, 784);
    const B = view(new Uint8Array(784 * 2), 2, 784);
    B.data.fill(1, 784);
    const D = view(new Int32Array(2), 1, 2);
    k.sqL2DistancesU8(A, B, D);
    expect(Array.from(D.data)).toEqual([784 * 255 * 255, 784 * 254 * 254]);
    k.l1DistancesU8(A, B, D);
    expect(Array.from(D.data)).toEqual([784 * 255, 784 * 254]);
  });

  it('topK: ascending, ties to the lower index, k = N works', () => {
    const D = fromRows([[5, 1, 3, 1, 0], [2, 2, 2, 2, 2]], 'float64');
    const idx = new Int32Array(6);
    const val = new Float64Array(6);
    k.topK(D, 3, idx, val);
    expect(Array.from(idx)).toEqual([4, 1, 3, 0, 1, 2]);
    expect(Array.from(val)).toEqual([0, 1, 1, 2, 2, 2]);
    const all = new Int32Array(5);
    k.topK(view(D.data.subarray(0, 5), 1, 5), 5, all, new Float64Array(5));
    expect(Array.from(all)).toEqual([4, 1, 3, 2, 0]);
  });

  it('says who it is', () => {
    expect(k.info.name).toBe('ref');
    expect(k.info.threads).toBe(1);
  });
});
