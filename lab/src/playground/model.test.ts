import { describe, expect, it } from 'vitest';
import { hingeWestonWatkins, LOSS_NAMES, softmaxCrossEntropy } from '../../../src/losses/index.js';
import { gradcheck } from '../../../src/train/gradcheck.js';
import { Rng } from '../../../src/tensor/rng.js';
import { fromRows } from '../../../src/tensor/matrix.js';
import {
  DEFAULT_POINTS,
  DEFAULT_SETTINGS,
  defaultParams,
  evaluate,
  gradientStep,
  Stepper,
  totalAt,
  type Point,
  type Settings,
} from './model.js';
import { PRESETS } from './presets.js';

describe('playground model at the CS231n defaults', () => {
  it('gives the issue numbers for Weston–Watkins: data 2.77, regularization 3.50, total 6.27', () => {
    const ev = evaluate(DEFAULT_POINTS, defaultParams(), DEFAULT_SETTINGS);
    expect(ev.dataLoss.toFixed(2)).toBe('2.77');
    expect(ev.regLoss.toFixed(2)).toBe('3.50');
    expect(ev.total.toFixed(2)).toBe('6.27');
    // λΣW² = 0.1·(1 + 4 + 4 + 16 + 9 + 1) = 3.5 exactly in the lecture's convention.
    expect(ev.regLoss).toBeCloseTo(3.5, 12);
    // By hand, point 0 = (0.5, 0.4), class 0: s = (1.3, −0.1, 0.6); terms max(0, −0.1 − 1.3 + 1) + max(0, 0.6 − 1.3 + 1) = 0 + 0.3.
    expect(Array.from(ev.scores.data.subarray(0, 3))).toEqual([1.3, expect.closeTo(-0.1, 12), expect.closeTo(0.6, 12)]);
    expect(ev.perExample[0]).toBeCloseTo(0.3, 12);
  });

  it('takes its per-point losses from the library (the same as hingeWestonWatkins on the scores)', () => {
    const ev = evaluate(DEFAULT_POINTS, defaultParams(), DEFAULT_SETTINGS);
    const S = fromRows(Array.from({ length: 9 }, (_, i) => Array.from(ev.scores.data.subarray(i * 3, i * 3 + 3))), 'float64');
    const labels = DEFAULT_POINTS.map((p) => p.label);
    expect(Array.from(ev.perExample)).toEqual(Array.from(hingeWestonWatkins(S, labels).perExample));
    const soft = evaluate(DEFAULT_POINTS, defaultParams(), { ...DEFAULT_SETTINGS, loss: 'softmax' });
    expect(soft.dataLoss).toBe(softmaxCrossEntropy(S, labels).loss);
  });

  it('regularizes the bias only when asked: 0.1·(0.25 + 0.25) more', () => {
    const off = evaluate(DEFAULT_POINTS, defaultParams(), DEFAULT_SETTINGS);
    const on = evaluate(DEFAULT_POINTS, defaultParams(), { ...DEFAULT_SETTINGS, regularizeBias: true });
    expect(on.regLoss - off.regLoss).toBeCloseTo(0.05, 12);
    // ∂(λΣb²)/∂b = 2λb = (0, 0.1, −0.1).
    expect(on.db[1]! - off.db[1]!).toBeCloseTo(0.1, 12);
    expect(on.db[2]! - off.db[2]!).toBeCloseTo(-0.1, 12);
  });

  it('has the exact regularization gradient 2λW (not the demo’s smaller one)', () => {
    const noData: Point[] = [];
    const ev = evaluate(noData, defaultParams(), DEFAULT_SETTINGS);
    expect(Array.from(ev.dW)).toEqual([0.2, 0.4, 0.4, -0.8, expect.closeTo(0.6, 12), -0.2]);
    expect(ev.dataLoss).toBe(0);
  });

  it('lowers the total with one step of size 0.1', () => {
    const params = defaultParams();
    const ev = evaluate(DEFAULT_POINTS, params, DEFAULT_SETTINGS);
    const stepped = gradientStep(params, ev, 0.1);
    // θ − η∇θ, coordinate by coordinate.
    expect(stepped.W[0]).toBeCloseTo(1 - 0.1 * ev.dW[0]!, 15);
    expect(stepped.b[1]).toBeCloseTo(0.5 - 0.1 * ev.db[1]!, 15);
    const next = evaluate(DEFAULT_POINTS, stepped, DEFAULT_SETTINGS);
    expect(next.total).toBeLessThan(ev.total);
  });

  it('keeps momentum between steps and forgets it on reset', () => {
    const stepper = new Stepper();
    let params = defaultParams();
    const totals: number[] = [];
    for (let t = 0; t < 30; t++) {
      const ev = evaluate(DEFAULT_POINTS, params, DEFAULT_SETTINGS);
      totals.push(ev.total);
      params = stepper.step(params, ev, 'momentum', 0.05);
    }
    expect(totals.at(-1)!).toBeLessThan(totals[0]! / 2);
    // After reset, the first momentum step equals a plain sgd step.
    stepper.reset();
    const ev = evaluate(DEFAULT_POINTS, params, DEFAULT_SETTINGS);
    expect(Array.from(stepper.step(params, ev, 'momentum', 0.05).W)).toEqual(Array.from(gradientStep(params, ev, 0.05).W));
  });
});

describe('playground gradients against centered differences', () => {
  const settingsList: Settings[] = [];
  for (const loss of LOSS_NAMES) {
    for (const regularizeBias of [false, true]) {
      settingsList.push({ loss, margin: loss === 'softmax' ? 1 : 0.7, lambda: 0.3, regularizer: 'l2', regularizeBias });
    }
  }
  settingsList.push({ loss: 'ww', margin: 1, lambda: 0.2, regularizer: 'l1', regularizeBias: true });
  settingsList.push({ loss: 'softmax', margin: 1, lambda: 0.2, regularizer: 'elastic', regularizeBias: false });

  it.each(settingsList.map((s) => [`${s.loss} ${s.regularizer} bias=${s.regularizeBias}`, s] as const))(
    '%s: every parameter within 1e-6 relative error',
    (_name, settings) => {
      // Random parameters on the outlier preset: margins away from the kinks with overwhelming probability;
      // the seed pins it and the check below asserts no hinge term sits within 1e-3 of its kink.
      const rng = new Rng(7);
      const theta = new Float64Array(9);
      rng.fillNormal(theta);
      const points = PRESETS.outlier;
      const ev = evaluate(points, { W: theta.subarray(0, 6), b: theta.subarray(6) }, settings);
      for (let i = 0; i < points.length; i++) {
        const s = ev.scores.data.subarray(i * 3, i * 3 + 3);
        const y = points[i]!.label;
        for (let j = 0; j < 3; j++) {
          if (settings.loss === 'ova') expect(Math.abs(settings.margin - (j === y ? 1 : -1) * s[j]!)).toBeGreaterThan(1e-3);
          else if (settings.loss !== 'softmax' && j !== y) expect(Math.abs(s[j]! - s[y]! + settings.margin)).toBeGreaterThan(1e-3);
        }
      }
      const analytic = Float64Array.from([...ev.dW, ...ev.db]);
      const report = gradcheck((t) => totalAt(points, t, settings), theta, analytic);
      // A true zero (a class no point is pushing) comes out as ±3e-17 analytically and 0 numerically, a
      // relative error of 1: such coordinates are held to an absolute 1e-12 instead.
      for (const c of report.coordinates) {
        if (Math.max(Math.abs(c.analytic), Math.abs(c.numeric)) < 1e-12) continue;
        expect(c.relError, `coordinate ${c.index}`).toBeLessThan(1e-6);
      }
      expect(report.checked).toBe(9);
    },
  );

  it.each([2, 4])('would catch a regularization gradient %i× too small (like the original demo’s)', (factor) => {
    const params = defaultParams();
    const theta = Float64Array.from([...params.W, ...params.b]);
    const ev = evaluate(PRESETS.separable, params, DEFAULT_SETTINGS);
    const wrong = Float64Array.from([...ev.dW, ...ev.db]);
    // Replace the exact 2λW by 2λW / factor.
    for (let i = 0; i < 6; i++) wrong[i] = wrong[i]! - (1 - 1 / factor) * 2 * DEFAULT_SETTINGS.lambda * params.W[i]!;
    const report = gradcheck((t) => totalAt(PRESETS.separable, t, DEFAULT_SETTINGS), theta, wrong);
    expect(report.worstRelError).toBeGreaterThan(1e-2);
  });
});
