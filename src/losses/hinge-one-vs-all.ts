/**
 * One-vs-all (one-vs-rest) hinge: one binary hinge per class, summed over all classes, the true class
 * included:
 *
 *   Lᵢ = Σ_j max(0, Δ − t_j s_j),   t_j = +1 if j = yᵢ, else −1.
 *
 * This is what scikit-learn's SGDClassifier(loss='hinge') optimises for several classes (one binary
 * problem per class, summed). Gradient of an active term: −t_j/N on s_j; inactive at the kink.
 */
import type { Matrix } from '../tensor/matrix.js';
import { runLoss, validateLossInputs, validateMargin, type HingeOptions, type LossResult } from './common.js';

export function hingeOneVsAll(scores: Matrix, labels: ArrayLike<number>, options: HingeOptions = {}): LossResult {
  const y = validateLossInputs(scores, labels);
  const margin = validateMargin(options.margin);
  return runLoss(scores, (dS, per) => hingeOneVsAllInto(scores, y, margin, dS, per));
}

export function hingeOneVsAllInto(
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
    let li = 0;
    for (let j = 0; j < c; j++) {
      const t = j === y ? 1 : -1;
      const m = margin - t * s[o + j]!;
      if (m > 0) {
        li += m;
        if (dS) dS.data[o + j] = -t * inv;
      } else if (dS) {
        dS.data[o + j] = 0;
      }
    }
    if (perExample) perExample[i] = li;
    total += li;
  }
  return total;
}
