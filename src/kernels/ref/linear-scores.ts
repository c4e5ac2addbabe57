import type { FloatArray, Matrix } from '../../tensor/matrix.js';

/** out[N, C] = X[N, D]·W[C, D]ᵀ + b[C]: one dot product per (example, class), accumulated in float64. */
export function linearScores(X: Matrix, W: Matrix, b: FloatArray | null, out: Matrix): void {
  const { rows: n, cols: d } = X;
  const c = W.rows;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      let acc = b ? b[k]! : 0;
      for (let t = 0; t < d; t++) acc += X.data[i * d + t]! * W.data[k * d + t]!;
      out.data[i * c + k] = acc;
    }
  }
}
