import { describe, expect, it } from 'vitest';
import { Rng } from '../tensor/rng.js';
import {
  DEFAULT_LAMBDA_RANGE,
  defaultLearningRateRange,
  logGrid,
  logUniform,
  planTrials,
  rankTrials,
  trialCount,
  type SearchSpace,
  type TrialResult,
} from './search.js';

const space: SearchSpace = {
  losses: ['softmax', 'squared'],
  batchSizes: [64, 128],
  learningRate: defaultLearningRateRange,
  lambda: DEFAULT_LAMBDA_RANGE,
};

describe('search plans', () => {
  it('log-uniform and log-spaced values, by hand', () => {
    expect(logUniform({ lo: 1e-4, hi: 1e-2 }, 0)).toBe(1e-4);
    expect(logUniform({ lo: 1e-4, hi: 1e-2 }, 0.5)).toBeCloseTo(1e-3, 15);
    expect(logUniform({ lo: 0.3, hi: 0.3 }, 0.7)).toBe(0.3);
    expect(logGrid({ lo: 1e-6, hi: 1e-2 }, 3)).toEqual([1e-6, expect.closeTo(1e-4, 18), 1e-2]);
    expect(logGrid({ lo: 1, hi: 1000 }, 4).map((v) => Number(v.toPrecision(12)))).toEqual([1, 10, 100, 1000]);
    expect(logGrid({ lo: 0.01, hi: 1 }, 1)).toEqual([0.1]);
    expect(logGrid({ lo: 0, hi: 0 }, 3)).toEqual([0]);
  });

  it('default η ranges sit around the training defaults (0.3; 0.01 for the squared hinge)', () => {
    expect(defaultLearningRateRange('softmax')).toEqual({ lo: expect.closeTo(0.03, 15), hi: expect.closeTo(0.9, 15) });
    expect(defaultLearningRateRange('squared')).toEqual({ lo: 0.001, hi: 0.03 });
  });

  it('random: the same seed gives the same trials; each draws loss, batch, η, λ, seed in that order', () => {
    const a = planTrials(space, { kind: 'random', trials: 5 }, 42);
    expect(planTrials(space, { kind: 'random', trials: 5 }, 42)).toEqual(a);
    expect(planTrials(space, { kind: 'random', trials: 5 }, 43)).not.toEqual(a);
    const rng = new Rng(42);
    const loss = space.losses[rng.int(2)]!;
    const batchSize = space.batchSizes[rng.int(2)]!;
    const lr = logUniform(defaultLearningRateRange(loss), rng.uniform());
    const lambda = logUniform(DEFAULT_LAMBDA_RANGE, rng.uniform());
    expect(a[0]).toEqual({ id: 1, loss, batchSize, learningRate: lr, lambda, seed: rng.nextSeed() });
    for (const t of a) {
      const r = defaultLearningRateRange(t.loss);
      expect(t.learningRate).toBeGreaterThanOrEqual(r.lo);
      expect(t.learningRate).toBeLessThan(r.hi);
      expect(t.lambda).toBeGreaterThanOrEqual(1e-6);
      expect(t.lambda).toBeLessThan(1e-2);
    }
    // A longer plan starts with the shorter one: more trials never change the first ones.
    expect(planTrials(space, { kind: 'random', trials: 8 }, 42).slice(0, 5)).toEqual(a);
  });

  it('grid: every loss × batch × η × λ, λ fastest', () => {
    const g = planTrials(space, { kind: 'grid', points: 2 }, 0);
    expect(g).toHaveLength(2 * 2 * 2 * 2);
    expect(g.map((t) => [t.loss, t.batchSize, t.learningRate, t.lambda]).slice(0, 5)).toEqual([
      ['softmax', 64, expect.closeTo(0.03, 15), 1e-6],
      ['softmax', 64, expect.closeTo(0.03, 15), 1e-2],
      ['softmax', 64, expect.closeTo(0.9, 15), 1e-6],
      ['softmax', 64, expect.closeTo(0.9, 15), 1e-2],
      ['softmax', 128, expect.closeTo(0.03, 15), 1e-6],
    ]);
    expect(g.map((t) => t.id)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(g.map((t) => t.seed)).size).toBe(16);
  });

  it('refuses empty lists and ranges that cannot be searched on a log scale', () => {
    expect(() => planTrials({ ...space, losses: [] }, { kind: 'random', trials: 1 }, 0)).toThrow(/losses: must name at least one loss/);
    expect(() => planTrials({ ...space, batchSizes: [0] }, { kind: 'random', trials: 1 }, 0)).toThrow(/batchSizes: must be whole numbers ≥ 1/);
    expect(() => planTrials({ ...space, lambda: { lo: 0, hi: 1 } }, { kind: 'random', trials: 1 }, 0)).toThrow(/a log-scale range cannot start at 0/);
    expect(() => planTrials(space, { kind: 'random', trials: 0 }, 0)).toThrow(/trials: must be a whole number ≥ 1/);
    // Found by the fuzz suite: --trials 1e9 ran the process out of memory drawing the plan.
    expect(() => planTrials(space, { kind: 'random', trials: 1e9 }, 0)).toThrow('trials: the plan has 1000000000 trials, more than the 100000 a search holds');
    expect(() => planTrials(space, { kind: 'grid', points: 1000 }, 0)).toThrow('points: the plan has 4000000 trials, more than the 100000 a search holds');
    expect(trialCount({ ...space, lambda: { lo: 1e-4, hi: 1e-4 } }, { kind: 'grid', points: 5 })).toBe(2 * 2 * 5 * 1);
  });
});

describe('rankTrials', () => {
  const base = { loss: 'softmax', batchSize: 64, learningRate: 0.1, lambda: 1e-4, seed: 1 } as const;
  const ok = (id: number, valAccuracy: number): TrialResult => ({
    ...base,
    id,
    status: 'ok',
    valAccuracy,
    trainAccuracy: 0.9,
    dataLoss: 0.3,
    regLoss: 0.01,
    epochs: 1,
    seconds: 1,
    attempts: 1,
    kernels: 'ref',
  });
  const failed = (id: number): TrialResult => ({ ...base, id, status: 'failed', error: 'x', code: 'E_DIVERGED', seconds: 0, attempts: 1 });

  it('by validation accuracy, ties to the lower trial, failed trials last; completion order does not matter', () => {
    const results = [failed(2), ok(5, 0.9), ok(3, 0.95), ok(1, 0.9), failed(4)];
    const order = rankTrials(results).map((r) => r.id);
    expect(order).toEqual([3, 1, 5, 2, 4]);
    expect(rankTrials([...results].reverse()).map((r) => r.id)).toEqual(order);
  });
});
