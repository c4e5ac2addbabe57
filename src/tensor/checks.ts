/**
 * Argument checks shared by every public entry point. Each error names the argument and, for shapes, both
 * shapes, so a user can see which call was wrong without a debugger.
 */
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { shapeOf, type Matrix, type Storage } from './matrix.js';

export function checkShape(m: Matrix<Storage>, rows: number, cols: number, argument: string): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new ShapeError(argument, `has shape ${shapeOf(m)}, expected [${rows}, ${cols}]`);
  }
  if (m.data.length < rows * cols) {
    throw new ShapeError(argument, `buffer holds ${m.data.length} elements, shape ${shapeOf(m)} needs ${rows * cols}`);
  }
}

export function checkLength(a: ArrayLike<number>, length: number, argument: string): void {
  if (a.length !== length) throw new ShapeError(argument, `has length ${a.length}, expected ${length}`);
}

export function checkNonEmpty(m: Matrix<Storage>, argument: string): void {
  if (m.rows === 0) throw new ArgumentError(argument, 'is an empty batch (0 rows); at least one example is needed');
}

export function checkFinite(a: ArrayLike<number>, argument: string): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // v - v is NaN exactly when v is NaN or ±Infinity: one comparison per element.
    if (v - v !== 0) throw new NonFiniteError(argument, i, v);
  }
}

/** Labels must be whole numbers in 0..C−1. */
export function checkLabels(labels: ArrayLike<number>, classes: number, argument = 'labels'): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new ArgumentError(argument, `label ${y} at index ${i} is outside 0..${classes - 1}`);
    }
  }
}

export function checkPositive(value: number, argument: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new ArgumentError(argument, `must be a finite number > 0, got ${value}`);
}

export function checkNonNegative(value: number, argument: string): void {
  if (!Number.isFinite(value) || value < 0) throw new ArgumentError(argument, `must be a finite number ≥ 0, got ${value}`);
}

export function checkInteger(value: number, min: number, argument: string): void {
  if (!Number.isInteger(value) || value < min) throw new ArgumentError(argument, `must be a whole number ≥ ${min}, got ${value}`);
}
