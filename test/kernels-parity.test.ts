/**
 * Parity: every kernel, reference vs WASM (one thread) vs WASM threads, on the same fixtures.
 *
 * Tolerances (float32 kernels; the reference accumulates in float64):
 * - products and distances: |fast − ref| ≤ 2⁻¹⁶·Σₖ|termₖ| per entry (the sum of the absolute terms bounds the
 *   rounding of any summation order; float32 ε = 2⁻²³, and four-lane partial sums over K ≤ 1100 stay well
 *   inside 2⁷ ε),
 * - losses: relative 1e-12 (the same float64 arithmetic; exp/log may differ in the last bit between engines),
 *   gradients within one float32 rounding (relative 2⁻²³ plus 1e-12),
 * - integer paths (byte distances, top-k indices): exactly equal.
 *
 * Each WASM call must raise the instance's kernel-entry counter: a fixture that silently fell back to the
 * reference would fail here. The threaded set runs with 3 threads and `minParallelWork: 0`, so even a 1×1
 * fixture is split across threads (and some threads get empty shares).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernels } from '../src/kernels/api.js';
import { refKernels } from '../src/kernels/ref/index.js';
import { selectKernels } from '../src/kernels/select.js';
import type { WasmKernels } from '../src/kernels/wasm/kernels.js';
import { LOSS_NAMES, type LossSpec } from '../src/losses/spec.js';
import { Rng } from '../src/tensor/rng.js';
import type { ByteMatrix, IntMatrix, Matrix32 } from '../src/tensor/matrix.js';

let wasm: WasmKernels;
let threads: WasmKernels;

beforeAll(async () => {
  wasm = (await selectKernels('wasm')) as WasmKernels;
  threads = (await selectKernels('wasm-threads', { threads: 3, minParallelWork: 0 })) as WasmKernels;
});
afterAll(() => threads.close());

const rng = new Rng(20240607);

function randMatrix(rows: number, cols: number, scale = 1): Matrix32 {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = (rng.uniform() * 2 - 1) * scale;
  return { data, rows, cols };
}
function randBytes(rows: number, cols: number): ByteMatrix {
  const data = new Uint8Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng.uniform() * 256);
  return { data, rows, cols };
}
const zeros32 = (rows: number, cols: number): Matrix32 => ({ data: new Float32Array(rows * cols), rows, cols });
const abs = (m: Matrix32): Matrix32 => ({ data: m.data.map(Math.abs), rows: m.rows, cols: m.cols });

/** A copy of `m` inside the kernels' memory (the fast case), or `m` itself (the copy-in case). */
function place(k: Kernels, m: Matrix32, resident: boolean): Matrix32 {
  if (!resident) return m;
  const r = k.alloc(m.rows, m.cols);
  r.data.set(m.data);
  return r;
}
function placeBytes(k: Kernels, m: ByteMatrix, resident: boolean): ByteMatrix {
  if (!resident) return m;
  const r = k.allocBytes(m.rows, m.cols);
  r.data.set(m.data);
  return r;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, bound: ArrayLike<number>, what: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!);
    if (!(err <= bound[i]!)) throw new Error(`${what}: entry ${i} is ${got[i]}, reference ${want[i]}, allowed error ${bound[i]}`);
  }
}
const TOL = 2 ** -16;
const scaled = (a: ArrayLike<number>): Float64Array => Float64Array.from(a, (v) => TOL * v + 1e-30);

/** Runs `body` and checks the WASM counter moved, i.e. the call did not fall back to the reference. */
function ran(k: WasmKernels, body: () => void): void {
  const before = k.wasmCalls();
  body();
  expect(k.wasmCalls(), 'the WASM kernel really ran').toBeGreaterThan(before);
}

// [M, N, K]: 1×1×1, odd sizes, sizes not multiples of the vector width (4), the tile (2×4) or the u8 step
// (8), one that crosses the k-block (1024) and the B-row block (64), and the MNIST-like skinny product.
const SHAPES: readonly [number, number, number][] = [
  [1, 1, 1],
  [1, 3, 2],
  [2, 4, 4],
  [3, 5, 7],
  [5, 9, 17],
  [17, 13, 33],
  [7, 67, 1030],
  [33, 10, 784],
];

const sets = (): [string, WasmKernels][] => [
  ['wasm', wasm],
  ['wasm-threads', threads],
];

describe('kernel selection', () => {
  it('says what it chose and why', async () => {
    expect(wasm.info.name).toBe('wasm');
    expect(wasm.info.simd).toBe(true);
    expect(wasm.info.reason).toMatch(/'wasm' was asked for; relaxed|'wasm' was asked for; .*two instructions/);
    expect(threads.info.name).toBe('wasm-threads');
    expect(threads.info.threads).toBe(3);
    expect(threads.info.reason).toMatch(/3 threads \(\d+ cores, shared memory and blocking waits are available\)/);
    const auto = await selectKernels('auto');
    expect(auto.info.reason).toMatch(/^auto: WebAssembly SIMD is available/);
    expect(auto.info.name).toBe(auto.info.threads > 1 ? 'wasm-threads' : 'wasm');
    const noRelaxed = await selectKernels('wasm', { relaxedSimd: false });
    expect(noRelaxed.info.relaxedSimd).toBe(false);
    expect(noRelaxed.info.reason).toMatch(/relaxed SIMD was not allowed by the caller/);
    expect(await selectKernels('ref')).toBe(refKernels);
  });

  it('rejects a thread count that is not a whole number ≥ 1', async () => {
    await expect(selectKernels('wasm-threads', { threads: 0 })).rejects.toThrow('threads: must be a whole number ≥ 1, got 0');
  });
});

describe.each([true, false])('products (operands resident in WASM memory: %s)', (resident) => {
  it.each(SHAPES)('matmulABt and linearScores agree with the reference for [%i, %i, %i]', (m, n, kk) => {
    const A = randMatrix(m, kk);
    const B = randMatrix(n, kk, 1000); // large values
    const bias = randMatrix(1, n).data;
    const want = zeros32(m, n);
    const bound = zeros32(m, n);
    refKernels.matmulABt(A, B, want);
    refKernels.matmulABt(abs(A), abs(B), bound);
    const wantS = zeros32(m, n);
    refKernels.linearScores(A, B, bias, wantS);
    for (const [name, k] of sets()) {
      const out = place(k, zeros32(m, n), resident);
      ran(k, () => k.matmulABt(place(k, A, resident), place(k, B, resident), out));
      expectClose(out.data, want.data, scaled(bound.data), `${name} matmulABt`);
      const S = place(k, zeros32(m, n), resident);
      ran(k, () => k.linearScores(place(k, A, resident), place(k, B, resident), bias, S));
      expectClose(S.data, wantS.data, scaled(bound.data.map((v, i) => v + Math.abs(bias[i % n]!))), `${name} linearScores`);
      const S0 = place(k, zeros32(m, n), resident);
      ran(k, () => k.linearScores(place(k, A, resident), place(k, B, resident), null, S0));
      expectClose(S0.data, want.data, scaled(bound.data), `${name} linearScores without bias`);
    }
  });

  it.each(SHAPES)('weightGrad and biasGrad agree with the reference for N, C, D = %i, %i, %i', (n, c, d) => {
    const dS = randMatrix(n, c);
    const X = randMatrix(n, d, 255);
    const want = zeros32(c, d);
    const bound = zeros32(c, d);
    refKernels.weightGrad(dS, X, want);
    refKernels.weightGrad(abs(dS), abs(X), bound);
    const wantB = new Float64Array(c);
    refKernels.biasGrad(dS, wantB);
    for (const [name, k] of sets()) {
      const out = place(k, randMatrix(c, d), resident); // garbage in the output must be overwritten
      ran(k, () => k.weightGrad(place(k, dS, resident), place(k, X, resident), out));
      expectClose(out.data, want.data, scaled(bound.data), `${name} weightGrad`);
      const db = new Float64Array(c).fill(7);
      ran(k, () => k.biasGrad(place(k, dS, resident), db));
      expect(Array.from(db), `${name} biasGrad`).toEqual(Array.from(wantB));
    }
  });

  it.each(SHAPES)('distances agree with the reference for [%i, %i, %i]', (m, n, kk) => {
    const A = randMatrix(m, kk, 100);
    const B = randMatrix(n, kk, 100);
    const want2 = zeros32(m, n);
    const want1 = zeros32(m, n);
    refKernels.sqL2Distances(A, B, want2);
    refKernels.l1Distances(A, B, want1);
    const Au = randBytes(m, kk);
    Au.data[0] = 255; // extremes on both sides
    const Bu = randBytes(n, kk);
    Bu.data[0] = 0;
    const wantU2: IntMatrix = { data: new Int32Array(m * n), rows: m, cols: n };
    const wantU1: IntMatrix = { data: new Int32Array(m * n), rows: m, cols: n };
    refKernels.sqL2DistancesU8(Au, Bu, wantU2);
    refKernels.l1DistancesU8(Au, Bu, wantU1);
    for (const [name, k] of sets()) {
      const o2 = place(k, zeros32(m, n), resident);
      ran(k, () => k.sqL2Distances(place(k, A, resident), place(k, B, resident), o2));
      expectClose(o2.data, want2.data, scaled(want2.data), `${name} sqL2Distances`);
      const o1 = place(k, zeros32(m, n), resident);
      ran(k, () => k.l1Distances(place(k, A, resident), place(k, B, resident), o1));
      expectClose(o1.data, want1.data, scaled(want1.data), `${name} l1Distances`);
      const u2: IntMatrix = { data: new Int32Array(m * n).fill(-1), rows: m, cols: n };
      ran(k, () => k.sqL2DistancesU8(placeBytes(k, Au, resident), placeBytes(k, Bu, resident), u2));
      expect(u2.data, `${name} sqL2DistancesU8`).toEqual(wantU2.data);
      const u1: IntMatrix = { data: new Int32Array(m * n).fill(-1), rows: m, cols: n };
      ran(k, () => k.l1DistancesU8(placeBytes(k, Au, resident), placeBytes(k, Bu, resident), u1));
      expect(u1.data, `${name} l1DistancesU8`).toEqual(wantU1.data);
    }
  });
});

describe('byte distances over several 512-row blocks of A', () => {
  it('are exact for 1030 × 7 rows', () => {
    const A = randBytes(1030, 13);
    const B = randBytes(7, 13);
    const want: IntMatrix = { data: new Int32Array(1030 * 7), rows: 1030, cols: 7 };
    refKernels.sqL2DistancesU8(A, B, want);
    for (const [name, k] of sets()) {
      const out: IntMatrix = { data: new Int32Array(1030 * 7), rows: 1030, cols: 7 };
      ran(k, () => k.sqL2DistancesU8(A, B, out));
      expect(out.data, name).toEqual(want.data);
    }
  });
});

describe('byte distances at the extremes', () => {
  it('are exact for all-255 against all-0 rows of MNIST and CIFAR length', () => {
    for (const kk of [784, 3072]) {
      const A: ByteMatrix = { data: new Uint8Array(3 * kk).fill(255), rows: 3, cols: kk };
      const B: ByteMatrix = { data: new Uint8Array(5 * kk), rows: 5, cols: kk };
      B.data.fill(255, 0, kk); // row 0 equal to A's rows
      for (const [name, k] of sets()) {
        const out: IntMatrix = { data: new Int32Array(15), rows: 3, cols: 5 };
        ran(k, () => k.sqL2DistancesU8(A, B, out));
        expect(Array.from(out.data.subarray(0, 5)), name).toEqual([0, kk * 65025, kk * 65025, kk * 65025, kk * 65025]);
        ran(k, () => k.l1DistancesU8(A, B, out));
        expect(Array.from(out.data.subarray(0, 5)), name).toEqual([0, kk * 255, kk * 255, kk * 255, kk * 255]);
      }
    }
  });
});

describe('topK', () => {
  const cases: [string, number, number][] = [
    ['1×1, k = 1', 1, 1],
    ['odd row length, k = 1', 5, 37],
    ['k = 3', 4, 103],
    ['k = N', 3, 6],
    ['long rows', 9, 1001],
  ];
  it.each(cases)('int32 and float32 rows agree exactly with the reference (%s)', (_label, m, n) => {
    for (const k of [1, 3, n].filter((v) => v <= n)) {
      // Few distinct values, so ties are everywhere: the lower column must win.
      const Di: IntMatrix = { data: new Int32Array(m * n), rows: m, cols: n };
      for (let i = 0; i < Di.data.length; i++) Di.data[i] = Math.floor(rng.uniform() * 5) - 2;
      const Df: Matrix32 = { data: Float32Array.from(Di.data, (v) => v * 0.25), rows: m, cols: n };
      for (const D of [Di, Df]) {
        const wantI = new Int32Array(m * k);
        const wantV = new Float64Array(m * k);
        refKernels.topK(D, k, wantI, wantV);
        for (const [name, kern] of sets()) {
          const gotI = new Int32Array(m * k).fill(-9);
          const gotV = new Float64Array(m * k);
          ran(kern, () => kern.topK(D, k, gotI, gotV));
          expect(gotI, `${name} indices k=${k}`).toEqual(wantI);
          expect(gotV, `${name} values k=${k}`).toEqual(wantV);
        }
      }
    }
  });

  it.each([
    [1, 1, 1, 1],
    [3, 7, 9, 2],
    [5, 70, 784, 1],
    [4, 130, 33, 5],
    [2, 6, 8, 6],
    [1030, 5, 9, 2], // more rows of A than one 512-row block
  ])('sqL2TopKU8 equals sqL2DistancesU8 then topK exactly (M %i, N %i, K %i, k %i)', (m, n, kk, k) => {
    const A = randBytes(m, kk);
    const B = randBytes(n, kk);
    // Duplicate rows of B make exact distance ties: the lower row must win.
    if (n > 4) B.data.copyWithin(3 * kk, 0, kk);
    const D: IntMatrix = { data: new Int32Array(m * n), rows: m, cols: n };
    refKernels.sqL2DistancesU8(A, B, D);
    const wantI = new Int32Array(m * k);
    const wantV = new Float64Array(m * k);
    refKernels.topK(D, k, wantI, wantV);
    const refI = new Int32Array(m * k);
    const refV = new Float64Array(m * k);
    refKernels.sqL2TopKU8(A, B, k, refI, refV);
    expect(refI).toEqual(wantI);
    expect(refV).toEqual(wantV);
    for (const [name, kern] of sets()) {
      const gotI = new Int32Array(m * k);
      const gotV = new Float64Array(m * k);
      ran(kern, () => kern.sqL2TopKU8(placeBytes(kern, A, true), B, k, gotI, gotV));
      expect(gotI, `${name} indices`).toEqual(wantI);
      expect(gotV, `${name} values`).toEqual(wantV);
    }
  });

  it('handles NaN the way the reference does', () => {
    const D: Matrix32 = { data: Float32Array.from([NaN, 3, 1, 2, NaN, 0, 5, -1, 4]), rows: 1, cols: 9 };
    for (const k of [1, 2, 4]) {
      const wantI = new Int32Array(k);
      const wantV = new Float64Array(k);
      refKernels.topK(D, k, wantI, wantV);
      for (const [name, kern] of sets()) {
        const gotI = new Int32Array(k);
        const gotV = new Float64Array(k);
        ran(kern, () => kern.topK(D, k, gotI, gotV));
        expect(gotI, name).toEqual(wantI);
        expect(gotV, name).toEqual(wantV);
      }
    }
  });
});

describe('row reductions', () => {
  it.each([
    [1, 1],
    [3, 10],
    [17, 7],
  ])('rowMax and rowLogSumExp agree for [%i, %i]', (n, c) => {
    const S = randMatrix(n, c, 50);
    S.data[0] = 1e4; // exp would overflow without the max shift
    const wantM = new Float64Array(n);
    const wantL = new Float64Array(n);
    refKernels.rowMax(S, wantM);
    refKernels.rowLogSumExp(S, wantL);
    for (const [name, k] of sets()) {
      const gotM = new Float64Array(n);
      const gotL = new Float64Array(n);
      ran(k, () => k.rowMax(S, gotM));
      ran(k, () => k.rowLogSumExp(S, gotL));
      expect(gotM, name).toEqual(wantM);
      expectClose(gotL, wantL, Float64Array.from(wantL, (v) => 1e-12 * Math.abs(v) + 1e-300), `${name} rowLogSumExp`);
    }
  });
});

const SPECS: LossSpec[] = [
  ...LOSS_NAMES.map((name) => ({ name })),
  { name: 'ww', margin: 2.5 },
  { name: 'squared', margin: 0.5 },
  { name: 'softmax', smoothing: 0.1 },
];

describe('losses and the fused step', () => {
  it.each(SPECS.map((s) => [JSON.stringify(s), s] as const))('loss %s agrees with the reference', (_label, spec) => {
    for (const [n, c] of [
      [1, 2],
      [7, 3],
      [33, 10],
    ] as const) {
      const S = randMatrix(n, c, 3);
      S.data[0] = 1e3; // a huge gap: softmax must stay finite
      const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % c);
      const wantD = zeros32(n, c);
      const wantP = new Float64Array(n);
      const want = refKernels.loss(spec, S, labels, wantD, wantP);
      for (const [name, k] of sets()) {
        const dS = zeros32(n, c).data.fill(9);
        const per = new Float64Array(n);
        let got = 0;
        ran(k, () => (got = k.loss(spec, S, labels, { data: dS, rows: n, cols: c }, per)));
        expect(Math.abs(got - want), `${name} loss`).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
        expectClose(per, wantP, Float64Array.from(wantP, (v) => 1e-12 * Math.abs(v) + 1e-300), `${name} perExample`);
        expectClose(dS, wantD.data, Float64Array.from(wantD.data, (v) => 2 ** -23 * Math.abs(v) + 1e-12), `${name} dS`);
        ran(k, () => (got = k.loss(spec, S, labels, null, null)));
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
      }
    }
  });

  it('loss rejects a label outside 0..C−1 instead of writing outside the scores', () => {
    const S = randMatrix(2, 3);
    for (const [, k] of sets()) {
      expect(() => k.loss({ name: 'ww' }, S, Int32Array.from([0, 3]), null, null)).toThrow('labels: label 3 at index 1 is outside 0..2');
    }
  });

  it.each(SHAPES)('linearLossGrad equals scores + loss + weightGrad + biasGrad for N, C, D = %i, %i, %i', (n, c0, d) => {
    const c = Math.max(c0, 2);
    const X = randMatrix(n, d, 1);
    const W = randMatrix(c, d, 0.05);
    const b = randMatrix(1, c).data;
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 5 + 1) % c);
    for (const spec of [{ name: 'softmax' }, { name: 'ww' }] as LossSpec[]) {
      const S = zeros32(n, c);
      const dS = zeros32(n, c);
      const dW = zeros32(c, d);
      const db = new Float64Array(c);
      const per = new Float64Array(n);
      const want = refKernels.linearLossGrad(X, W, b, labels, spec, S, dS, dW, db, per);
      const boundW = zeros32(c, d);
      refKernels.weightGrad(abs(dS), abs(X), boundW);
      for (const [name, k] of sets()) {
        for (const resident of [true, false]) {
          const gS = place(k, zeros32(n, c), resident);
          const gdS = place(k, zeros32(n, c), resident);
          const gdW = place(k, randMatrix(c, d), resident);
          const gdb = new Float32Array(c);
          const gper = new Float64Array(n);
          let got = 0;
          ran(k, () => (got = k.linearLossGrad(place(k, X, resident), place(k, W, resident), b, labels, spec, gS, gdS, gdW, gdb, gper)));
          // Scores differ from the reference by float32 rounding, so the loss agrees to that level, not 1e-12.
          expect(Math.abs(got - want), `${name} loss`).toBeLessThanOrEqual(1e-4 * Math.abs(want) + 1e-6);
          expectClose(gdS.data, dS.data, Float64Array.from(dS.data, () => 1e-4 / n), `${name} dS`);
          expectClose(gdW.data, dW.data, Float64Array.from(boundW.data, (v) => 1e-4 * v + 1e-6), `${name} dW`);
          expectClose(gdb, db, Float64Array.from(db, () => 1e-4), `${name} db`);
        }
      }
    }
  });
});

describe('linearLossGrad on a shuffled batch given as row indices', () => {
  it.each([10, 13])('reads rows[i] of X with labels[rows[i]] and equals the gathered batch (C = %i)', (c) => {
    const n = 40;
    const d = 37;
    const X = randMatrix(n, d);
    const W = randMatrix(c, d, 0.1);
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 3) % c);
    const rows = Int32Array.from([5, 0, 39, 17, 17, 8, 22, 1, 30, 11, 2]);
    const m = rows.length;
    const gathered = zeros32(m, d);
    const y = new Int32Array(m);
    rows.forEach((r, i) => {
      gathered.data.set(X.data.subarray(r * d, (r + 1) * d), i * d);
      y[i] = labels[r]!;
    });
    const spec: LossSpec = { name: 'softmax' };
    const wantS = zeros32(m, c);
    const wantdS = zeros32(m, c);
    const wantdW = zeros32(c, d);
    const wantdb = new Float64Array(c);
    const want = refKernels.linearLossGrad(gathered, W, null, y, spec, wantS, wantdS, wantdW, wantdb, null);
    const refS = zeros32(m, c);
    const refdW = zeros32(c, d);
    expect(refKernels.linearLossGrad(X, W, null, labels, spec, refS, zeros32(m, c), refdW, null, null, rows)).toBe(want);
    expect(refdW.data).toEqual(wantdW.data);
    for (const [name, k] of sets()) {
      const S = zeros32(m, c);
      const dW = randMatrix(c, d);
      const db = new Float32Array(c);
      let got = 0;
      ran(k, () => (got = k.linearLossGrad(place(k, X, true), W, null, labels, spec, S, zeros32(m, c), dW, db, null, rows)));
      expect(Math.abs(got - want), name).toBeLessThanOrEqual(1e-4 * want);
      expectClose(S.data, wantS.data, Float64Array.from(wantS.data, (v) => 1e-4 * Math.abs(v) + 1e-5), `${name} S`);
      expectClose(dW.data, wantdW.data, Float64Array.from(wantdW.data, (v) => 1e-4 * Math.abs(v) + 1e-5), `${name} dW`);
      expectClose(db, wantdb, Float64Array.from(wantdb, () => 1e-5), `${name} db`);
    }
  });

  it('is repeatable bit for bit on threads, however the chunks were scheduled', () => {
    // dW is summed per chunk of rows, in chunk order: which thread ran which chunk must not matter.
    const n = 256;
    const d = 784;
    const c = 10;
    const X = place(threads, randMatrix(2000, d), true);
    const W = randMatrix(c, d, 0.01);
    const labels = Int32Array.from({ length: 2000 }, (_, i) => i % c);
    const rows = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 2000);
    const once = (): Float32Array => {
      const dW = zeros32(c, d);
      ran(threads, () => threads.linearLossGrad(X, W, null, labels, { name: 'softmax' }, zeros32(n, c), zeros32(n, c), dW, null, null, rows));
      return Float32Array.from(dW.data);
    };
    const first = once();
    for (let t = 0; t < 20; t++) expect(once()).toEqual(first);
  });

  it('rejects a row index outside X', () => {
    for (const [, k] of sets()) {
      expect(() =>
        k.linearLossGrad(randMatrix(4, 3), randMatrix(2, 3), null, new Int32Array(4), { name: 'ww' }, zeros32(1, 2), zeros32(1, 2), zeros32(2, 3), null, null, Int32Array.from([4])),
      ).toThrow('rows: row 4 at index 0 is outside 0..3');
    }
  });
});

describe('float64 inputs', () => {
  it('go to the reference kernels (float64 is for the gradient check) and give its exact results', () => {
    const A = { data: Float64Array.from([1, 2, 3, 4, 5, 6]), rows: 2, cols: 3 };
    const B = { data: Float64Array.from([1, 0, 1, 0, 1, 0]), rows: 2, cols: 3 };
    for (const [, k] of sets()) {
      const out = { data: new Float64Array(4), rows: 2, cols: 2 };
      k.matmulABt(A, B, out);
      expect(Array.from(out.data)).toEqual([4, 2, 10, 5]);
    }
  });
});

describe('WASM memory', () => {
  it('keeps matrices allocated before a growth usable, without copying them', () => {
    const k = wasm;
    const A = k.alloc(3, 5);
    A.data.set(randMatrix(3, 5).data);
    const B = k.alloc(2, 5);
    B.data.set(randMatrix(2, 5).data);
    const big = k.alloc(4096, 4096); // 64 MiB: forces memory.grow
    const out = k.alloc(3, 2);
    const want = zeros32(3, 2);
    refKernels.matmulABt(A, B, want);
    ran(k, () => k.matmulABt(A, B, out));
    expectClose(out.data, want.data, Float64Array.from(want.data, (v) => 1e-5 * Math.abs(v) + 1e-6), 'after growth');
    expect(A.data.length).toBe(15);
    k.release(big);
    k.release(A);
    k.release(B);
    k.release(out);
  });

  it('in a private (non-shared) memory, as without SharedArrayBuffer, re-creates views that a growth detached', async () => {
    const k = (await selectKernels('wasm-threads', { privateMemory: true })) as WasmKernels;
    expect(k.info.threads).toBe(1);
    expect(k.info.reason).toMatch(/one thread, because a private memory was asked for/);
    const A = k.alloc(3, 5);
    A.data.set(randMatrix(3, 5).data);
    const B = k.allocBytes(2, 5);
    B.data.fill(7);
    const before = A.data;
    const big = k.alloc(4096, 4096); // grows the memory, which detaches a private memory's old buffer
    expect(before.length, 'the old view was detached').toBe(0);
    expect(A.data.length, 'the matrix hands out a fresh view').toBe(15);
    expect(Array.from(B.data)).toEqual(new Array(10).fill(7));
    const out = zeros32(3, 3);
    const want = zeros32(3, 3);
    refKernels.matmulABt(A, A, want);
    ran(k, () => k.matmulABt(A, A, out));
    expectClose(out.data, want.data, Float64Array.from(want.data, (v) => 1e-5 * Math.abs(v) + 1e-6), 'private memory');
    k.release(big);
  });

  it('empty inputs write nothing and do not fail', () => {
    for (const [, k] of sets()) {
      k.matmulABt(zeros32(0, 3), zeros32(2, 3), zeros32(0, 2));
      const out = zeros32(2, 2).data.fill(5);
      k.matmulABt(zeros32(2, 0), zeros32(2, 0), { data: out, rows: 2, cols: 2 });
      expect(Array.from(out)).toEqual([0, 0, 0, 0]);
      k.topK(zeros32(0, 4), 1, new Int32Array(0), new Float64Array(0));
    }
  });
});
