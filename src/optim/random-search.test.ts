import { describe, expect, it } from 'vitest';
import { randomLocalSearch, randomSearch, searchMinimize } from './random-search.js';
import type { Params } from './transform.js';

// The bowl f(θ) = Σ (θᵢ − 1)², minimum 0 at θ = 1.
const bowl = (p: Params): number => {
  let s = 0;
  for (const t of p) for (let i = 0; i < t.length; i++) s += (t[i]! - 1) ** 2;
  return s;
};

describe('random search and random local search', () => {
  it('random local search walks down the bowl', () => {
    const theta = [new Float64Array(5)];
    const start = bowl(theta); // 5
    const r = searchMinimize(bowl, theta, { strategy: randomLocalSearch(), steps: 2000, stepSize: 0.05, seed: 1 });
    expect(start).toBe(5);
    expect(r.loss).toBeLessThan(0.05);
    expect(r.loss).toBe(bowl(theta));
    expect(r.accepted).toBeGreaterThan(10);
  });

  it('random search only ever keeps a better point, and is worse than local search at equal cost', () => {
    const theta = [new Float64Array(5)];
    const r = searchMinimize(bowl, theta, { strategy: randomSearch(), steps: 2000, stepSize: 1, seed: 1 });
    expect(r.loss).toBeLessThan(5);
    const local = searchMinimize(bowl, [new Float64Array(5)], { strategy: randomLocalSearch(), steps: 2000, stepSize: 0.05, seed: 1 });
    expect(local.loss).toBeLessThan(r.loss);
  });

  it('is reproducible from the seed', () => {
    const a = [new Float32Array(4)];
    const b = [new Float32Array(4)];
    searchMinimize(bowl, a, { strategy: randomLocalSearch(), steps: 100, stepSize: 0.1, seed: 7 });
    searchMinimize(bowl, b, { strategy: randomLocalSearch(), steps: 100, stepSize: 0.1, seed: 7 });
    expect(a[0]).toEqual(b[0]);
  });

  it('never accepts when no candidate is better (σ = 0 at the optimum)', () => {
    const theta = [Float64Array.of(1, 1)];
    const r = searchMinimize(bowl, theta, { strategy: randomLocalSearch(), steps: 10, stepSize: 0, seed: 1 });
    expect(r).toEqual({ loss: 0, accepted: 0 });
  });
});
