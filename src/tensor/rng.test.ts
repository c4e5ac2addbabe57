import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is xoshiro128**: from state (1, 2, 3, 4) it matches the authors\' C reference', () => {
    // Values printed by Blackman & Vigna's xoshiro128starstar.c seeded with s = {1, 2, 3, 4}.
    const r = Rng.fromState({ s: [1, 2, 3, 4], spare: null });
    expect([0, 1, 2, 3, 4, 5].map(() => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('restores its state exactly, including a cached normal', () => {
    const r = new Rng(7);
    r.normal(); // leaves a spare cached
    const saved = r.getState();
    expect(saved.spare).not.toBeNull();
    const tail = [r.normal(), r.normal(), r.uniform(), r.int(10)];
    const again = Rng.fromState(JSON.parse(JSON.stringify(saved)) as typeof saved);
    expect([again.normal(), again.normal(), again.uniform(), again.int(10)]).toEqual(tail);
  });

  it('draws uniforms in [0, 1) with mean ≈ 1/2 and normals with mean ≈ 0, variance ≈ 1', () => {
    const r = new Rng(1);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    // Standard errors: 0.29/√n ≈ 6.5e-4 and 1/√n ≈ 2.2e-3; 5 of them is a safe band.
    expect(Math.abs(su / n - 0.5)).toBeLessThan(0.0033);
    expect(Math.abs(sn / n)).toBeLessThan(0.011);
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.016);
  });

  it('int(n) is unbiased across 0..n−1', () => {
    const r = new Rng(3);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('permutation is a permutation and choice draws distinct indices', () => {
    const r = new Rng(5);
    const p = r.permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const c = r.choice(1_000_000_000, 10);
    expect(new Set(c).size).toBe(10);
    for (const v of c) expect(v >= 0 && v < 1_000_000_000).toBe(true);
    const all = r.choice(5, 5);
    expect([...all].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses bad arguments with errors that name them', () => {
    expect(() => new Rng(-1)).toThrow(ArgumentError);
    expect(() => new Rng(1.5)).toThrow(/seed/);
    expect(() => new Rng(1).int(0)).toThrow(/n: must be/);
    expect(() => new Rng(1).choice(3, 4)).toThrow(/cannot choose 4 distinct items out of 3/);
    expect(() => Rng.fromState({ s: [0, 0, 0, 0], spare: null })).toThrow(/all-zero/);
  });
});
