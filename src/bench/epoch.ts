/**
 * One epoch of softmax minibatch SGD written on the `Kernels` interface, the way the training loop runs it:
 * per batch of shuffled rows, one fused `linearLossGrad` that reads the batch's rows of X in place (its
 * `rows` argument: no gathered copy), then W −= lr·dW and b −= lr·db. No regularisation (the peers run
 * without it too).
 */
import type { Kernels } from '../kernels/api.js';
import type { Matrix32 } from '../tensor/matrix.js';

export interface EpochData {
  /** [N, D] float32 features, ideally from `kernels.alloc`. */
  readonly X: Matrix32;
  readonly labels: Int32Array;
  /** The visiting order (a permutation of 0..N−1). */
  readonly order: Int32Array;
  readonly classes: number;
}

/** Runs one epoch from zero weights; returns the mean training loss over the epoch. */
export function softmaxEpoch(k: Kernels, data: EpochData, batch: number, lr: number): number {
  const { X, labels, order, classes: c } = data;
  const { rows: n, cols: d } = X;
  const W = k.alloc(c, d);
  const b = new Float32Array(c);
  const S = k.alloc(batch, c);
  const dS = k.alloc(batch, c);
  const dW = k.alloc(c, d);
  const db = new Float32Array(c);
  const spec = { name: 'softmax' } as const;
  let total = 0;
  try {
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start);
      const rows = order.subarray(start, start + m);
      // Views of the first m rows: subarrays of WASM-resident buffers stay resident.
      const first = (M: Matrix32): Matrix32 => (m === batch ? M : { data: M.data.subarray(0, m * c), rows: m, cols: c });
      total += k.linearLossGrad(X, W, b, labels, spec, first(S), first(dS), dW, db, null, rows);
      const w = W.data;
      const g = dW.data;
      for (let i = 0; i < w.length; i++) w[i]! -= lr * g[i]!;
      for (let j = 0; j < c; j++) b[j]! -= lr * db[j]!;
    }
  } finally {
    for (const M of [W, S, dS, dW]) k.release(M);
  }
  return total / n;
}
