/**
 * The workloads on linclass's own kernels (reference, WASM on one thread, WASM on all threads), and the
 * plain-JS triple-loop baseline beside them.
 */
import type { Kernels } from '../kernels/api.js';
import type { Matrix32 } from '../tensor/matrix.js';
import { fillPseudo, type BenchData } from './data.js';
import { softmaxEpoch } from './epoch.js';
import { timeSync } from './timing.js';
import type { BenchResult } from './types.js';

export interface Sizes {
  readonly sgemm: readonly number[];
  readonly batch: number;
  readonly lr: number;
  /** Test rows per distance block in the Python peers' W4 (rows × train rows of float32 at a time). */
  readonly knnChunk: number;
}

export interface RunContext {
  readonly data: BenchData;
  readonly sizes: Sizes;
  readonly repeats: number;
  readonly knnRepeats: number;
  readonly quick: boolean;
  readonly progress: (line: string) => void;
  readonly add: (r: BenchResult) => void;
}

/** Rows of a subset for the slow implementations, and the factor that scales its time to the full job. */
export function subset(full: number, wanted: number): { rows: number; factor: number; note: string } {
  const rows = Math.max(1, Math.min(full, wanted));
  return { rows, factor: full / rows, note: rows < full ? `timed on ${rows} of ${full} rows, scaled ×${(full / rows).toFixed(1)}` : '' };
}

function resident(k: Kernels, rows: number, cols: number, fill: (a: Float32Array) => void): Matrix32 {
  const m = k.alloc(rows, cols);
  fill(m.data);
  return m;
}

/** The order every implementation visits MNIST in W3 (a fixed permutation, the same each run). */
export function epochOrder(n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let s = 12345;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** All four workloads on one kernel set. `slow` marks the reference, which runs subsets of W1 and W4. */
export function runLinclass(ctx: RunContext, k: Kernels, impl: string, slow: boolean, workloads: ReadonlySet<string>): number[] | null {
  const { data, sizes, repeats } = ctx;
  const d = data.dim;
  let predictions: number[] | null = null;

  if (workloads.has('W1')) {
    for (const m of sizes.sgemm) {
      ctx.progress(`${impl}: W1 sgemm ${m}`);
      const sub = slow ? subset(m, ctx.quick ? m : 64) : subset(m, m);
      const A = resident(k, sub.rows, m, (a) => fillPseudo(a, 1));
      const Bt = resident(k, m, m, (a) => fillPseudo(a, 2));
      const C = k.alloc(sub.rows, m);
      const t = timeSync(() => k.matmulABt(A, Bt, C), slow ? Math.min(repeats, 3) : repeats);
      ctx.add({ workload: `W1 sgemm ${m}`, impl, seconds: t.median * sub.factor, runs: t.runs, flops: 2 * m ** 3, ...(sub.note ? { extrapolated: sub.note } : {}) });
      for (const M of [A, Bt, C]) k.release(M);
    }
  }

  if (workloads.has('W2') || workloads.has('W3')) {
    const n = data.trainRows;
    const X = k.alloc(n, d);
    const px = data.trainImages;
    for (let i = 0; i < n * d; i++) X.data[i] = px[i]! / 255;
    if (workloads.has('W2')) {
      const c = 10;
      const W = resident(k, c, d, (a) => fillPseudo(a, 3, 0.01));
      const b = new Float32Array(c);
      const S = k.alloc(n, c);
      const dS = resident(k, n, c, (a) => fillPseudo(a, 4));
      const dW = k.alloc(c, d);
      const flops = 2 * n * d * c;
      ctx.progress(`${impl}: W2 X·Wᵀ`);
      let t = timeSync(() => k.linearScores(X, W, b, S), repeats);
      ctx.add({ workload: 'W2 X·Wᵀ', impl, seconds: t.median, runs: t.runs, flops, note: 'with the bias add' });
      ctx.progress(`${impl}: W2 dSᵀ·X`);
      t = timeSync(() => k.weightGrad(dS, X, dW), repeats);
      ctx.add({ workload: 'W2 dSᵀ·X', impl, seconds: t.median, runs: t.runs, flops });
      for (const M of [W, S, dS, dW]) k.release(M);
    }
    if (workloads.has('W3')) {
      ctx.progress(`${impl}: W3 softmax epoch`);
      const epochData = { X, labels: data.trainLabels, order: epochOrder(n), classes: 10 };
      const t = timeSync(() => softmaxEpoch(k, epochData, sizes.batch, sizes.lr), slow ? Math.min(repeats, 3) : repeats);
      ctx.add({ workload: 'W3 softmax epoch', impl, seconds: t.median, runs: t.runs, note: `mean loss ${t.value.toFixed(4)}; fused linearLossGrad` });
    }
    k.release(X);
  }

  if (workloads.has('W4')) {
    ctx.progress(`${impl}: W4 kNN k=1`);
    const nTrain = data.trainRows;
    const sub = slow ? subset(data.testRows, ctx.quick ? 5 : 20) : subset(data.testRows, data.testRows);
    const train = k.allocBytes(nTrain, d);
    train.data.set(data.trainImages);
    const test = k.allocBytes(sub.rows, d);
    test.data.set(data.testImages.subarray(0, sub.rows * d));
    const idx = new Int32Array(sub.rows);
    const val = new Float64Array(sub.rows);
    const run = (): number[] => {
      k.sqL2TopKU8(test, train, 1, idx, val);
      return Array.from(idx, (j) => data.trainLabels[j]!);
    };
    const t = timeSync(run, slow ? 1 : ctx.knnRepeats, !slow);
    predictions = t.value;
    let correct = 0;
    for (let i = 0; i < sub.rows; i++) if (predictions[i] === data.testLabels[i]) correct++;
    ctx.add({
      workload: 'W4 kNN k=1',
      impl,
      seconds: t.median * sub.factor,
      runs: t.runs,
      accuracy: correct / sub.rows,
      note: 'sqL2TopKU8: exact int32 distances straight into each row’s top-1',
      ...(sub.note ? { extrapolated: sub.note } : {}),
    });
    for (const M of [train, test]) k.release(M);
  }
  return predictions;
}

// ---------------------------------------------------------------------------------------------------------
// The plain-JS baseline: the textbook triple loops on Float32Arrays, no blocking, no SIMD, as a student
// would first write them. Every workload runs on a subset and is scaled.

export function runPlainJs(ctx: RunContext, workloads: ReadonlySet<string>): void {
  const { data, sizes } = ctx;
  const d = data.dim;
  const impl = 'plain JS triple loop';
  const reps = Math.min(ctx.repeats, 3);
  if (workloads.has('W1')) {
    for (const m of sizes.sgemm) {
      ctx.progress(`${impl}: W1 sgemm ${m}`);
      const sub = subset(m, ctx.quick ? m : 32);
      const A = fillPseudo(new Float32Array(sub.rows * m), 1);
      const B = fillPseudo(new Float32Array(m * m), 2);
      const C = new Float32Array(sub.rows * m);
      const t = timeSync(() => {
        for (let i = 0; i < sub.rows; i++) {
          for (let j = 0; j < m; j++) {
            let acc = 0;
            for (let p = 0; p < m; p++) acc += A[i * m + p]! * B[p * m + j]!;
            C[i * m + j] = acc;
          }
        }
      }, reps);
      ctx.add({ workload: `W1 sgemm ${m}`, impl, seconds: t.median * sub.factor, runs: t.runs, flops: 2 * m ** 3, ...(sub.note ? { extrapolated: sub.note } : {}) });
    }
  }
  const n = data.trainRows;
  if (workloads.has('W2') || workloads.has('W3')) {
    const sub = subset(n, ctx.quick ? n : 10000);
    const X = new Float32Array(sub.rows * d);
    for (let i = 0; i < X.length; i++) X[i] = data.trainImages[i]! / 255;
    const c = 10;
    if (workloads.has('W2')) {
      const W = fillPseudo(new Float32Array(c * d), 3, 0.01);
      const S = new Float32Array(sub.rows * c);
      const dS = fillPseudo(new Float32Array(sub.rows * c), 4);
      const dW = new Float32Array(c * d);
      const flops = 2 * n * d * c;
      ctx.progress(`${impl}: W2`);
      let t = timeSync(() => plainScores(X, W, S, sub.rows, d, c), reps);
      ctx.add({ workload: 'W2 X·Wᵀ', impl, seconds: t.median * sub.factor, runs: t.runs, flops, ...(sub.note ? { extrapolated: sub.note } : {}) });
      t = timeSync(() => plainWeightGrad(dS, X, dW, sub.rows, d, c), reps);
      ctx.add({ workload: 'W2 dSᵀ·X', impl, seconds: t.median * sub.factor, runs: t.runs, flops, ...(sub.note ? { extrapolated: sub.note } : {}) });
    }
    if (workloads.has('W3')) {
      ctx.progress(`${impl}: W3`);
      const order = epochOrder(sub.rows);
      const t = timeSync(() => plainEpoch(X, data.trainLabels, order, sub.rows, d, c, sizes.batch, sizes.lr), reps);
      ctx.add({ workload: 'W3 softmax epoch', impl, seconds: t.median * sub.factor, runs: t.runs, note: `mean loss ${t.value.toFixed(4)} (on the subset)`, ...(sub.note ? { extrapolated: sub.note } : {}) });
    }
  }
  if (workloads.has('W4')) {
    ctx.progress(`${impl}: W4`);
    const sub = subset(data.testRows, ctx.quick ? 5 : 10);
    const tr = data.trainImages;
    const te = data.testImages;
    const t = timeSync(() => {
      const pred: number[] = [];
      for (let i = 0; i < sub.rows; i++) {
        let best = Infinity;
        let arg = 0;
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let p = 0; p < d; p++) {
            const diff = te[i * d + p]! - tr[j * d + p]!;
            acc += diff * diff;
          }
          if (acc < best) {
            best = acc;
            arg = j;
          }
        }
        pred.push(data.trainLabels[arg]!);
      }
      return pred;
    }, 1, false);
    ctx.add({ workload: 'W4 kNN k=1', impl, seconds: t.median * sub.factor, runs: t.runs, ...(sub.note ? { extrapolated: sub.note } : {}) });
  }
}

function plainScores(X: Float32Array, W: Float32Array, S: Float32Array, n: number, d: number, c: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) {
      let acc = 0;
      for (let p = 0; p < d; p++) acc += X[i * d + p]! * W[j * d + p]!;
      S[i * c + j] = acc;
    }
  }
}

function plainWeightGrad(dS: Float32Array, X: Float32Array, dW: Float32Array, n: number, d: number, c: number): void {
  for (let j = 0; j < c; j++) {
    for (let p = 0; p < d; p++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += dS[i * c + j]! * X[i * d + p]!;
      dW[j * d + p] = acc;
    }
  }
}

function plainEpoch(X: Float32Array, y: Int32Array, order: Int32Array, n: number, d: number, c: number, batch: number, lr: number): number {
  const W = new Float32Array(c * d);
  const b = new Float32Array(c);
  const Xb = new Float32Array(batch * d);
  const S = new Float32Array(batch * c);
  const dW = new Float32Array(c * d);
  const yb = new Int32Array(batch);
  let total = 0;
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    for (let i = 0; i < m; i++) {
      const r = order[start + i]!;
      Xb.set(X.subarray(r * d, (r + 1) * d), i * d);
      yb[i] = y[r]!;
    }
    plainScores(Xb, W, S, m, d, c);
    for (let i = 0; i < m; i++) {
      let max = -Infinity;
      for (let j = 0; j < c; j++) max = Math.max(max, S[i * c + j]! + b[j]!);
      let z = 0;
      for (let j = 0; j < c; j++) z += Math.exp(S[i * c + j]! + b[j]! - max);
      total += Math.log(z) - (S[i * c + yb[i]!]! + b[yb[i]!]! - max);
      for (let j = 0; j < c; j++) S[i * c + j] = (Math.exp(S[i * c + j]! + b[j]! - max) / z - (j === yb[i] ? 1 : 0)) / m;
    }
    plainWeightGrad(S, Xb, dW, m, d, c);
    for (let i = 0; i < W.length; i++) W[i]! -= lr * dW[i]!;
    for (let j = 0; j < c; j++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += S[i * c + j]!;
      b[j]! -= lr * g;
    }
  }
  return total / n;
}
