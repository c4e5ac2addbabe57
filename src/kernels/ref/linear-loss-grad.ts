import { lossInto } from '../../losses/index.js';
import type { LossSpec } from '../../losses/spec.js';
import type { FloatArray, Matrix } from '../../tensor/matrix.js';
import { biasGrad } from './bias-grad.js';
import { linearScores } from './linear-scores.js';
import { weightGrad } from './weight-grad.js';

/**
 * The fused minibatch step, composed of the reference pieces: S = X·Wᵀ + b, Σᵢ Lᵢ with dS = ∂(mean loss)/∂S,
 * dW = dSᵀ·X, db = Σₙ dS[n, :]. Returns Σᵢ Lᵢ. With `rows`, the batch is X[rows[i]] with labels[rows[i]],
 * gathered here into copies (the fast kernels read those rows in place).
 */
export function linearLossGrad(
  X: Matrix,
  W: Matrix,
  b: FloatArray | null,
  labels: Int32Array,
  spec: LossSpec,
  S: Matrix,
  dS: Matrix,
  dW: Matrix,
  db: FloatArray | null,
  perExample: Float64Array | null,
  rows: Int32Array | null = null,
): number {
  if (rows) {
    const d = X.cols;
    const data = X.data instanceof Float64Array ? new Float64Array(rows.length * d) : new Float32Array(rows.length * d);
    const y = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      data.set(X.data.subarray(rows[i]! * d, (rows[i]! + 1) * d), i * d);
      y[i] = labels[rows[i]!]!;
    }
    return linearLossGrad({ data, rows: rows.length, cols: d }, W, b, y, spec, S, dS, dW, db, perExample);
  }
  linearScores(X, W, b, S);
  const total = X.rows === 0 ? 0 : lossInto(spec, S, labels, dS, perExample);
  weightGrad(dS, X, dW);
  if (db) biasGrad(dS, db);
  return total;
}
