import type { FloatArray, Matrix } from '../../tensor/matrix.js';

/** out[C] = Σₙ dS[n, :]. */
export function biasGrad(dS: Matrix, out: FloatArray): void {
  const { rows: n, cols: c } = dS;
  for (let k = 0; k < c; k++) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += dS.data[i * c + k]!;
    out[k] = acc;
  }
}
