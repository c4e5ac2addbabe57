import type { IntMatrix, Matrix } from '../../tensor/matrix.js';

/**
 * The k smallest entries of each row of D, ascending, ties to the lower column index. An insertion into a
 * sorted window of k (O(N·k) per row, no full sort): a new value enters only if strictly smaller than the
 * window's largest, and it goes after any equal values, so among equals the earlier column stays ahead.
 */
export function topK(D: Matrix | IntMatrix, k: number, outIndex: Int32Array, outValue: Float64Array | Float32Array): void {
  const { rows: m, cols: n } = D;
  const vals = new Float64Array(k);
  const idx = new Int32Array(k);
  for (let i = 0; i < m; i++) {
    let size = 0;
    for (let j = 0; j < n; j++) {
      const v = D.data[i * n + j]!;
      if (size === k && !(v < vals[k - 1]!)) continue;
      let p = size === k ? k - 1 : size++;
      while (p > 0 && vals[p - 1]! > v) {
        vals[p] = vals[p - 1]!;
        idx[p] = idx[p - 1]!;
        p--;
      }
      vals[p] = v;
      idx[p] = j;
    }
    outIndex.set(idx.subarray(0, k), i * k);
    outValue.set(vals.subarray(0, k), i * k);
  }
}
