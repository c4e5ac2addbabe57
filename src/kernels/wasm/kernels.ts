/**
 * The WebAssembly SIMD kernels, optionally on a thread pool, behind the `Kernels` interface.
 *
 * Matrices from `alloc`/`allocBytes`/`allocInts` live in the WASM memory and are passed by offset; any other float32,
 * byte or int32 matrix is copied into a reused scratch block first (correct, just slower), and outputs not
 * in the memory are copied back. Float64 matrices go to the reference kernels instead: float64 is for the
 * gradient check, which needs the precision more than the speed, and the WASM kernels compute in float32.
 */
import { ArgumentError, ShapeError } from '../../errors.js';
import type { LossSpec } from '../../losses/spec.js';
import type { ByteMatrix, FloatArray, IntMatrix, Matrix, Matrix32, Storage } from '../../tensor/matrix.js';
import type { KernelInfo, Kernels } from '../api.js';
import { refKernels } from '../ref/index.js';
import type { ThreadPool } from '../pool/pool.js';
import { grainOf } from '../pool/protocol.js';
import { WasmHeap } from './heap.js';

/** The exports of assembly/index.ts. */
export interface KernelExports {
  callCount(): number;
  heapBase(): number;
  relaxed(): number;
  matmulABt(A: number, B: number, bias: number, out: number, n: number, kk: number, lo: number, hi: number): void;
  packPanels(B: number, n: number, kk: number, dst: number, lo: number, hi: number): void;
  packSkinny(W: number, n: number, kk: number, dst: number): void;
  matmulSkinny(A: number, Wp: number, bias: number, out: number, n: number, kk: number, tiles: number, lo: number, hi: number, tid: number): void;
  packRows(A: number, m: number, kk: number, dst: number, lo: number, hi: number): void;
  matmulPacked(Ap: number, Bp: number, bias: number, out: number, m: number, n: number, kk: number, tiles: number, lo: number, hi: number, tid: number): void;
  weightGrad(dS: number, X: number, out: number, n: number, c: number, d: number, lo: number, hi: number): void;
  biasGrad(dS: number, out: number, n: number, c: number): void;
  rowMax(S: number, out: number, c: number, lo: number, hi: number): void;
  rowLogSumExp(S: number, out: number, c: number, lo: number, hi: number): void;
  distancesF32(A: number, B: number, out: number, n: number, kk: number, l1: number, lo: number, hi: number): void;
  rowSqNormsU8(A: number, out: number, kk: number, lo: number, hi: number): void;
  sqL2DistancesU8(A: number, B: number, na: number, nb: number, out: number, n: number, kk: number, lo: number, hi: number): void;
  l1DistancesU8(A: number, B: number, out: number, n: number, kk: number, lo: number, hi: number): void;
  topK(D: number, n: number, k: number, isInt: number, outIndex: number, outValue: number, lo: number, hi: number): void;
  sqL2TopKU8(
    A: number, B: number, na: number, nb: number, n: number, kk: number, k: number, outIndex: number, outValue: number, tiles: number,
    lo: number, hi: number, tid: number,
  ): void;
  lossRows(id: number, S: number, labels: number, idx: number, dS: number, per: number, n: number, c: number, param: number, lo: number, hi: number): void;
  linearLossGradRows(
    X: number, idx: number, Wp: number, bias: number, S: number, dS: number, labels: number, per: number, partials: number,
    tiles: number, n: number, c: number, d: number, id: number, param: number, grain: number, lo: number, hi: number, tid: number,
  ): void;
  sumPartials(dst: number, src: number, count: number, stride: number, lo: number, hi: number): void;
}

/** The exports the pool may run (by name, in the workers). */
export const POOL_EXPORTS = [
  'matmulABt',
  'packPanels',
  'packRows',
  'matmulPacked',
  'matmulSkinny',
  'weightGrad',
  'rowMax',
  'rowLogSumExp',
  'distancesF32',
  'rowSqNormsU8',
  'sqL2DistancesU8',
  'l1DistancesU8',
  'topK',
  'sqL2TopKU8',
  'lossRows',
  'linearLossGradRows',
] as const;

/** Jobs below this many multiply-adds run on the calling thread: a wake-up costs tens of microseconds. */
export const DEFAULT_PARALLEL_WORK = 1 << 19;

/**
 * ‖a‖² + ‖b‖² − 2a·b stays below 2³¹ for byte rows up to this length (2·K·255² < 2³¹); longer rows go to the
 * reference, whose int32 output would overflow near there anyway.
 */
const MAX_U8_K = 16512;

/** From this many columns of out on, products use packed panels; below it (the skinny X·Wᵀ) dot-product tiles. */
const PACKED_MIN_N = 32;

const LOSS_IDS = { ww: 0, ova: 1, cs: 2, squared: 3, softmax: 4 } as const;

/** A `Kernels` with extras the parity suite and the benchmark use. */
export interface WasmKernels extends Kernels {
  /**
   * Kernel entries counted inside WebAssembly, by every thread into one counter in the shared memory (a
   * chunk counts as an entry): the parity suite reads it to prove the fast path ran.
   */
  wasmCalls(): number;
  /** Stops the worker threads (they also end with the process). */
  close(): void;
}

export function createWasmKernels(
  exportsIn: WebAssembly.Exports,
  heap: WasmHeap,
  pool: ThreadPool | null,
  info: KernelInfo,
  minParallelWork: number = DEFAULT_PARALLEL_WORK,
): WasmKernels {
  const ex = exportsIn as unknown as KernelExports;
  const fns = exportsIn as unknown as Record<string, (...a: number[]) => unknown>;

  function run(name: (typeof POOL_EXPORTS)[number], args: number[], units: number, align: number, work: number): void {
    const fn = fns[name]!;
    if (pool) pool.run(fn, name, args, units, align, work >= minParallelWork);
    else fn(...args, 0, units, 0);
  }

  function need(m: Matrix<Storage>, argument: string): number {
    const n = m.rows * m.cols;
    if (m.data.length < n) throw new ShapeError(argument, `buffer holds ${m.data.length} elements, shape [${m.rows}, ${m.cols}] needs ${n}`);
    return n;
  }

  /** Offset of a float32 input in the memory, copying it into scratch `slot` when it lives elsewhere. */
  function inF32(data: Float32Array, n: number, slot: string): number {
    const own = heap.offsetOf(data);
    if (own >= 0) return own;
    const p = heap.scratchBlock(slot, n * 4);
    heap.f32(p, n).set(data.subarray(0, n));
    return p;
  }
  function inU8(data: Uint8Array, n: number, slot: string): number {
    const own = heap.offsetOf(data);
    if (own >= 0) return own;
    const p = heap.scratchBlock(slot, n);
    heap.u8(p, n).set(data.subarray(0, n));
    return p;
  }
  /** Offset for an output; `back()` copies scratch results into the caller's buffer when needed. */
  function outF32(data: Float32Array, n: number, slot: string): { p: number; back(): void } {
    const own = heap.offsetOf(data);
    if (own >= 0) return { p: own, back: () => {} };
    const p = heap.scratchBlock(slot, n * 4);
    return { p, back: () => data.set(heap.f32(p, n)) };
  }
  function outI32(data: Int32Array, n: number, slot: string): { p: number; back(): void } {
    const own = heap.offsetOf(data);
    if (own >= 0) return { p: own, back: () => {} };
    const p = heap.scratchBlock(slot, n * 4);
    return { p, back: () => data.set(heap.i32(p, n)) };
  }

  const isF32 = (m: Matrix<Storage>): m is Matrix32 => m.data instanceof Float32Array;

  function checkLabels(labels: Int32Array, n: number, c: number): void {
    if (labels.length < n) throw new ShapeError('labels', `has length ${labels.length}, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const y = labels[i]!;
      if (!(y >= 0 && y < c)) throw new ArgumentError('labels', `label ${y} at index ${i} is outside 0..${c - 1}`);
    }
  }

  function inLabels(labels: Int32Array, n: number): number {
    const own = heap.offsetOf(labels);
    if (own >= 0) return own;
    const p = heap.scratchBlock('labels', n * 4);
    heap.i32(p, n).set(labels.subarray(0, n));
    return p;
  }

  function lossParam(spec: LossSpec): number {
    return spec.name === 'softmax' ? (spec.smoothing ?? 0) : (spec.margin ?? 1);
  }

  const kernels: WasmKernels = {
    info,
    alloc: (rows, cols) => heap.allocMatrix(rows, cols),
    allocBytes: (rows, cols) => heap.allocBytes(rows, cols),
    allocInts: (rows, cols) => heap.allocInts(rows, cols),
    release: (m) => {
      const p = heap.offsetOf(m.data);
      if (p >= 0) heap.release(p);
    },
    wasmCalls: () => ex.callCount(),
    close: () => pool?.close(),

    linearScores(X: Matrix, W: Matrix, b: FloatArray | null, out: Matrix): void {
      if (!isF32(X) || !isF32(W) || !isF32(out) || (b !== null && !(b instanceof Float32Array))) {
        refKernels.linearScores(X, W, b, out);
        return;
      }
      matmul(X, W, b, out);
    },

    matmulABt(A: Matrix, B: Matrix, out: Matrix): void {
      if (!isF32(A) || !isF32(B) || !isF32(out)) {
        refKernels.matmulABt(A, B, out);
        return;
      }
      matmul(A, B, null, out);
    },

    weightGrad(dS: Matrix, X: Matrix, out: Matrix): void {
      if (!isF32(dS) || !isF32(X) || !isF32(out)) {
        refKernels.weightGrad(dS, X, out);
        return;
      }
      const { rows: n, cols: c } = dS;
      const d = X.cols;
      const pS = inF32(dS.data, need(dS, 'dS'), 'a');
      const pX = inF32(X.data, need(X, 'X'), 'b');
      const o = outF32(out.data, need(out, 'out'), 'out');
      run('weightGrad', [pS, pX, o.p, n, c, d], d, 16, n * c * d);
      o.back();
    },

    biasGrad(dS: Matrix, out: FloatArray): void {
      if (!isF32(dS)) {
        refKernels.biasGrad(dS, out);
        return;
      }
      const { rows: n, cols: c } = dS;
      const pS = inF32(dS.data, need(dS, 'dS'), 'a');
      const p = heap.scratchBlock('f64out', c * 8);
      ex.biasGrad(pS, p, n, c);
      out.set(heap.f64(p, c));
    },

    rowMax(S: Matrix, out: FloatArray): void {
      if (!isF32(S)) {
        refKernels.rowMax(S, out);
        return;
      }
      rowwise('rowMax', S, out);
    },

    rowLogSumExp(S: Matrix, out: FloatArray): void {
      if (!isF32(S)) {
        refKernels.rowLogSumExp(S, out);
        return;
      }
      rowwise('rowLogSumExp', S, out);
    },

    sqL2Distances(A: Matrix, B: Matrix, out: Matrix): void {
      if (!isF32(A) || !isF32(B) || !isF32(out)) {
        refKernels.sqL2Distances(A, B, out);
        return;
      }
      distancesF32(A, B, out, 0);
    },

    l1Distances(A: Matrix, B: Matrix, out: Matrix): void {
      if (!isF32(A) || !isF32(B) || !isF32(out)) {
        refKernels.l1Distances(A, B, out);
        return;
      }
      distancesF32(A, B, out, 1);
    },

    sqL2DistancesU8(A: ByteMatrix, B: ByteMatrix, out: IntMatrix): void {
      const { rows: m, cols: kk } = A;
      const n = B.rows;
      if (kk > MAX_U8_K) {
        refKernels.sqL2DistancesU8(A, B, out);
        return;
      }
      if (m === 0 || n === 0) return;
      const pA = inU8(A.data, need(A, 'A'), 'a');
      const pB = inU8(B.data, need(B, 'B'), 'b');
      const na = heap.scratchBlock('na', m * 4);
      const nb = heap.scratchBlock('nb', n * 4);
      run('rowSqNormsU8', [pA, na, kk], m, 1, m * kk);
      run('rowSqNormsU8', [pB, nb, kk], n, 1, n * kk);
      const o = outI32(out.data, need(out, 'out'), 'out');
      run('sqL2DistancesU8', [pA, pB, na, nb, o.p, n, kk], m, 2, m * n * kk);
      o.back();
    },

    l1DistancesU8(A: ByteMatrix, B: ByteMatrix, out: IntMatrix): void {
      const { rows: m, cols: kk } = A;
      const n = B.rows;
      if (kk > MAX_U8_K) {
        refKernels.l1DistancesU8(A, B, out);
        return;
      }
      if (m === 0 || n === 0) return;
      const pA = inU8(A.data, need(A, 'A'), 'a');
      const pB = inU8(B.data, need(B, 'B'), 'b');
      const o = outI32(out.data, need(out, 'out'), 'out');
      run('l1DistancesU8', [pA, pB, o.p, n, kk], m, 1, m * n * kk);
      o.back();
    },

    topK(D: Matrix | IntMatrix, k: number, outIndex: Int32Array, outValue: Float64Array | Float32Array): void {
      const { rows: m, cols: n } = D;
      const isInt = D.data instanceof Int32Array;
      if (!(isInt || D.data instanceof Float32Array)) {
        refKernels.topK(D, k, outIndex, outValue);
        return;
      }
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new ArgumentError('k', `must be a whole number in 0..${n}, got ${k}`);
      if (m === 0 || k === 0) return;
      if (outIndex.length < m * k || outValue.length < m * k) throw new ShapeError('outIndex', `needs ${m * k} elements`);
      const len = need(D, 'D');
      const pD = isInt ? inI32(D.data as Int32Array, len) : inF32(D.data as Float32Array, len, 'a');
      const pi = heap.scratchBlock('topIndex', m * k * 4);
      const pv = heap.scratchBlock('topValue', m * k * 8);
      run('topK', [pD, n, k, isInt ? 1 : 0, pi, pv], m, 1, m * n);
      outIndex.set(heap.i32(pi, m * k));
      outValue.set(heap.f64(pv, m * k));
    },

    sqL2TopKU8(A: ByteMatrix, B: ByteMatrix, k: number, outIndex: Int32Array, outValue: Float64Array | Float32Array): void {
      const { rows: m, cols: kk } = A;
      const n = B.rows;
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new ArgumentError('k', `must be a whole number in 0..${n}, got ${k}`);
      if (kk > MAX_U8_K) {
        refKernels.sqL2TopKU8(A, B, k, outIndex, outValue);
        return;
      }
      if (m === 0 || k === 0) return;
      if (outIndex.length < m * k || outValue.length < m * k) throw new ShapeError('outIndex', `needs ${m * k} elements`);
      const pA = inU8(A.data, need(A, 'A'), 'a');
      const pB = inU8(B.data, need(B, 'B'), 'b');
      const na = heap.scratchBlock('na', m * 4);
      const nb = heap.scratchBlock('nb', n * 4);
      run('rowSqNormsU8', [pA, na, kk], m, 1, m * kk);
      run('rowSqNormsU8', [pB, nb, kk], n, 1, n * kk);
      const pi = heap.scratchBlock('topIndex', m * k * 4);
      const pv = heap.scratchBlock('topValue', m * k * 8);
      heap.f64(pv, m * k).fill(Infinity);
      heap.i32(pi, m * k).fill(-1);
      const tiles = heap.scratchBlock('tiles', 256 * (pool ? pool.threads : 1));
      run('sqL2TopKU8', [pA, pB, na, nb, n, kk, k, pi, pv, tiles], m, 2, m * n * kk);
      outIndex.set(heap.i32(pi, m * k));
      outValue.set(heap.f64(pv, m * k));
    },

    loss(spec: LossSpec, S: Matrix, labels: Int32Array, dS: Matrix | null, perExample: Float64Array | null): number {
      if (!isF32(S) || (dS !== null && !isF32(dS))) return refKernels.loss(spec, S, labels, dS, perExample);
      const { rows: n, cols: c } = S;
      if (n === 0) return 0;
      checkLabels(labels, n, c);
      const pS = inF32(S.data, need(S, 'S'), 'a');
      const pY = inLabels(labels, n);
      const per = heap.scratchBlock('per', n * 8);
      const o = dS ? outF32(dS.data, need(dS, 'dS'), 'out') : null;
      run('lossRows', [LOSS_IDS[spec.name], pS, pY, 0, o ? o.p : 0, per, n, c, lossParam(spec)], n, 1, n * c * 8);
      o?.back();
      return sumPer(per, n, perExample);
    },

    linearLossGrad(X, W, b, labels, spec, S, dS, dW, db, perExample, rows = null): number {
      if (!isF32(X) || !isF32(W) || !isF32(S) || !isF32(dS) || !isF32(dW) || (b !== null && !(b instanceof Float32Array))) {
        return refKernels.linearLossGrad(X, W, b, labels, spec, S, dS, dW, db, perExample, rows);
      }
      const d = X.cols;
      const c = W.rows;
      const n = rows ? rows.length : X.rows;
      if (n === 0) {
        dW.data.fill(0, 0, c * d);
        db?.fill(0, 0, c);
        return 0;
      }
      // The batch's labels, in batch order (n ints: gathering them costs nothing next to the rows).
      let y = labels;
      if (rows) {
        y = heap.i32(heap.scratchBlock('labels', n * 4), n);
        for (let i = 0; i < n; i++) {
          const r = rows[i]!;
          if (!(r >= 0 && r < X.rows)) throw new ArgumentError('rows', `row ${r} at index ${i} is outside 0..${X.rows - 1}`);
          y[i] = labels[r]!;
        }
      }
      checkLabels(y, n, c);
      let pX = inF32(X.data, need(X, 'X'), 'a');
      let pIdx = 0;
      if (rows && c > 12) {
        // Wide outputs use the dot-product tiles, which read contiguous rows: gather the batch first.
        const g = heap.scratchBlock('gather', n * d * 4);
        const view = heap.f32(g, n * d);
        const src = heap.f32(pX, X.rows * d);
        for (let i = 0; i < n; i++) view.set(src.subarray(rows[i]! * d, (rows[i]! + 1) * d), i * d);
        pX = g;
      } else if (rows) {
        pIdx = heap.scratchBlock('rows', n * 4);
        heap.i32(pIdx, n).set(rows);
      }
      let pW = inF32(W.data, need(W, 'W'), 'b');
      if (c <= 12) {
        const packed = heap.scratchBlock('packedW', d * 48);
        ex.packSkinny(pW, c, d, packed);
        pW = packed;
      }
      const pb = b ? inF32(b, c, 'bias') : 0;
      const pY = inLabels(y, n);
      const oS = outF32(S.data, n * c, 'S');
      const odS = outF32(dS.data, n * c, 'dS');
      const odW = outF32(dW.data, need(dW, 'dW'), 'out');
      if (S.data.length < n * c || dS.data.length < n * c) throw new ShapeError('S', `S and dS need ${n}×${c} elements`);
      const per = heap.scratchBlock('per', n * 8);
      const parallel = pool !== null && pool.threads > 1 && 2 * n * c * d >= minParallelWork && n >= 3 * pool.threads;
      // Each chunk of rows adds its dW into its own partial, summed in chunk order afterwards: the result does
      // not depend on which thread ran which chunk (a run is repeatable bit for bit). The grain is the pool's.
      const grain = parallel ? grainOf(n, pool.threads, 3) : n;
      const chunks = Math.ceil(n / grain);
      const partials = heap.scratchBlock('partials', chunks * c * d * 4);
      heap.f32(partials, chunks * c * d).fill(0);
      const tiles = heap.scratchBlock('tiles', 256 * (pool ? pool.threads : 1));
      const args = [pX, pIdx, pW, pb, oS.p, odS.p, pY, per, partials, tiles, n, c, d, LOSS_IDS[spec.name], lossParam(spec), grain];
      run('linearLossGradRows', args, n, 3, parallel ? 2 * n * c * d : -1);
      ex.sumPartials(odW.p, partials, chunks, c * d, 0, c * d);
      oS.back();
      odS.back();
      odW.back();
      if (db) {
        const p = heap.scratchBlock('f64out', c * 8);
        ex.biasGrad(odS.p, p, n, c);
        db.set(heap.f64(p, c));
      }
      return sumPer(per, n, perExample);
    },
  };

  function inI32(data: Int32Array, n: number): number {
    const own = heap.offsetOf(data);
    if (own >= 0) return own;
    const p = heap.scratchBlock('a', n * 4);
    heap.i32(p, n).set(data.subarray(0, n));
    return p;
  }

  /** Σᵢ Lᵢ in row order, like the reference, and Lᵢ to the caller when asked. */
  function sumPer(per: number, n: number, perExample: Float64Array | null): number {
    const v = heap.f64(per, n);
    let total = 0;
    for (let i = 0; i < n; i++) total += v[i]!;
    perExample?.set(v);
    return total;
  }

  function matmul(A: Matrix32, B: Matrix32, b: FloatArray | null, out: Matrix32): void {
    const { rows: m, cols: kk } = A;
    const n = B.rows;
    if (m === 0 || n === 0) return;
    if (kk === 0) {
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = b ? b[j]! : 0;
      return;
    }
    const pA = inF32(A.data, need(A, 'A'), 'a');
    const pB = inF32(B.data, need(B, 'B'), 'b');
    const pb = b ? inF32(b as Float32Array, n, 'bias') : 0;
    const o = outF32(out.data, need(out, 'out'), 'out');
    if (n >= PACKED_MIN_N && m >= 6) {
      // Wide products: pack B into 8-row panels once, then 6×8 outer-product tiles (see assembly/index.ts).
      const panels = (n + 7) >> 3;
      const groups = Math.ceil(m / 6);
      const packedB = heap.scratchBlock('packedB', panels * kk * 32);
      const packedA = heap.scratchBlock('packedA', groups * kk * 24);
      run('packPanels', [pB, n, kk, packedB], panels, 1, panels * kk * 8 * 8);
      run('packRows', [pA, m, kk, packedA], groups, 1, groups * kk * 6 * 8);
      const tiles = heap.scratchBlock('tiles', 256 * (pool ? pool.threads : 1));
      run('matmulPacked', [packedA, packedB, pb, o.p, m, n, kk, tiles], m, 6, m * n * kk);
    } else if (n <= 12 && m >= 3) {
      // Skinny (the scores, C ≤ 12): W packed into [k][12], 3×12 outer-product tiles over rows of X in place.
      const packed = heap.scratchBlock('packedB', kk * 48);
      ex.packSkinny(pB, n, kk, packed);
      const tiles = heap.scratchBlock('tiles', 256 * (pool ? pool.threads : 1));
      run('matmulSkinny', [pA, packed, pb, o.p, n, kk, tiles], m, 3, m * n * kk);
    } else {
      run('matmulABt', [pA, pB, pb, o.p, n, kk], m, 2, m * n * kk);
    }
    o.back();
  }

  function distancesF32(A: Matrix32, B: Matrix32, out: Matrix32, l1: number): void {
    const { rows: m, cols: kk } = A;
    const n = B.rows;
    if (m === 0 || n === 0) return;
    const pA = inF32(A.data, need(A, 'A'), 'a');
    const pB = inF32(B.data, need(B, 'B'), 'b');
    const o = outF32(out.data, need(out, 'out'), 'out');
    run('distancesF32', [pA, pB, o.p, n, kk, l1], m, 2, m * n * kk);
    o.back();
  }

  function rowwise(name: 'rowMax' | 'rowLogSumExp', S: Matrix32, out: FloatArray): void {
    const { rows: n, cols: c } = S;
    if (n === 0) return;
    const pS = inF32(S.data, need(S, 'S'), 'a');
    const p = heap.scratchBlock('f64out', n * 8);
    run(name, [pS, p, c], n, 1, n * c * 8);
    out.set(heap.f64(p, n));
  }

  return kernels;
}
