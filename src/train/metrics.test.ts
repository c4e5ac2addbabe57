import { describe, expect, it } from 'vitest';
import { fromRows, toRows } from '../tensor/matrix.js';
import { accuracy, argmaxRows, confusionMatrix, perClassMetrics, topKAccuracy } from './metrics.js';

describe('accuracy and argmax', () => {
  it('counts matches', () => {
    expect(accuracy([0, 1, 2, 1], [0, 1, 1, 1])).toBe(0.75);
    expect(accuracy(Int32Array.of(3), Int32Array.of(3))).toBe(1);
  });

  it('refuses zero examples and mismatched lengths', () => {
    expect(() => accuracy([], [])).toThrow(/labels: is empty: a metric over zero examples is undefined/);
    expect(() => accuracy([1], [1, 2])).toThrow(/predicted: has length 1, labels has 2/);
  });

  it('argmax takes the first index on ties', () => {
    expect(Array.from(argmaxRows(fromRows([[1, 3, 3], [5, 5, 5], [-1, -2, 0]])))).toEqual([1, 0, 2]);
  });
});

describe('top-k accuracy', () => {
  const S = fromRows([
    [0.1, 0.5, 0.4], // label 2: second → top-2 hit, top-1 miss
    [0.9, 0.05, 0.05], // label 0: first
    [0.3, 0.3, 0.4], // label 1: tied with class 0, which ranks first → third
  ]);
  const y = [2, 0, 1];
  it('ranks with ties broken towards the lower class index', () => {
    expect(topKAccuracy(S, y, 1)).toBeCloseTo(1 / 3, 15);
    expect(topKAccuracy(S, y, 2)).toBeCloseTo(2 / 3, 15);
    expect(topKAccuracy(S, y, 3)).toBe(1);
  });

  it('top-1 equals argmax accuracy', () => {
    expect(topKAccuracy(S, y, 1)).toBe(accuracy(argmaxRows(S), y));
  });

  it('checks k', () => {
    expect(() => topKAccuracy(S, y, 0)).toThrow(/k: must be a whole number ≥ 1/);
    expect(() => topKAccuracy(S, y, 4)).toThrow(/k: is 4, but there are only 3 classes/);
  });
});

describe('confusion matrix and per-class metrics', () => {
  it('puts true classes in rows and predictions in columns', () => {
    const M = confusionMatrix([0, 1, 1, 2, 0], [0, 1, 2, 2, 1], 3);
    expect(toRows(M)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
  });

  it('computes precision, recall and F1 by hand', () => {
    // Class 0: TP 1, FP 1 (a 1 predicted as 0), FN 0 → P = 1/2, R = 1, F1 = 2/3.
    // Class 1: TP 1, FP 1, FN 1 → P = R = F1 = 1/2. Class 2: TP 1, FP 0, FN 1 → P = 1, R = 1/2, F1 = 2/3.
    const r = perClassMetrics(confusionMatrix([0, 1, 1, 2, 0], [0, 1, 2, 2, 1], 3));
    expect(Array.from(r.precision)).toEqual([0.5, 0.5, 1]);
    expect(Array.from(r.recall)).toEqual([1, 0.5, 0.5]);
    expect(r.f1[0]).toBeCloseTo(2 / 3, 15);
    expect(r.f1[1]).toBeCloseTo(0.5, 15);
    expect(r.f1[2]).toBeCloseTo(2 / 3, 15);
    expect(Array.from(r.support)).toEqual([1, 2, 2]);
    expect(r.accuracy).toBeCloseTo(3 / 5, 15);
    expect(r.macro.precision).toBeCloseTo(2 / 3, 15);
  });

  it('defines 0/0 as 0: a class never predicted, a class never present, P + R = 0', () => {
    // Class 2 is never predicted (precision 0/0) and class 1 never occurs (recall 0/0).
    const r = perClassMetrics(confusionMatrix([0, 0, 1], [0, 2, 2], 3));
    expect(Array.from(r.precision)).toEqual([0.5, 0, 0]);
    expect(Array.from(r.recall)).toEqual([1, 0, 0]);
    expect(Array.from(r.f1)).toEqual([2 / 3, 0, 0]);
    expect(Array.from(r.support)).toEqual([1, 0, 2]);
    expect(r.macro.recall).toBeCloseTo(1 / 3, 15);
  });

  it('an empty confusion matrix gives zeros and an undefined accuracy', () => {
    const r = perClassMetrics(confusionMatrix([], [], 2));
    expect(Array.from(r.precision)).toEqual([0, 0]);
    expect(r.accuracy).toBeNaN();
  });

  it('one class, all right', () => {
    const r = perClassMetrics(confusionMatrix([0, 0], [0, 0], 1));
    expect([r.precision[0], r.recall[0], r.f1[0], r.accuracy]).toEqual([1, 1, 1, 1]);
  });

  it('refuses labels outside 0..C−1, naming which array', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/predicted: label 3 at index 1 is outside 0\.\.2/);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/labels: label -1 at index 1/);
  });
});
