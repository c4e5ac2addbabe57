/**
 * Table tests for each loss: (scores, y, loss, dScores) rows, including the margin boundary (the kink, where
 * we take the zero subgradient) and extreme values. dScores here is for N = 1, so it is the per-example
 * gradient.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { fromRows, zeros, type Matrix } from '../tensor/matrix.js';
import {
  hingeCrammerSinger,
  hingeOneVsAll,
  hingeWestonWatkins,
  lossInto,
  softmaxCrossEntropy,
  softmaxCrossEntropySoft,
  squaredHinge,
  validateLossSpec,
  type LossResult,
} from './index.js';

type Row = { scores: number[]; y: number; loss: number; dScores: number[]; margin?: number; note: string };

function check(fn: (S: Matrix, y: number[], o: { margin: number }) => LossResult, rows: Row[]): void {
  for (const r of rows) {
    it(`${r.note}: [${r.scores.join(', ')}], y = ${r.y} → ${r.loss}`, () => {
      const out = fn(fromRows([r.scores], 'float64'), [r.y], { margin: r.margin ?? 1 });
      expect(out.loss).toBeCloseTo(r.loss, 12);
      expect(Array.from(out.dScores.data)).toEqual(r.dScores.map((g) => expect.closeTo(g, 12)));
    });
  }
}

describe('Weston–Watkins hinge', () => {
  check(hingeWestonWatkins, [
    { scores: [1, 2, 0], y: 0, loss: 2, dScores: [-1, 1, 0], note: 'one active term, one exactly at the kink (inactive)' },
    { scores: [5, 1, 2], y: 0, loss: 0, dScores: [0, 0, 0], note: 'all margins satisfied' },
    { scores: [0, 0, 0], y: 2, loss: 2, dScores: [1, 1, -2], note: 'W ≈ 0 gives C − 1' },
    { scores: [1, 2, 0], y: 0, loss: 4, dScores: [-2, 1, 1], margin: 2, note: 'margin Δ = 2 makes the kink term active' },
    { scores: [1e4, -1e4, 0], y: 1, loss: 2e4 + 1 + 1e4 + 1, dScores: [1, -2, 1], note: 'scores of ±1e4 stay exact' },
  ]);
  it('averages over examples and divides the gradient by N', () => {
    const r = hingeWestonWatkins(fromRows([[1, 2, 0], [5, 1, 2]], 'float64'), [0, 0]);
    expect(r.loss).toBe(1);
    expect(Array.from(r.perExample)).toEqual([2, 0]);
    expect(Array.from(r.dScores.data)).toEqual([-0.5, 0.5, 0, 0, 0, 0]);
  });
});

describe('one-vs-all hinge', () => {
  check(hingeOneVsAll, [
    { scores: [1, 2, 0], y: 0, loss: 4, dScores: [0, 1, 1], note: 'true class exactly at its kink; two active negatives' },
    { scores: [3.2, 5.1, -1.7], y: 0, loss: 6.1, dScores: [0, 1, 0], note: 'the cat image' },
    { scores: [0.5, -2, -1], y: 0, loss: 0.5, dScores: [-1, 0, 0], note: 'only the true class violates' },
  ]);
});

describe('Crammer–Singer hinge', () => {
  check(hingeCrammerSinger, [
    { scores: [3.2, 5.1, -1.7], y: 0, loss: 2.9, dScores: [-1, 1, 0], note: 'the cat image (only the worst wrong class)' },
    { scores: [1, 2, 2], y: 0, loss: 2, dScores: [-1, 1, 0], note: 'a tie for the worst wrong class goes to the lower index' },
    { scores: [2, 1, 0], y: 0, loss: 0, dScores: [0, 0, 0], note: 'margin exactly met: the kink, inactive' },
    { scores: [2.2, 2.5, -3.1], y: 2, loss: 6.6, dScores: [0, 1, -1], note: 'the frog image' },
  ]);
});

describe('squared hinge', () => {
  check(squaredHinge, [
    { scores: [1, 2, 0], y: 0, loss: 4, dScores: [-4, 4, 0], note: 'one active term (m = 2), one at the kink' },
    { scores: [3.2, 5.1, -1.7], y: 0, loss: 8.41, dScores: [-5.8, 5.8, 0], note: 'the cat image' },
  ]);
});

describe('softmax cross-entropy', () => {
  it('is ln 2 for equal scores, with gradient p − onehot', () => {
    const r = softmaxCrossEntropy(fromRows([[0, 0]], 'float64'), [0]);
    expect(r.loss).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(r.dScores.data)).toEqual([-0.5, 0.5]);
  });
  it('label smoothing ε targets (1 − ε)·onehot + ε/C', () => {
    const r = softmaxCrossEntropy(fromRows([[0, 0]], 'float64'), [0], { smoothing: 0.2 });
    expect(r.loss).toBeCloseTo(Math.LN2, 15);
    expect(Array.from(r.dScores.data)).toEqual([expect.closeTo(-0.4, 15), expect.closeTo(0.4, 15)]);
    // With unequal scores: −Σ q ln p, q = [0.9, 0.1].
    const s = [2, -1];
    const lse = Math.log(Math.exp(2) + Math.exp(-1));
    const expected = -(0.9 * (2 - lse) + 0.1 * (-1 - lse));
    expect(softmaxCrossEntropy(fromRows([s], 'float64'), [0], { smoothing: 0.2 }).loss).toBeCloseTo(expected, 14);
  });
  it('soft targets: the loss is the entropy when p = q, and the gradient vanishes', () => {
    const r = softmaxCrossEntropySoft(fromRows([[0, Math.log(3)]], 'float64'), fromRows([[0.25, 0.75]], 'float64'));
    expect(r.loss).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 14);
    for (const g of r.dScores.data) expect(Math.abs(g)).toBeLessThan(1e-15);
  });
  it('soft one-hot targets equal hard labels', () => {
    const S = fromRows([[1.5, -0.3, 2.2], [0.1, 0.2, -4]], 'float64');
    const hard = softmaxCrossEntropy(S, [2, 0]);
    const soft = softmaxCrossEntropySoft(S, fromRows([[0, 0, 1], [1, 0, 0]], 'float64'));
    expect(soft.loss).toBeCloseTo(hard.loss, 14);
    Array.from(soft.dScores.data).forEach((g, i) => expect(g).toBeCloseTo(hard.dScores.data[i]!, 15));
  });
  it('stays finite and exact for scores of ±1e4 (overflow and underflow)', () => {
    const r = softmaxCrossEntropy(fromRows([[1e4, -1e4], [-1e4, 1e4], [1e4, 1e4]], 'float64'), [1, 1, 0]);
    expect(Array.from(r.perExample)).toEqual([2e4, 0, Math.LN2]);
    expect(Array.from(r.dScores.data).map((g) => g * 3)).toEqual([1, -1, 0, 0, -0.5, 0.5].map((v) => expect.closeTo(v, 15)));
    expect(Number.isFinite(r.loss)).toBe(true);
  });
  it('works in float32 too', () => {
    const r = softmaxCrossEntropy(fromRows([[3.2, 5.1, -1.7]]), [0]);
    expect(r.dScores.data).toBeInstanceOf(Float32Array);
    expect(r.loss).toBeCloseTo(2.0404, 4);
  });
});

describe('bad input', () => {
  const S = fromRows([[1, 2, 3]], 'float64');
  it('NaN or ±Infinity in the scores', () => {
    expect(() => hingeWestonWatkins(fromRows([[1, NaN, 3]], 'float64'), [0])).toThrow(NonFiniteError);
    expect(() => softmaxCrossEntropy(fromRows([[1, Infinity, 3]], 'float64'), [0])).toThrow('scores: element 1 is Infinity');
  });
  it('a label outside 0..C−1', () => {
    expect(() => hingeOneVsAll(S, [3])).toThrow('labels: label 3 at index 0 is outside 0..2');
    expect(() => hingeOneVsAll(S, [-1])).toThrow(ArgumentError);
  });
  it('mismatched shapes', () => {
    expect(() => hingeCrammerSinger(S, [0, 1])).toThrow(new ShapeError('labels', 'has length 2, but scores has 1 rows'));
    expect(() => softmaxCrossEntropySoft(S, fromRows([[1, 0]], 'float64'))).toThrow(/targets: has shape \[1, 2\]/);
    expect(() => hingeWestonWatkins(fromRows([[1]], 'float64'), [0])).toThrow(/at least 2/);
  });
  it('an empty batch', () => {
    expect(() => squaredHinge(zeros(0, 3, 'float64'), [])).toThrow('scores: is an empty batch (0 rows)');
  });
  it('a margin ≤ 0', () => {
    expect(() => hingeWestonWatkins(S, [0], { margin: 0 })).toThrow('margin: must be a finite number > 0, got 0');
    expect(() => hingeWestonWatkins(S, [0], { margin: -1 })).toThrow(ArgumentError);
    expect(() => hingeWestonWatkins(S, [0], { margin: NaN })).toThrow(/margin/);
  });
  it('bad soft targets and smoothing', () => {
    expect(() => softmaxCrossEntropySoft(S, fromRows([[0.5, 0.5, 0.5]], 'float64'))).toThrow('targets: row 0 sums to 1.5, not 1');
    expect(() => softmaxCrossEntropySoft(S, fromRows([[1.5, -0.5, 0]], 'float64'))).toThrow(/negative probability/);
    expect(() => softmaxCrossEntropy(S, [0], { smoothing: 1 })).toThrow('smoothing: must be in [0, 1), got 1');
  });
  it('a bad loss spec', () => {
    expect(() => validateLossSpec({ name: 'svm' as 'ww' })).toThrow(/unknown loss 'svm'/);
    expect(() => validateLossSpec({ name: 'ww', smoothing: 0.1 })).toThrow(/softmax loss only/);
  });
});

describe('lossInto, the kernel form', () => {
  it('returns Σ Lᵢ and agrees with every public loss', () => {
    const S = fromRows([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]], 'float64');
    const y = Int32Array.from([0, 1, 2]);
    const pairs = [
      ['ww', hingeWestonWatkins(S, y)],
      ['ova', hingeOneVsAll(S, y)],
      ['cs', hingeCrammerSinger(S, y)],
      ['squared', squaredHinge(S, y)],
      ['softmax', softmaxCrossEntropy(S, y)],
    ] as const;
    for (const [name, r] of pairs) {
      const dS = zeros(3, 3, 'float64');
      const per = new Float64Array(3);
      const sum = lossInto({ name }, S, y, dS, per);
      expect(sum / 3).toBeCloseTo(r.loss, 14);
      expect(Array.from(dS.data)).toEqual(Array.from(r.dScores.data));
      expect(Array.from(per)).toEqual(Array.from(r.perExample));
    }
  });
  it('overwrites dS instead of accumulating into it', () => {
    const S = fromRows([[1, 2, 0]], 'float64');
    const dS = fromRows([[9, 9, 9]], 'float64');
    for (const name of ['ww', 'ova', 'cs', 'squared', 'softmax'] as const) {
      dS.data.fill(9);
      lossInto({ name }, S, Int32Array.from([0]), dS, null);
      const fresh = zeros(1, 3, 'float64');
      lossInto({ name }, S, Int32Array.from([0]), fresh, null);
      expect(Array.from(dS.data)).toEqual(Array.from(fresh.data));
    }
  });
});
