import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../errors.js';
import { gradcheck, relativeError } from './gradcheck.js';

const sumOfCubes = (t: Float64Array) => t.reduce((a, v) => a + v * v * v, 0);

describe('gradcheck', () => {
  it('relative error is |a − n| / max(|a|, |n|), and 0 when both are 0', () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(1, 0.5)).toBe(0.5);
    expect(relativeError(-2, 2)).toBe(2);
  });

  it('accepts a correct gradient with tiny error and restores θ exactly', () => {
    // Not at 0: there a cubic's exact gradient is 0 but the centered difference is h², a relative error of 1.
    const theta = Float64Array.from([0.3, -1.2, 2.5, 0.7]);
    const before = Array.from(theta);
    const grad = theta.map((v) => 3 * v * v);
    const r = gradcheck(sumOfCubes, theta, grad);
    expect(r.checked).toBe(4);
    expect(r.worstRelError).toBeLessThan(1e-9);
    expect(Array.from(theta)).toEqual(before);
  });

  it('reports the worst coordinate of a wrong gradient', () => {
    const theta = Float64Array.from([0.3, -1.2, 2.5]);
    const grad = theta.map((v) => 3 * v * v);
    grad[1] = grad[1]! * 1.01;
    const r = gradcheck(sumOfCubes, theta, grad);
    expect(r.worst.index).toBe(1);
    expect(r.worstRelError).toBeCloseTo(0.01 / 1.01, 6);
    expect(r.worst.numeric).toBeCloseTo(3 * 1.44, 8);
  });

  it('samples k coordinates, reproducibly for a seed', () => {
    const theta = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const grad = theta.map((v) => 3 * v * v);
    const a = gradcheck(sumOfCubes, theta, grad, { sample: 10, seed: 4 });
    const b = gradcheck(sumOfCubes, theta, grad, { sample: 10, seed: 4 });
    expect(a.checked).toBe(10);
    expect(a.coordinates.map((c) => c.index)).toEqual(b.coordinates.map((c) => c.index));
    expect(new Set(a.coordinates.map((c) => c.index)).size).toBe(10);
  });

  it('a floor treats coordinates that are zero up to rounding as agreeing', () => {
    // ∂f/∂t₁ = 0, but f moves by 1e-13 between t₁ − h and t₁ + h, as rounding noise does.
    const f = (t: Float64Array) => t[0]! * t[0]! + (t[1]! > 0.5 ? 1e-13 : 0);
    const theta = Float64Array.from([1, 0.5]);
    const plain = gradcheck(f, theta, [2, 0]);
    expect(plain.worst.index).toBe(1);
    expect(plain.worst.numeric).not.toBe(0);
    expect(plain.worstRelError).toBe(1);
    const floored = gradcheck(f, theta, [2, 0], { floor: 1e-6 });
    expect(floored.worstRelError).toBeLessThan(1e-9);
  });

  it('refuses mismatched or empty input', () => {
    expect(() => gradcheck(sumOfCubes, new Float64Array(2), [1])).toThrow(ShapeError);
    expect(() => gradcheck(sumOfCubes, new Float64Array(0), [])).toThrow(ArgumentError);
    expect(() => gradcheck(sumOfCubes, new Float64Array(1), [0], { h: 0 })).toThrow('h: must be a finite number > 0, got 0');
  });
});
