import { lossInto } from '../../losses/index.js';
import type { LossSpec } from '../../losses/spec.js';
import type { FloatArray, Matrix } from '../../tensor/matrix.js';
import { biasGrad } from './bias-grad.js';
import { linearScores } from './linear-scores.js';
import { weightGrad } from './weight-grad.js';

/**
 * The fused minibatch step, composed of the reference pieces: S = X·Wᵀ + b, Σᵢ Lᵢ with dS = ∂(mean loss)/∂S,
 * dW = dSᵀ·X, db = Σₙ dS[n, :]. Returns Σᵢ Lᵢ.
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
): number {
  linearScores(X, W, b, S);
  const total = X.rows === 0 ? 0 : lossInto(spec, S, labels, dS, perExample);
  weightGrad(dS, X, dW);
  if (db) biasGrad(dS, db);
  return total;
}
