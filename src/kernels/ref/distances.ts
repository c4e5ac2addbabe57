import type { ByteMatrix, IntMatrix, Matrix, Storage } from '../../tensor/matrix.js';

/**
 * Pairwise distances written as the naive double loop over rows: the oracle the fast kernels are held to.
 * The byte versions produce exact integers (784·255² < 2³¹ and 3072·255² < 2³¹, so int32 cannot overflow).
 */
function pairwise(A: Matrix<Storage>, B: Matrix<Storage>, out: Matrix<Storage>, l1: boolean): void {
  const { rows: m, cols: k } = A;
  const n = B.rows;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < k; t++) {
        const diff = A.data[i * k + t]! - B.data[j * k + t]!;
        acc += l1 ? Math.abs(diff) : diff * diff;
      }
      out.data[i * n + j] = acc;
    }
  }
}

/** out[i, j] = ‖Aᵢ − Bⱼ‖² (float rows). */
export function sqL2Distances(A: Matrix, B: Matrix, out: Matrix): void {
  pairwise(A, B, out, false);
}

/** out[i, j] = ‖Aᵢ − Bⱼ‖², exact (byte rows). */
export function sqL2DistancesU8(A: ByteMatrix, B: ByteMatrix, out: IntMatrix): void {
  pairwise(A, B, out, false);
}

/** out[i, j] = Σₖ |Aᵢₖ − Bⱼₖ| (float rows). */
export function l1Distances(A: Matrix, B: Matrix, out: Matrix): void {
  pairwise(A, B, out, true);
}

/** out[i, j] = Σₖ |Aᵢₖ − Bⱼₖ|, exact (byte rows). */
export function l1DistancesU8(A: ByteMatrix, B: ByteMatrix, out: IntMatrix): void {
  pairwise(A, B, out, true);
}
