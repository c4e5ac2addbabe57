import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { createDataset } from './dataset.js';
import { foldSizes, kFold, splitDataset, stratifiedAllocation, stratifiedKFold, trainValidationSplit, type Split } from './split.js';

const list = (a: Int32Array) => Array.from(a);

/** Both sides together are exactly 0..N−1, each ascending, no overlap. */
function expectPartition(s: Split, N: number): void {
  const all = [...list(s.train), ...list(s.validation)].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: N }, (_, i) => i));
  for (const side of [s.train, s.validation]) for (let i = 1; i < side.length; i++) expect(side[i]!).toBeGreaterThan(side[i - 1]!);
}

function countsOf(labels: ArrayLike<number>, idx: Int32Array, C: number): number[] {
  const c = new Array<number>(C).fill(0);
  for (const i of idx) c[labels[i]!]!++;
  return c;
}

// 10 examples: classes 0 ×6, 1 ×3, 2 ×1, interleaved
const labels10 = new Int32Array([0, 1, 0, 0, 1, 2, 0, 0, 1, 0]);

describe('trainValidationSplit', () => {
  it("'last' holds out the last size examples (CS231n), 'first' the first", () => {
    const last = trainValidationSplit(labels10, { size: 3 });
    expect(list(last.train)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(list(last.validation)).toEqual([7, 8, 9]);
    const first = trainValidationSplit(labels10, { size: 3, method: 'first' });
    expect(list(first.validation)).toEqual([0, 1, 2]);
    expect(list(first.train)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(list(trainValidationSplit(labels10, { size: 0 }).validation)).toEqual([]);
    expect(list(trainValidationSplit(labels10, { size: 10 }).train)).toEqual([]);
  });

  it("'random' is a seeded partition", () => {
    const a = trainValidationSplit(labels10, { size: 4, method: 'random', seed: 1 });
    expectPartition(a, 10);
    expect(a.validation.length).toBe(4);
    expect(trainValidationSplit(labels10, { size: 4, method: 'random', seed: 1 })).toEqual(a);
    const others = [2, 3, 4, 5].map((seed) => list(trainValidationSplit(labels10, { size: 4, method: 'random', seed }).validation).join());
    expect(new Set([list(a.validation).join(), ...others]).size).toBeGreaterThan(1);
  });

  it("'stratified' keeps each class's share (largest remainder, ties to the lower class)", () => {
    // quotas 6·5/10 = 3, 3·5/10 = 1.5, 1·5/10 = 0.5 → 3, 1, 0 and the last one goes to class 1 (tie with 2)
    expect(list(stratifiedAllocation([6, 3, 1], 5))).toEqual([3, 2, 0]);
    const s = trainValidationSplit(labels10, { size: 5, method: 'stratified', seed: 9 });
    expectPartition(s, 10);
    expect(countsOf(labels10, s.validation, 3)).toEqual([3, 2, 0]);
    expect(trainValidationSplit(labels10, { size: 5, method: 'stratified', seed: 9 })).toEqual(s);
  });

  it('stratifies a larger set to the exact total', () => {
    const labels = Int32Array.from({ length: 997 }, (_, i) => (i * 7919) % 13 % 10);
    const s = trainValidationSplit(labels, { size: 101, method: 'stratified', seed: 4 });
    expect(s.validation.length).toBe(101);
    expectPartition(s, 997);
    const all = countsOf(labels, Int32Array.from({ length: 997 }, (_, i) => i), 10);
    const got = countsOf(labels, s.validation, 10);
    got.forEach((g, c) => expect(Math.abs(g - (all[c]! * 101) / 997)).toBeLessThan(1));
  });

  it('checks its arguments', () => {
    expect(() => trainValidationSplit(labels10, { size: 11 })).toThrow('size: must be a whole number in 0..10, got 11');
    expect(() => trainValidationSplit(labels10, { size: 1.5 })).toThrow(ArgumentError);
    expect(() => trainValidationSplit(labels10, { size: 1, method: 'middle' as 'last' })).toThrow('method: unknown split method "middle"');
    expect(() => trainValidationSplit([0, -1], { size: 1, method: 'stratified' })).toThrow('labels: label -1 at index 1');
  });
});

describe('kFold (consecutive, numpy.array_split sizes)', () => {
  it('gives the first N mod k folds one extra example', () => {
    // numpy: [len(a) for a in np.array_split(range(10), 3)] == [4, 3, 3]; range(7), 4 → [2, 2, 2, 1]
    expect(list(foldSizes(10, 3))).toEqual([4, 3, 3]);
    expect(list(foldSizes(7, 4))).toEqual([2, 2, 2, 1]);
    expect(list(foldSizes(5000, 5))).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(list(foldSizes(5, 5))).toEqual([1, 1, 1, 1, 1]);
  });

  it('validates on consecutive blocks and trains on the rest', () => {
    const folds = kFold(10, 3);
    expect(folds.map((f) => list(f.validation))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(list(folds[1]!.train)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    for (const f of folds) expectPartition(f, 10);
  });

  it('needs 2 ≤ k ≤ n', () => {
    expect(() => kFold(10, 1)).toThrow('k: must be a whole number ≥ 2, got 1');
    expect(() => kFold(3, 4)).toThrow('k: cannot make 4 folds of 3 examples; use k ≤ 3');
  });
});

describe('stratifiedKFold', () => {
  it('spreads each class over the folds within ±1 and balances fold sizes', () => {
    const labels = Int32Array.from({ length: 103 }, (_, i) => (i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0));
    const folds = stratifiedKFold(labels, 5, { seed: 11 });
    expect(folds).toHaveLength(5);
    const sizes = folds.map((f) => f.validation.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(103);
    const perClass = folds.map((f) => countsOf(labels, f.validation, 3));
    for (let c = 0; c < 3; c++) {
      const col = perClass.map((row) => row[c]!);
      expect(Math.max(...col) - Math.min(...col)).toBeLessThanOrEqual(1);
    }
    for (const f of folds) expectPartition(f, 103);
    // every example validates exactly once
    const seen = new Int32Array(103);
    for (const f of folds) for (const i of f.validation) seen[i]!++;
    expect(list(seen).every((v) => v === 1)).toBe(true);
  });

  it('is deterministic for a seed and depends on it', () => {
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const a = stratifiedKFold(labels, 4, { seed: 1 });
    expect(stratifiedKFold(labels, 4, { seed: 1 })).toEqual(a);
    expect(stratifiedKFold(labels, 4, { seed: 2 })).not.toEqual(a);
  });

  it('handles one class and classes smaller than k', () => {
    const one = stratifiedKFold(new Int32Array(6), 3);
    expect(one.map((f) => f.validation.length)).toEqual([2, 2, 2]);
    const rare = stratifiedKFold(new Int32Array([0, 0, 0, 0, 1]), 4);
    expect(rare.filter((f) => countsOf([0, 0, 0, 0, 1], f.validation, 2)[1] === 1)).toHaveLength(1);
  });
});

describe('splitDataset', () => {
  it('copies the rows of each side', () => {
    const ds = createDataset({
      name: 'd',
      X: { data: new Float32Array([0, 1, 2, 3]), rows: 4, cols: 1 },
      labels: new Int32Array([0, 1, 0, 1]),
      classNames: ['a', 'b'],
    });
    const { train, validation } = splitDataset(ds, trainValidationSplit(ds.labels, { size: 1 }));
    expect(Array.from(train.X.data)).toEqual([0, 1, 2]);
    expect(Array.from(validation.X.data)).toEqual([3]);
    expect(list(validation.labels)).toEqual([1]);
    expect([train.name, validation.name]).toEqual(['d/train', 'd/validation']);
  });
});
