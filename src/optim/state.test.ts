import { describe, expect, it } from 'vitest';
import { adam, momentum } from './aliases.js';
import { exportOptState, importOptState } from './state.js';
import { applyUpdates, applyUpdatesIfFinite } from './transform.js';

function steps(opt: ReturnType<typeof adam>, state: ReturnType<ReturnType<typeof adam>['init']>, w: Float32Array, n: number, t0: number): void {
  for (let t = t0; t < t0 + n; t++) {
    const g = Float32Array.from(w, (x, i) => x - i + Math.cos(t));
    opt.update([g], state, [w]);
    applyUpdates([w], [g]);
  }
}

describe('optimizer state snapshots', () => {
  it('export → import into a fresh state resumes bit for bit', () => {
    const opt = adam({ learningRate: 0.05 });
    const w = Float32Array.of(1, 2, 3);
    const state = opt.init([w]);
    steps(opt, state, w, 3, 0);
    const snap = exportOptState(state);
    const wSaved = w.slice();
    steps(opt, state, w, 4, 3);

    const w2 = wSaved.slice();
    const state2 = opt.init([w2]);
    importOptState(state2, snap);
    steps(opt, state2, w2, 4, 3);
    expect(w2).toEqual(w);
  });

  it('names entries by chain position and copies them', () => {
    const opt = adam({ learningRate: 0.05 });
    const w = Float32Array.of(1, 2);
    const state = opt.init([w]);
    steps(opt, state, w, 2, 0);
    const snap = exportOptState(state);
    expect(Object.keys(snap.scalars).sort()).toEqual(['0/count', '1/count']);
    expect(Object.keys(snap.tensors).sort()).toEqual(['0/mu/0', '0/nu/0']);
    expect(snap.scalars['0/count']).toBe(2);
    expect(snap.tensors['0/mu/0']).not.toBe(state.children[0]!.tensors['mu/0']);
    expect(snap.tensors['0/mu/0']).toEqual(state.children[0]!.tensors['mu/0']);
  });

  it('refuses a snapshot of another optimizer or other shapes, changing nothing', () => {
    const w = Float32Array.of(1, 2);
    const a = adam({ learningRate: 0.1 }).init([w]);
    const m = momentum({ learningRate: 0.1 }).init([w]);
    expect(() => importOptState(a, exportOptState(m))).toThrow(/has no tensor '0\/mu\/0'/);
    const bigger = adam({ learningRate: 0.1 }).init([new Float32Array(3)]);
    expect(() => importOptState(a, exportOptState(bigger))).toThrow(/'0\/mu\/0' has length 3, the optimizer's has 2/);
    const f64 = adam({ learningRate: 0.1 }).init([new Float64Array(2)]);
    expect(() => importOptState(a, exportOptState(f64))).toThrow(/is a Float64Array, the optimizer's is a Float32Array/);
    const snap = exportOptState(a);
    expect(() => importOptState(a, { ...snap, scalars: { ...snap.scalars, '0/count': Number.NaN } })).toThrow(/scalar '0\/count' is NaN/);
    expect(() => importOptState(a, { ...snap, scalars: { ...snap.scalars, extra: 1 } })).toThrow(/unexpected scalar 'extra'/);
  });
});

describe('applyUpdatesIfFinite', () => {
  it('applies finite updates', () => {
    const w = Float32Array.of(1, 2);
    expect(applyUpdatesIfFinite([w], [Float32Array.of(0.5, -1)])).toBeNull();
    expect(w).toEqual(Float32Array.of(1.5, 1));
  });

  it('leaves every tensor untouched when one value would overflow float32', () => {
    const w = Float32Array.of(1, 3e38);
    const b = Float32Array.of(7);
    expect(applyUpdatesIfFinite([b, w], [Float32Array.of(1), Float32Array.of(1, 3e38)])).toEqual({ tensor: 1, index: 1 });
    expect(w).toEqual(Float32Array.of(1, 3e38));
    expect(b).toEqual(Float32Array.of(7));
  });

  it('catches NaN', () => {
    const w = Float32Array.of(1);
    expect(applyUpdatesIfFinite([w], [Float32Array.of(Number.NaN)])).toEqual({ tensor: 0, index: 0 });
    expect(w[0]).toBe(1);
  });
});
