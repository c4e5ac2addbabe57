/**
 * Every number of LECTURE.md §5–§10, reproduced by the library's own computation. Expected values are the
 * slides' (rounded as printed, so compared at the printed precision) or exact hand calculations.
 */
import { describe, expect, it } from 'vitest';
import { explainBatch, explainExample, explainScores } from '../src/explain/index.js';
import { refKernels } from '../src/kernels/ref/index.js';
import {
  hingeWestonWatkins,
  softmaxCrossEntropy,
  softmaxProbabilities,
  squaredHinge,
} from '../src/losses/index.js';
import { l1, l2, elasticNet } from '../src/regularizers/index.js';
import { fromRows, zeros } from '../src/tensor/matrix.js';
import { Rng } from '../src/tensor/rng.js';

// §4: the running example, one row per image (the slide prints one column per image).
const CAT = [3.2, 5.1, -1.7];
const CAR = [1.3, 4.9, 2.0];
const FROG = [2.2, 2.5, -3.1];
const SCORES = fromRows([CAT, CAR, FROG], 'float64');
const LABELS = [0, 1, 2];

describe('§5 multiclass SVM loss on the cat/car/frog example', () => {
  const r = hingeWestonWatkins(SCORES, LABELS);

  it('gives 2.9, 0 and 12.9 per image and 5.27 overall', () => {
    expect(r.perExample[0]).toBeCloseTo(2.9, 12);
    expect(r.perExample[1]).toBe(0);
    expect(r.perExample[2]).toBeCloseTo(12.9, 12);
    expect(r.loss).toBeCloseTo(5.2667, 4);
    expect(r.loss).toBeCloseTo((2.9 + 0 + 12.9) / 3, 12);
  });

  it('shows each term as the slide does', () => {
    const cat = explainExample(CAT, 0, { loss: 'ww' });
    expect(cat.terms.map((t) => t.value)).toEqual([expect.closeTo(2.9, 12), 0]);
    expect(cat.terms[0]!.expression).toBe('max(0, 5.1 − 3.2 + 1) = 2.9');
    expect(cat.terms[1]!.expression).toBe('max(0, −1.7 − 3.2 + 1) = 0');
    const frog = explainExample(FROG, 2, { loss: 'ww' });
    expect(frog.terms.map((t) => t.value)).toEqual([expect.closeTo(6.3, 12), expect.closeTo(6.6, 12)]);
  });

  it('Q: summing over all classes, j = y included, adds exactly Δ to every Lᵢ', () => {
    for (const margin of [1, 0.5, 3]) {
      const per = hingeWestonWatkins(SCORES, LABELS, { margin }).perExample;
      [CAT, CAR, FROG].forEach((s, i) => {
        // An oracle outside the code under test: the sum over every j, written out.
        const all = s.reduce((acc, sj) => acc + Math.max(0, sj - s[LABELS[i]!]! + margin), 0);
        expect(all).toBeCloseTo(per[i]! + margin, 12);
      });
    }
  });

  it('Q: a sum instead of a mean scales L by N and keeps the minimiser', () => {
    const sum = r.perExample.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(3 * r.loss, 12);
  });

  it('Q: the squared hinge gives 8.41, 0 and 83.25', () => {
    const sq = squaredHinge(SCORES, LABELS);
    expect(sq.perExample[0]).toBeCloseTo(8.41, 12);
    expect(sq.perExample[1]).toBe(0);
    expect(sq.perExample[2]).toBeCloseTo(6.3 ** 2 + 6.6 ** 2, 12);
    expect(sq.perExample[2]).toBeCloseTo(83.25, 12);
  });

  it('Q: the loss is 0 at best and grows without bound', () => {
    expect(r.perExample[1]).toBe(0);
    const worse = [1e3, 1e6, 1e9].map((big) => hingeWestonWatkins(fromRows([[3.2, big, -1.7]], 'float64'), [0]).loss);
    expect(worse[0]!).toBeLessThan(worse[1]!);
    expect(worse[1]!).toBeLessThan(worse[2]!);
  });

  for (const C of [3, 10]) {
    it(`Q: with small random W all scores ≈ 0, so Lᵢ ≈ C − 1 = ${C - 1} (hinge) and ln C = ${Math.log(C).toFixed(4)} (softmax)`, () => {
      const rng = new Rng(2026);
      const N = 50;
      const D = 3072; // a CIFAR-10-sized input
      const X = zeros(N, D, 'float64');
      rng.fillUniform(X.data, 0, 1);
      const W = zeros(C, D, 'float64');
      rng.fillNormal(W.data, 1e-5);
      const S = zeros(N, C, 'float64');
      refKernels.linearScores(X, W, null, S);
      const y = Array.from({ length: N }, (_, i) => i % C);
      expect(hingeWestonWatkins(S, y).loss).toBeCloseTo(C - 1, 2);
      expect(softmaxCrossEntropy(S, y).loss).toBeCloseTo(Math.log(C), 2);
    });
  }
});

describe('§6 W is not unique', () => {
  it('2W gives the car image scores 2.6, 9.8, 4.0 and still zero loss', () => {
    // The car column as W·x with x = [1]: doubling W doubles the scores.
    const W = CAR.map((s) => [s]);
    const once = explainScores(W, [1]);
    const twice = explainScores(W.map((r) => r.map((v) => 2 * v)), [1]);
    expect(once.scores).toEqual(CAR);
    expect(twice.scores.map((v) => Number(v.toFixed(10)))).toEqual([2.6, 9.8, 4.0]);
    const e = explainExample(twice.scores, 1, { loss: 'ww' });
    expect(e.terms.map((t) => t.raw)).toEqual([expect.closeTo(-6.2, 12), expect.closeTo(-4.8, 12)]);
    expect(e.loss).toBe(0);
    expect(explainExample(once.scores, 1, { loss: 'ww' }).loss).toBe(0);
  });
});

describe('§7 regularization', () => {
  const W = fromRows([
    [0.5, -1],
    [2, 0],
  ], 'float64');
  it('L2 = λΣW², L1 = λΣ|W|, elastic net = λΣ(βW² + |W|)', () => {
    expect(l2(0.1).penalty(W.data)).toBeCloseTo(0.1 * (0.25 + 1 + 4), 14);
    expect(l1(0.1).penalty(W.data)).toBeCloseTo(0.1 * 3.5, 14);
    expect(elasticNet(0.1, 0.5).penalty(W.data)).toBeCloseTo(0.1 * (0.5 * 5.25 + 3.5), 14);
  });
});

describe('§8 softmax on the cat image', () => {
  const e = explainExample(CAT, 0, { loss: 'softmax' });
  it('exponentiates to 24.5, 164.0, 0.18', () => {
    expect(e.softmax!.exps[0]).toBeCloseTo(24.5, 1);
    expect(e.softmax!.exps[1]).toBeCloseTo(164.0, 0);
    expect(e.softmax!.exps[2]).toBeCloseTo(0.18, 2);
  });
  it('normalises to 0.13, 0.87, 0.00097', () => {
    expect(e.softmax!.probabilities[0]).toBeCloseTo(0.13, 2);
    expect(e.softmax!.probabilities[1]).toBeCloseTo(0.87, 2);
    expect(e.softmax!.probabilities[2]).toBeCloseTo(0.00097, 5);
    expect(e.softmax!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
  it('gives Lᵢ = −ln 0.13 = 2.0404, not the deck\'s 0.89 (which is log10)', () => {
    expect(e.loss).toBeCloseTo(2.0404, 4);
    expect(e.loss).toBeCloseTo(-Math.log(e.softmax!.pCorrect), 14);
    const log10Slip = -Math.log10(e.softmax!.pCorrect);
    expect(log10Slip).toBeCloseTo(0.89, 2);
    expect(Math.abs(e.loss - 0.89)).toBeGreaterThan(1);
  });
  it('Q: with W ≈ 0 the softmax loss is ln C (ln 3 = 1.0986)', () => {
    expect(softmaxCrossEntropy(fromRows([[0, 0, 0]], 'float64'), [0]).loss).toBeCloseTo(1.0986, 4);
    expect(softmaxCrossEntropy(fromRows([new Array<number>(10).fill(0)], 'float64'), [3]).loss).toBeCloseTo(2.3026, 4);
  });
});

describe('§9 both losses on one example (W, x, b)', () => {
  const W = [
    [0.01, -0.05, 0.1, 0.05],
    [0.7, 0.2, 0.05, 0.16],
    [0.0, -0.45, -0.2, 0.03],
  ];
  const x = [-15, 22, -44, 56];
  const b = [0.0, 0.2, -0.3];
  const { scores } = explainScores(W, x, b);

  it('computes the scores Wx + b = [−2.85, 0.86, 0.28]', () => {
    expect(scores[0]).toBeCloseTo(-2.85, 12);
    expect(scores[1]).toBeCloseTo(0.86, 12);
    expect(scores[2]).toBeCloseTo(0.28, 12);
  });
  it('hinge: 0 + 1.58 = 1.58', () => {
    const e = explainExample(scores, 2, { loss: 'ww' });
    expect(e.terms.map((t) => t.value)).toEqual([0, expect.closeTo(1.58, 12)]);
    expect(e.loss).toBeCloseTo(1.58, 12);
  });
  it('softmax: exp 0.058, 2.36, 1.32 → p 0.0154, 0.6312, 0.3534 → CE 1.0402', () => {
    const e = explainExample(scores, 2, { loss: 'softmax' });
    expect(e.softmax!.exps.map((v) => Number(v.toFixed(3)))).toEqual([0.058, 2.363, 1.323]);
    expect(e.softmax!.probabilities[0]).toBeCloseTo(0.0154, 4);
    expect(e.softmax!.probabilities[1]).toBeCloseTo(0.6312, 4);
    expect(e.softmax!.probabilities[2]).toBeCloseTo(0.3534, 4);
    expect(e.loss).toBeCloseTo(1.0402, 4);
  });
});

describe('§10 jiggling a confident example', () => {
  const rows: [number[], number, number][] = [
    [[10, -2, 3], 0, 0.00092],
    [[10, 9, 9], 0, 0.551],
  ];
  for (const [s, svm, softmax] of rows) {
    it(`[${s.join(', ')}]: SVM ${svm}, softmax ${softmax}`, () => {
      const S = fromRows([s], 'float64');
      expect(hingeWestonWatkins(S, [0]).loss).toBe(svm);
      const ce = softmaxCrossEntropy(S, [0]).loss;
      expect(Math.abs(ce - softmax) / softmax).toBeLessThan(0.01);
    });
  }
  it('[10, −100, −100]: SVM 0, softmax ≈ 2e^−110 ≈ 3.4·10⁻⁴⁸ (not rounded to 0)', () => {
    const S = fromRows([[10, -100, -100]], 'float64');
    expect(hingeWestonWatkins(S, [0]).loss).toBe(0);
    const ce = softmaxCrossEntropy(S, [0]).loss;
    expect(ce).toBeGreaterThan(0);
    expect(ce / (2 * Math.exp(-110))).toBeCloseTo(1, 10);
    expect(ce).toBeCloseTo(3.4e-48, 49);
  });
  it('the SVM ignores a small jiggle once margins hold; softmax always responds', () => {
    const base = fromRows([[10, -2, 3]], 'float64');
    const jiggled = fromRows([[10, -2, 3.5]], 'float64');
    expect(hingeWestonWatkins(jiggled, [0]).loss).toBe(hingeWestonWatkins(base, [0]).loss);
    expect(softmaxCrossEntropy(jiggled, [0]).loss).toBeGreaterThan(softmaxCrossEntropy(base, [0]).loss);
  });
});

describe('the batch view', () => {
  it('explainBatch reproduces the mean 5.27 from the library loss', () => {
    const b = explainBatch([CAT, CAR, FROG], LABELS, { loss: 'ww', classNames: ['cat', 'car', 'frog'] });
    expect(b.mean).toBeCloseTo(5.2667, 4);
    expect(b.examples.map((e) => e.loss)).toEqual([expect.closeTo(2.9, 12), 0, expect.closeTo(12.9, 12)]);
  });
  it('softmaxProbabilities rows sum to 1', () => {
    const P = softmaxProbabilities(SCORES);
    for (let i = 0; i < 3; i++) expect(P.data[i * 3]! + P.data[i * 3 + 1]! + P.data[i * 3 + 2]!).toBeCloseTo(1, 14);
  });
});
