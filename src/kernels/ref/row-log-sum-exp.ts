import type { FloatArray, Matrix } from '../../tensor/matrix.js';

/**
 * out[n] = ln Σⱼ e^{S[n, j]} = m + ln Σⱼ e^{S[n, j] − m} with m the row max: every exponent is ≤ 0, so
 * nothing overflows, and one term is exactly 1, so nothing underflows to ln 0.
 */
export function rowLogSumExp(S: Matrix, out: FloatArray): void {
  const { rows: n, cols: c } = S;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, S.data[i * c + j]!);
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(S.data[i * c + j]! - m);
    out[i] = m + Math.log(sum);
  }
}
