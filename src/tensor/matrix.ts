/**
 * The one array type of linclass: a row-major 2-D view over a typed array.
 *
 * Conventions (DESIGN.md): X is [N, D] with one example per row, W is [C, D], b is [C], and the scores are
 * S = X·Wᵀ + b, [N, C]. The lecture's column form s = Wx + b is the same thing for one example.
 * Fast kernels and storage use float32; reference kernels also accept float64 (the gradient check runs in it).
 * Pixels stay bytes (Uint8Array) until a conversion is asked for.
 */
import { ArgumentError, ShapeError } from '../errors.js';

export type FloatArray = Float32Array | Float64Array;
/** Element storage: floats, bytes (pixels) or 32-bit integers (exact distances between byte vectors). */
export type Storage = FloatArray | Uint8Array | Int32Array;
export type DType = 'float32' | 'float64';

export interface Matrix<T extends Storage = FloatArray> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

export type Matrix32 = Matrix<Float32Array>;
export type Matrix64 = Matrix<Float64Array>;
export type ByteMatrix = Matrix<Uint8Array>;
export type IntMatrix = Matrix<Int32Array>;

function checkDims(rows: number, cols: number, argument: string): void {
  if (!Number.isInteger(rows) || rows < 0) throw new ArgumentError(`${argument}.rows`, `must be a whole number ≥ 0, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0) throw new ArgumentError(`${argument}.cols`, `must be a whole number ≥ 0, got ${cols}`);
}

/** A zero-filled matrix. */
export function zeros(rows: number, cols: number, dtype: 'float64'): Matrix64;
export function zeros(rows: number, cols: number, dtype?: 'float32'): Matrix32;
export function zeros(rows: number, cols: number, dtype?: DType): Matrix;
export function zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
  checkDims(rows, cols, 'zeros');
  const data = dtype === 'float64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
  return { data, rows, cols };
}

/** Wrap an existing buffer (no copy); its length must be rows·cols. */
export function view<T extends Storage>(data: T, rows: number, cols: number, argument = 'data'): Matrix<T> {
  checkDims(rows, cols, argument);
  if (data.length !== rows * cols) {
    throw new ShapeError(argument, `has ${data.length} elements, expected ${rows}×${cols} = ${rows * cols}`);
  }
  return { data, rows, cols };
}

/** Build a matrix from nested arrays (rows of equal length). */
export function fromRows(rows: readonly (readonly number[])[], dtype: 'float64'): Matrix64;
export function fromRows(rows: readonly (readonly number[])[], dtype?: 'float32'): Matrix32;
export function fromRows(rows: readonly (readonly number[])[], dtype?: DType): Matrix;
export function fromRows(rows: readonly (readonly number[])[], dtype: DType = 'float32'): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const m = zeros(r, c, dtype);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) throw new ShapeError(`rows[${i}]`, `has ${row.length} values, row 0 has ${c}`);
    m.data.set(row, i * c);
  }
  return m;
}

/** Nested arrays, row by row (for display, JSON and tests). */
export function toRows(m: Matrix<Storage>): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Element (i, j). Meant for tests and explanations, not for hot loops. */
export function at(m: Matrix<Storage>, i: number, j: number): number {
  return m.data[i * m.cols + j]!;
}

/** Row i as a view (no copy). */
export function row<T extends Storage>(m: Matrix<T>, i: number): T {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}

/** A deep copy, optionally in another float dtype. */
export function clone(m: Matrix, dtype?: DType): Matrix {
  const out = zeros(m.rows, m.cols, dtype ?? dtypeOf(m));
  out.data.set(m.data);
  return out;
}

export function dtypeOf(m: Matrix): DType {
  return m.data instanceof Float64Array ? 'float64' : 'float32';
}

/** Float copy of a byte matrix, optionally scaled (e.g. 1/255 maps pixels to [0, 1]). */
export function bytesToFloat(m: ByteMatrix, scale = 1, dtype: DType = 'float32'): Matrix {
  const out = zeros(m.rows, m.cols, dtype);
  const src = m.data;
  const dst = out.data;
  for (let i = 0; i < src.length; i++) dst[i] = src[i]! * scale;
  return out;
}

/** The shape as the string errors print, e.g. "[3, 4]". */
export function shapeOf(m: Matrix<Storage>): string {
  return `[${m.rows}, ${m.cols}]`;
}
