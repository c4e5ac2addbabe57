import type { ByteMatrix } from '../../tensor/matrix.js';
import { sqL2DistancesU8 } from './distances.js';
import { topK } from './top-k.js';

/** Rows of A per block: bounds the block's int32 distance matrix to about 16 MB whatever N is. */
const BLOCK_ELEMENTS = 1 << 22;

/**
 * The k nearest rows of B for each row of A (exact squared L2 on bytes), composed of the reference pieces:
 * distances for a block of A's rows, then top-k of each row, block after block.
 */
export function sqL2TopKU8(A: ByteMatrix, B: ByteMatrix, k: number, outIndex: Int32Array, outValue: Float64Array | Float32Array): void {
  const { rows: m, cols: d } = A;
  const n = B.rows;
  const block = Math.max(1, Math.min(m, Math.floor(BLOCK_ELEMENTS / Math.max(1, n))));
  const dist = new Int32Array(block * n);
  for (let s = 0; s < m; s += block) {
    const rows = Math.min(block, m - s);
    const D = { data: dist.subarray(0, rows * n), rows, cols: n };
    sqL2DistancesU8({ data: A.data.subarray(s * d, (s + rows) * d), rows, cols: d }, B, D);
    topK(D, k, outIndex.subarray(s * k, (s + rows) * k), outValue.subarray(s * k, (s + rows) * k));
  }
}
