import type { Matrix } from '../../tensor/matrix.js';

/** out[C, D] = dS[N, C]ᵀ·X[N, D]: row k of the gradient is Σₙ dS[n, k]·Xₙ. */
export function weightGrad(dS: Matrix, X: Matrix, out: Matrix): void {
  const { rows: n, cols: c } = dS;
  const d = X.cols;
  for (let k = 0; k < c; k++) {
    for (let t = 0; t < d; t++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += dS.data[i * c + k]! * X.data[i * d + t]!;
      out.data[k * d + t] = acc;
    }
  }
}
