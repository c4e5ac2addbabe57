import type { Matrix } from '../../tensor/matrix.js';

/** out[M, N] = A[M, K]·B[N, K]ᵀ, accumulated in float64. */
export function matmulABt(A: Matrix, B: Matrix, out: Matrix): void {
  const { rows: m, cols: k } = A;
  const n = B.rows;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += A.data[i * k + t]! * B.data[j * k + t]!;
      out.data[i * n + j] = acc;
    }
  }
}
