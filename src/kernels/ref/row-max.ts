import type { FloatArray, Matrix } from '../../tensor/matrix.js';

/** out[n] = maxⱼ S[n, j]. */
export function rowMax(S: Matrix, out: FloatArray): void {
  const { rows: n, cols: c } = S;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, S.data[i * c + j]!);
    out[i] = m;
  }
}
