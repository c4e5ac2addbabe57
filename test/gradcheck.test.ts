/**
 * Every loss and regularizer against a numerical gradient (centered differences, float64), on random
 * problems away from the kinks (the table tests pin the kinks). Two levels: ∂L/∂S from each loss, and the
 * whole chain ∂(data loss + λR)/∂W and ∂/∂b through the reference kernels, as training uses it.
 */
import { describe, expect, it } from 'vitest';
import { refKernels } from '../src/kernels/ref/index.js';
import { lossInto, type LossSpec } from '../src/losses/index.js';
import { elasticNet, l1, l2, type Regularizer } from '../src/regularizers/index.js';
import { gradcheck } from '../src/train/gradcheck.js';
import { view, zeros } from '../src/tensor/matrix.js';
import { Rng } from '../src/tensor/rng.js';

const SPECS: LossSpec[] = [
  { name: 'ww' },
  { name: 'ww', margin: 2.5 },
  { name: 'ova' },
  { name: 'cs' },
  { name: 'squared' },
  { name: 'squared', margin: 0.5 },
  { name: 'softmax' },
  { name: 'softmax', smoothing: 0.1 },
];
const TOL = (spec: LossSpec) => (spec.name === 'softmax' ? 1e-7 : 1e-9);
/**
 * Step h per family. The hinges are piecewise linear or quadratic, so a centered difference that stays on one
 * piece is exact but for rounding, ≈ ε·|f|/h: h = 1e-3 (with every kink ≥ 1e-2 away) keeps that near 1e-12.
 * Softmax is smooth: the default h = 1e-5 balances truncation (h²) against rounding.
 */
const H = (spec: LossSpec) => (spec.name === 'softmax' ? 1e-5 : 1e-3);
const KINK_CLEARANCE = 1e-2;

/** Distance of the nearest hinge term to its kink, for the scores S (softmax has none). */
function distanceToKink(spec: LossSpec, s: Float64Array, y: Int32Array, c: number): number {
  if (spec.name === 'softmax') return Infinity;
  const d = spec.margin ?? 1;
  let nearest = Infinity;
  for (let i = 0; i < y.length; i++) {
    const row = s.subarray(i * c, (i + 1) * c);
    const sy = row[y[i]!]!;
    const wrong = Array.from(row).filter((_, j) => j !== y[i]);
    const terms =
      spec.name === 'ova'
        ? Array.from(row, (v, j) => d - (j === y[i] ? v : -v))
        : spec.name === 'cs'
          ? [d + Math.max(...wrong) - sy, ...wrong.map((v) => Math.max(...wrong) - v).filter((g) => g > 0)]
          : wrong.map((v) => v - sy + d);
    for (const t of terms) nearest = Math.min(nearest, Math.abs(t));
  }
  return nearest;
}

describe('∂L/∂S of every loss matches centered differences', () => {
  for (const spec of SPECS) {
    it(`${spec.name}${spec.margin ? ` Δ=${spec.margin}` : ''}${spec.smoothing ? ` ε=${spec.smoothing}` : ''}`, () => {
      const rng = new Rng(11);
      const n = 6;
      const c = 5;
      let checked = 0;
      for (let trial = 0; checked < 20 && trial < 1000; trial++) {
        const s = new Float64Array(n * c);
        rng.fillNormal(s, 1);
        const y = Int32Array.from({ length: n }, () => rng.int(c));
        if (distanceToKink(spec, s, y, c) < KINK_CLEARANCE) continue;
        const S = view(s, n, c);
        const dS = zeros(n, c, 'float64');
        lossInto(spec, S, y, dS, null);
        // The relative error of a near-zero gradient is all rounding (≈ 1e-11 absolute here): skip such draws,
        // as the kinks are skipped. Hinge gradients are 0 or ≥ 1/n, so this only ever skips softmax draws.
        if (dS.data.some((g) => g !== 0 && Math.abs(g) < 1e-3)) continue;
        const f = (t: Float64Array) => lossInto(spec, view(t, n, c), y, null, null) / n;
        const r = gradcheck(f, s, dS.data, { h: H(spec) });
        expect(r.worstRelError).toBeLessThan(TOL(spec));
        checked++;
      }
      expect(checked).toBe(20);
    });
  }
});

describe('∂(data loss + λR)/∂W and ∂/∂b through the kernels', () => {
  const regs: [string, Regularizer][] = [
    ['L2', l2(0.3)],
    ['L1', l1(0.3)],
    ['elastic net', elasticNet(0.3, 0.7)],
  ];
  for (const spec of [SPECS[0]!, SPECS[2]!, SPECS[3]!, SPECS[4]!, SPECS[6]!]) {
    for (const [regName, reg] of regs) {
      it(`${spec.name} + ${regName}`, () => {
        const rng = new Rng(5);
        const n = 8;
        const d = 6;
        const c = 4;
        const X = zeros(n, d, 'float64');
        rng.fillNormal(X.data);
        const y = Int32Array.from({ length: n }, () => rng.int(c));
        const theta = new Float64Array(c * d + c); // W then b
        let tries = 0;
        const S = zeros(n, c, 'float64');
        const forward = (t: Float64Array) => {
          const W = view(t.subarray(0, c * d), c, d);
          refKernels.linearScores(X, W, t.subarray(c * d), S);
          return W;
        };
        // Draw W, b until no hinge term and no weight sits within KINK_CLEARANCE of a kink.
        for (;;) {
          rng.fillNormal(theta, 0.8);
          forward(theta);
          const nearZero = Array.from(theta.subarray(0, c * d)).some((w) => Math.abs(w) < KINK_CLEARANCE);
          if (!nearZero && distanceToKink(spec, S.data as Float64Array, y, c) > KINK_CLEARANCE) break;
          if (++tries > 1000) throw new Error('could not draw a problem away from kinks');
        }
        const f = (t: Float64Array) => {
          const W = forward(t);
          return lossInto(spec, S, y, null, null) / n + reg.penalty(W.data);
        };
        // Analytic: dS from the loss, dW = dSᵀX + ∂λR/∂W, db = Σ dS (bias not regularized).
        const W = forward(theta);
        const dS = zeros(n, c, 'float64');
        lossInto(spec, S, y, dS, null);
        const grad = new Float64Array(c * d + c);
        const dW = view(grad.subarray(0, c * d), c, d);
        refKernels.weightGrad(dS, X, dW);
        reg.addGrad(W.data, dW.data);
        refKernels.biasGrad(dS, grad.subarray(c * d));
        // Hinge + L2/L1/elastic is piecewise quadratic in W: the hinge step applies; softmax is smooth.
        const r = gradcheck(f, theta, grad, { h: H(spec) });
        expect(r.worstRelError).toBeLessThan(TOL(spec));
        expect(r.checked).toBe(c * d + c);
      });
    }
  }
});

describe('regularizers alone', () => {
  for (const [name, reg] of [
    ['L2', l2(0.25)],
    ['L1', l1(0.25)],
    ['elastic net', elasticNet(0.25, 2)],
  ] as const) {
    it(`${name}: gradient matches, the mask excludes entries`, () => {
      const w = Float64Array.from([0.5, -1.5, 2, -0.25, 3]);
      const g = new Float64Array(5);
      reg.addGrad(w, g);
      expect(gradcheck((t) => reg.penalty(t), w, g).worstRelError).toBeLessThan(1e-7);
      const mask = Uint8Array.from([1, 1, 1, 1, 0]);
      const gm = new Float64Array(5);
      reg.addGrad(w, gm, mask);
      expect(gm[4]).toBe(0);
      expect(reg.penalty(w, mask)).toBeCloseTo(reg.penalty(w.subarray(0, 4)), 14);
    });
  }
});
