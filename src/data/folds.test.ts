import { describe, expect, it } from 'vitest';
import { arraySplitSizes, kFold, stratifiedKFold } from './folds.js';

const list = (a: Int32Array): number[] => Array.from(a);

describe('arraySplitSizes', () => {
  it('gives the first N mod F folds one extra, as np.array_split', () => {
    // np.array_split(range(10), 3) → sizes 4, 3, 3; range(5000), 5 → 1000 each; range(7), 7 → ones.
    expect(arraySplitSizes(10, 3)).toEqual([4, 3, 3]);
    expect(arraySplitSizes(11, 4)).toEqual([3, 3, 3, 2]);
    expect(arraySplitSizes(5000, 5)).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(arraySplitSizes(7, 7)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('kFold', () => {
  it('makes consecutive folds with the rest as training, both ascending', () => {
    const folds = kFold(10, 3);
    expect(folds.map((f) => list(f.validation))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(list(folds[1]!.train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });

  it('shuffles reproducibly with a seed, keeping the fold sizes and covering every index once', () => {
    const a = kFold(23, 4, { shuffle: true, seed: 5 });
    const b = kFold(23, 4, { shuffle: true, seed: 5 });
    const c = kFold(23, 4, { shuffle: true, seed: 6 });
    expect(a.map((f) => list(f.validation))).toEqual(b.map((f) => list(f.validation)));
    expect(a.map((f) => list(f.validation))).not.toEqual(c.map((f) => list(f.validation)));
    expect(a.map((f) => f.validation.length)).toEqual([6, 6, 6, 5]);
    expect(a.flatMap((f) => list(f.validation)).sort((x, y) => x - y)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    for (const f of a) expect(f.train.length + f.validation.length).toBe(23);
  });

  it('refuses fewer than 2 folds or more folds than examples', () => {
    expect(() => kFold(10, 1)).toThrow('folds: must be a whole number ≥ 2, got 1');
    expect(() => kFold(3, 4)).toThrow('folds: is 4 but there are only 3 examples; use at most 3 folds');
  });
});

describe('stratifiedKFold', () => {
  it("matches scikit-learn's StratifiedKFold(n_splits=3) on a hand-checked example", () => {
    // y = [1, 1, 1, 1, 0, 0, 0, 1, 0]: classes by first appearance 1 → 0, 0 → 1; sorted codes
    // [0,0,0,0,0,1,1,1,1] dealt to folds 0,1,2,0,1,2,0,1,2 → fold 0 gets 2 of class "1" and 1 of "0",
    // fold 1 gets 2 + 1, fold 2 gets 1 + 2. Class "1" (indices 0,1,2,3,7) → folds 0,0,1,1,2;
    // class "0" (indices 4,5,6,8) → folds 0,1,2,2.
    const folds = stratifiedKFold([1, 1, 1, 1, 0, 0, 0, 1, 0], 3);
    expect(folds.map((f) => list(f.validation))).toEqual([
      [0, 1, 4],
      [2, 3, 5],
      [6, 7, 8],
    ]);
  });

  it('assigns the same folds as scikit-learn 1.2 on 31 labels of 4 classes', () => {
    // Fixture from: StratifiedKFold(4).split(np.zeros(31), y), fold number per example.
    const y = [3, 1, 1, 0, 2, 3, 3, 1, 0, 0, 2, 1, 3, 3, 0, 1, 2, 2, 1, 3, 0, 1, 1, 3, 2, 0, 1, 3, 1, 2, 2];
    const sklearn = [0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 0, 1, 1, 2, 2, 1, 1, 1, 1, 2, 3, 2, 2, 3, 2, 3, 3, 3, 3, 2, 3];
    const assigned = new Array<number>(y.length);
    stratifiedKFold(y, 4).forEach((f, fold) => f.validation.forEach((i) => (assigned[i] = fold)));
    expect(assigned).toEqual(sklearn);
  });

  it('keeps class proportions in every fold', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    for (const f of stratifiedKFold(y, 5)) {
      const ones = list(f.validation).filter((i) => y[i] === 1).length;
      expect([f.validation.length, ones]).toEqual([20, 4]);
    }
  });

  it('shuffles within classes reproducibly, keeping the per-class counts', () => {
    const y = Array.from({ length: 60 }, (_, i) => i % 3);
    const a = stratifiedKFold(y, 4, { shuffle: true, seed: 1 });
    const b = stratifiedKFold(y, 4, { shuffle: true, seed: 1 });
    const plain = stratifiedKFold(y, 4);
    expect(a.map((f) => list(f.validation))).toEqual(b.map((f) => list(f.validation)));
    expect(a.map((f) => list(f.validation))).not.toEqual(plain.map((f) => list(f.validation)));
    const perClass = (folds: typeof a): number[][] => folds.map((f) => [0, 1, 2].map((c) => list(f.validation).filter((i) => y[i] === c).length));
    expect(perClass(a)).toEqual(perClass(plain));
  });

  it('handles one class like plain consecutive folds', () => {
    expect(stratifiedKFold([4, 4, 4, 4, 4], 2).map((f) => list(f.validation))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });
});
