/**
 * Weston–Watkins multiclass hinge loss, the lecture's "multiclass SVM loss" (§5):
 *
 *   Lᵢ = Σ_{j ≠ yᵢ} max(0, s_j − s_{yᵢ} + Δ),   L = (1/N) Σᵢ Lᵢ.
 *
 * The sum runs over j ≠ y only and is not divided by C. (PyTorch's MultiMarginLoss divides by C, so its
 * value is ours / C; ConvNetJS's SVMLayer is this loss with Δ fixed at 1.)
 *
 * Gradient: every active term (margin > 0) adds +1/N to ∂L/∂s_j and −1/N to ∂L/∂s_y. At the kink
 * (margin exactly 0) the term is inactive: we take the subgradient 0, as CS231n's reference code does.
 */
import type { Matrix } from '../tensor/matrix.js';
import { runLoss, validateLossInputs, validateMargin, type HingeOptions, type LossResult } from './common.js';

export function hingeWestonWatkins(scores: Matrix, labels: ArrayLike<number>, options: HingeOptions = {}): LossResult {
  const y = validateLossInputs(scores, labels);
  const margin = validateMargin(options.margin);
  return runLoss(scores, (dS, per) => hingeWestonWatkinsInto(scores, y, margin, dS, per));
}

/** The unchecked hot path: returns Σᵢ Lᵢ; writes the gradient of the mean into dS and Lᵢ into perExample. */
export function hingeWestonWatkinsInto(
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
    let active = 0;
    for (let j = 0; j < c; j++) {
      if (j === y) {
        if (dS) dS.data[o + j] = 0;
        continue;
      }
      const m = s[o + j]! - sy + margin;
      if (m > 0) {
        li += m;
        active++;
        if (dS) dS.data[o + j] = inv;
      } else if (dS) {
        dS.data[o + j] = 0;
      }
    }
    if (dS) dS.data[o + y] = active > 0 ? -active * inv : 0;
    if (perExample) perExample[i] = li;
    total += li;
  }
  return total;
}
