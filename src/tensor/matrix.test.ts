import { describe, expect, it } from 'vitest';
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { checkFinite, checkLabels, checkNonEmpty, checkShape } from './checks.js';
import { at, bytesToFloat, fromRows, row, toRows, view, zeros } from './matrix.js';

describe('Matrix', () => {
  it('is row-major: element (i, j) is data[i·cols + j]', () => {
    const m = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(at(m, 1, 0)).toBe(4);
    expect(Array.from(row(m, 1))).toEqual([4, 5, 6]);
    expect(toRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('keeps its dtype', () => {
    expect(zeros(2, 2).data).toBeInstanceOf(Float32Array);
    expect(zeros(2, 2, 'float64').data).toBeInstanceOf(Float64Array);
    expect(fromRows([[0.1]], 'float64').data[0]).toBe(0.1);
  });

  it('handles empty shapes', () => {
    expect(zeros(0, 5).data.length).toBe(0);
    expect(fromRows([]).rows).toBe(0);
  });

  it('converts bytes to floats with a scale', () => {
    const b = view(new Uint8Array([0, 51, 255]), 1, 3);
    expect(Array.from(bytesToFloat(b, 1 / 255).data)).toEqual([0, 0.2, 1].map(Math.fround));
  });

  it('names the argument and both shapes when they disagree', () => {
    expect(() => view(new Float32Array(5), 2, 3, 'X')).toThrow(new ShapeError('X', 'has 5 elements, expected 2×3 = 6'));
    expect(() => checkShape(zeros(2, 3), 3, 2, 'W')).toThrow('W: has shape [2, 3], expected [3, 2]');
    expect(() => fromRows([[1, 2], [3]])).toThrow('rows[1]: has 1 values, row 0 has 2');
    expect(() => zeros(-1, 2)).toThrow(ArgumentError);
  });

  it('checks values: finite, labels in range, non-empty', () => {
    expect(() => checkFinite([1, NaN], 'scores')).toThrow(NonFiniteError);
    expect(() => checkFinite([1, Infinity], 'scores')).toThrow('scores: element 1 is Infinity');
    expect(() => checkFinite([1, -Infinity], 'X')).toThrow('X: element 1 is -Infinity');
    expect(() => checkLabels([0, 3], 3)).toThrow('labels: label 3 at index 1 is outside 0..2');
    expect(() => checkLabels([0.5], 3)).toThrow(/label 0.5/);
    expect(() => checkNonEmpty(zeros(0, 3), 'scores')).toThrow('scores: is an empty batch');
  });
});
