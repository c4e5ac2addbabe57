/**
 * A gradient check of the whole linear-classifier objective on a small random problem:
 * L(W, b) = (1/N) Σᵢ Lᵢ(X·Wᵀ + b) + λR(W) [+ λR(b)], analytic ∂L/∂W and ∂L/∂b (loss kernel, weightGrad,
 * biasGrad, regularizer) against centered differences in float64. The problem is drawn again until every
 * hinge term and every weight is at least `clearance` away from its kink, so the check measures the
 * gradient, not the subgradient choice (table tests pin the kinks).
 */
import { ArgumentError } from '../errors.js';
import { refKernels } from '../kernels/ref/index.js';
import { lossInto, validateLossSpec } from '../losses/index.js';
import type { LossSpec } from '../losses/spec.js';
import { regularizerFromSpec, type RegularizerSpec } from '../regularizers/index.js';
import { checkInteger } from '../tensor/checks.js';
import { view, zeros } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { gradcheck, type GradcheckReport } from './gradcheck.js';

export interface LinearGradcheckOptions {
  readonly loss: LossSpec;
  readonly reg: RegularizerSpec;
  readonly regularizeBias?: boolean;
  readonly examples?: number;
  readonly features?: number;
  readonly classes?: number;
  readonly seed?: number;
  /**
   * Step h (default: 1e-3 for the hinges, exact on their linear and quadratic pieces but for rounding;
   * 1e-5 for softmax, balancing truncation against rounding).
   */
  readonly h?: number;
  /** Minimum distance of every kink from the drawn point (default 1e-2, ≫ h). */
  readonly clearance?: number;
  /**
   * Gradients below this in magnitude count as zero (default 1e-9, above the ≈ 1e-12–1e-10 rounding noise
   * of the centered differences here): a bias gradient that cancels to exactly 0 stays 0, not "100% wrong".
   */
  readonly floor?: number;
}

export interface LinearGradcheckReport extends GradcheckReport {
  /** The worst coordinate by name: "W[2][5]" or "b[1]". */
  readonly where: string;
  readonly h: number;
  readonly draws: number;
}

/** Distance of the nearest hinge kink for scores S (Infinity for softmax). */
export function distanceToKink(spec: LossSpec, s: ArrayLike<number>, y: Int32Array, c: number): number {
  if (spec.name === 'softmax') return Infinity;
  const d = spec.margin ?? 1;
  let nearest = Infinity;
  for (let i = 0; i < y.length; i++) {
    const row = Array.from({ length: c }, (_, j) => s[i * c + j]!);
    const yi = y[i]!;
    const sy = row[yi]!;
    const wrong = row.filter((_, j) => j !== yi);
    const top = Math.max(...wrong);
    const terms =
      spec.name === 'ova'
        ? row.map((v, j) => d - (j === yi ? v : -v))
        : spec.name === 'cs'
          ? // The margin term, and ties for the top wrong class (where the chosen j* would switch).
            [d + top - sy, ...wrong.map((v) => top - v).filter((g) => g > 0)]
          : wrong.map((v) => v - sy + d);
    for (const t of terms) nearest = Math.min(nearest, Math.abs(t));
  }
  return nearest;
}

export function checkLinearGradients(options: LinearGradcheckOptions): LinearGradcheckReport {
  validateLossSpec(options.loss);
  const reg = regularizerFromSpec(options.reg);
  const n = options.examples ?? 8;
  const d = options.features ?? 6;
  const c = options.classes ?? 4;
  checkInteger(n, 1, 'examples');
  checkInteger(d, 1, 'features');
  checkInteger(c, 2, 'classes');
  const h = options.h ?? (options.loss.name === 'softmax' ? 1e-5 : 1e-3);
  const clearance = options.clearance ?? 1e-2;
  const rng = new Rng(options.seed ?? 0);
  const X = zeros(n, d, 'float64');
  rng.fillNormal(X.data);
  const y = Int32Array.from({ length: n }, () => rng.int(c));
  const theta = new Float64Array(c * d + c);
  const S = zeros(n, c, 'float64');
  const forward = (t: Float64Array) => {
    refKernels.linearScores(X, view(t.subarray(0, c * d), c, d), t.subarray(c * d), S);
  };
  const l1Part = options.reg.name === 'l1' || options.reg.name === 'elastic';
  let draws = 0;
  for (;;) {
    draws++;
    rng.fillNormal(theta, 0.8);
    forward(theta);
    const nearZero = l1Part && theta.some((w, i) => (i < c * d || options.regularizeBias) && Math.abs(w) < clearance);
    if (!nearZero && distanceToKink(options.loss, S.data, y, c) >= clearance) break;
    if (draws >= 10_000) {
      throw new ArgumentError('clearance', `no random problem of this size keeps every kink ${clearance} away; lower it or shrink the problem`);
    }
  }
  const penalty = (t: Float64Array) =>
    reg.penalty(t.subarray(0, c * d)) + (options.regularizeBias ? reg.penalty(t.subarray(c * d)) : 0);
  const f = (t: Float64Array) => {
    forward(t);
    return lossInto(options.loss, S, y, null, null) / n + penalty(t);
  };
  forward(theta);
  const dS = zeros(n, c, 'float64');
  lossInto(options.loss, S, y, dS, null);
  const grad = new Float64Array(c * d + c);
  refKernels.weightGrad(dS, X, view(grad.subarray(0, c * d), c, d));
  reg.addGrad(theta.subarray(0, c * d), grad.subarray(0, c * d));
  refKernels.biasGrad(dS, grad.subarray(c * d));
  if (options.regularizeBias) reg.addGrad(theta.subarray(c * d), grad.subarray(c * d));
  const report = gradcheck(f, theta, grad, { h, floor: options.floor ?? 1e-9 });
  const i = report.worst.index;
  const where = i < c * d ? `W[${Math.floor(i / d)}][${i % d}]` : `b[${i - c * d}]`;
  return { ...report, where, h, draws };
}
