/**
 * Crammer–Singer multiclass hinge: only the most offending wrong class counts,
 *
 *   Lᵢ = max(0, Δ + max_{j ≠ yᵢ} s_j − s_{yᵢ}).
 *
 * This is optax's `multiclass_hinge_loss` and the "structured" SVM loss. When several wrong classes tie for
 * the maximum, the lowest class index takes the gradient (a valid subgradient, and deterministic).
 * Gradient when active: +1/N on s_{j*} and −1/N on s_y; inactive at the kink.
 */
import type { Matrix } from '../tensor/matrix.js';
import { runLoss, validateLossInputs, validateMargin, type HingeOptions, type LossResult } from './common.js';

export function hingeCrammerSinger(scores: Matrix, labels: ArrayLike<number>, options: HingeOptions = {}): LossResult {
  const y = validateLossInputs(scores, labels);
  const margin = validateMargin(options.margin);
  return runLoss(scores, (dS, per) => hingeCrammerSingerInto(scores, y, margin, dS, per));
}

export function hingeCrammerSingerInto(
  S: Matrix,
  labels: Int32Array,
  margin: number,
  dS: Matrix | null,
  perExample: Float64Array | null,
): number {
  const { rows: n, cols: c, data: s } = S;
  const inv = 1 / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    const y = labels[i]!;
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < c; j++) {
      if (j !== y && s[o + j]! > bestScore) {
        bestScore = s[o + j]!;
        best = j;
      }
    }
    const m = margin + bestScore - s[o + y]!;
    const li = m > 0 ? m : 0;
    if (dS) {
      for (let j = 0; j < c; j++) dS.data[o + j] = 0;
      if (m > 0) {
        dS.data[o + best] = inv;
        dS.data[o + y] = -inv;
      }
    }
    if (perExample) perExample[i] = li;
    total += li;
  }
  return total;
}
