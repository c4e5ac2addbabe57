/**
 * Squared multiclass hinge (the lecture's §5 question "what if we squared each term?"):
 *
 *   Lᵢ = Σ_{j ≠ yᵢ} max(0, s_j − s_{yᵢ} + Δ)².
 *
 * A different loss from Weston–Watkins, not a rescaling: it punishes large violations more and can change the
 * minimiser. Gradient of an active term m: +2m/N on s_j and −2m/N on s_y; it is continuous at the kink.
 */
import type { Matrix } from '../tensor/matrix.js';
import { runLoss, validateLossInputs, validateMargin, type HingeOptions, type LossResult } from './common.js';

export function squaredHinge(scores: Matrix, labels: ArrayLike<number>, options: HingeOptions = {}): LossResult {
  const y = validateLossInputs(scores, labels);
  const margin = validateMargin(options.margin);
  return runLoss(scores, (dS, per) => squaredHingeInto(scores, y, margin, dS, per));
}

export function squaredHingeInto(
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
    const sy = s[o + y]!;
    let li = 0;
    let gy = 0;
    for (let j = 0; j < c; j++) {
      if (j === y) continue;
      const m = s[o + j]! - sy + margin;
      if (m > 0) {
        li += m * m;
        gy += 2 * m;
        if (dS) dS.data[o + j] = 2 * m * inv;
      } else if (dS) {
        dS.data[o + j] = 0;
      }
    }
    if (dS) dS.data[o + y] = gy > 0 ? -gy * inv : 0;
    if (perExample) perExample[i] = li;
    total += li;
  }
  return total;
}
