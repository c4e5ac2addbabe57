/**
 * The JavaScript peers, each loaded only if it is installed (they are devDependencies of linclass, so a user's
 * install lists them as absent): TensorFlow.js with its CPU and WASM backends, ml-knn and
 * ml-logistic-regression. None of them downloads anything: tfjs-backend-wasm reads its .wasm files from its
 * own package directory.
 */
import type { RunContext } from './linclass.js';
import { epochOrder, subset } from './linclass.js';
import { fillPseudo } from './data.js';
import { timeAsync, timeSync } from './timing.js';
import type { PeerStatus } from './types.js';

type Tf = typeof import('@tensorflow/tfjs-core');

async function importOptional<T>(name: string): Promise<T | string> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (e) {
    return `not installed (${String((e as Error).message ?? e).split('\n')[0]})`;
  }
}

export async function runTfjs(ctx: RunContext, workloads: ReadonlySet<string>, peers: Record<string, PeerStatus>): Promise<void> {
  const tf = await importOptional<Tf>('@tensorflow/tfjs-core');
  if (typeof tf === 'string') {
    peers['tfjs cpu'] = { present: false, detail: `@tensorflow/tfjs-core ${tf}` };
    peers['tfjs wasm'] = { present: false, detail: `@tensorflow/tfjs-core ${tf}` };
    return;
  }
  const cpu = await importOptional<object>('@tensorflow/tfjs-backend-cpu');
  const wasm = await importOptional<{ setThreadsCount?: (n: number) => void }>('@tensorflow/tfjs-backend-wasm');
  for (const [backend, mod] of [
    ['cpu', cpu],
    ['wasm', wasm],
  ] as const) {
    const name = `tfjs ${backend}`;
    if (typeof mod === 'string') {
      peers[name] = { present: false, detail: `@tensorflow/tfjs-backend-${backend} ${mod}` };
      continue;
    }
    // PROD silences tfjs's console banner ("install tfjs-node") and skips its debug checks.
    tf.env().set('PROD', true);
    const ok = await tf.setBackend(backend);
    await tf.ready();
    if (!ok || tf.getBackend() !== backend) {
      peers[name] = { present: false, detail: `backend '${backend}' failed to initialise` };
      continue;
    }
    const simd = backend === 'wasm' ? `, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}` : '';
    peers[name] = { present: true, detail: `@tensorflow/tfjs-core ${tf.version_core}${simd}` };
    await tfWorkloads(ctx, tf, name, backend === 'cpu', workloads);
  }
}

async function tfWorkloads(ctx: RunContext, tf: Tf, impl: string, slow: boolean, workloads: ReadonlySet<string>): Promise<void> {
  const { data, sizes } = ctx;
  const d = data.dim;
  const reps = slow ? Math.min(ctx.repeats, 3) : ctx.repeats;
  if (workloads.has('W1')) {
    for (const m of sizes.sgemm) {
      ctx.progress(`${impl}: W1 sgemm ${m}`);
      const sub = slow ? subset(m, ctx.quick ? m : Math.max(64, m / 8)) : subset(m, m);
      const A = tf.tensor2d(fillPseudo(new Float32Array(sub.rows * m), 1), [sub.rows, m]);
      const B = tf.tensor2d(fillPseudo(new Float32Array(m * m), 2), [m, m]);
      const t = await timeAsync(async () => {
        const C = tf.matMul(A, B);
        await C.data();
        C.dispose();
      }, reps);
      ctx.add({ workload: `W1 sgemm ${m}`, impl, seconds: t.median * sub.factor, runs: t.runs, flops: 2 * m ** 3, ...(sub.note ? { extrapolated: sub.note } : {}) });
      A.dispose();
      B.dispose();
    }
  }
  const n = data.trainRows;
  const c = 10;
  if (workloads.has('W2') || workloads.has('W3')) {
    const xs = new Float32Array(n * d);
    for (let i = 0; i < xs.length; i++) xs[i] = data.trainImages[i]! / 255;
    const X = tf.tensor2d(xs, [n, d]);
    if (workloads.has('W2')) {
      const W = tf.tensor2d(fillPseudo(new Float32Array(c * d), 3, 0.01), [c, d]);
      const dS = tf.tensor2d(fillPseudo(new Float32Array(n * c), 4), [n, c]);
      const flops = 2 * n * d * c;
      ctx.progress(`${impl}: W2`);
      let t = await timeAsync(async () => {
        const S = tf.matMul(X, W, false, true);
        await S.data();
        S.dispose();
      }, reps);
      ctx.add({ workload: 'W2 X·Wᵀ', impl, seconds: t.median, runs: t.runs, flops });
      t = await timeAsync(async () => {
        const G = tf.matMul(dS, X, true, false);
        await G.data();
        G.dispose();
      }, reps);
      ctx.add({ workload: 'W2 dSᵀ·X', impl, seconds: t.median, runs: t.runs, flops });
      W.dispose();
      dS.dispose();
    }
    if (workloads.has('W3')) {
      ctx.progress(`${impl}: W3`);
      const order = epochOrder(n);
      const yOneHot = tf.oneHot(tf.tensor1d(data.trainLabels, 'int32'), c);
      const batches: { idx: ReturnType<Tf['tensor1d']> }[] = [];
      for (let s = 0; s < n; s += sizes.batch) batches.push({ idx: tf.tensor1d(order.subarray(s, Math.min(n, s + sizes.batch)), 'int32') });
      // The CS231n vectorised step with its gradient written out (tfjs-core's Node build registers no
      // gradients without the full tfjs package): S = xb·W + b, P = softmax(S), dS = (P − Y)/m.
      const t = await timeAsync(async () => {
        const W = tf.variable(tf.zeros([d, c]));
        const b = tf.variable(tf.zeros([c]));
        let total = 0;
        for (const { idx } of batches) {
          const m = idx.shape[0]!;
          const loss = tf.tidy(() => {
            const xb = tf.gather(X, idx);
            const yb = tf.gather(yOneHot, idx);
            const S = tf.add(tf.matMul(xb, W), b);
            const logP = tf.logSoftmax(S);
            const dS = tf.div(tf.sub(tf.exp(logP), yb), m);
            W.assign(tf.sub(W, tf.mul(sizes.lr, tf.matMul(xb, dS, true, false))));
            b.assign(tf.sub(b, tf.mul(sizes.lr, tf.sum(dS, 0))));
            return tf.neg(tf.sum(tf.mul(yb, logP)));
          });
          total += (await loss.data())[0]!;
          loss.dispose();
        }
        W.dispose();
        b.dispose();
        return total / n;
      }, Math.min(reps, 3));
      ctx.add({ workload: 'W3 softmax epoch', impl, seconds: t.median, runs: t.runs, note: `mean loss ${t.value.toFixed(4)}; the vectorised step with its gradient written out` });
      for (const { idx } of batches) idx.dispose();
      yOneHot.dispose();
    }
    X.dispose();
  }
  if (workloads.has('W4')) {
    ctx.progress(`${impl}: W4`);
    const sub = subset(data.testRows, ctx.quick ? 5 : 50);
    const train = tf.tensor2d(Float32Array.from(data.trainImages), [n, d]);
    const test = tf.tensor2d(Float32Array.from(data.testImages.subarray(0, sub.rows * d)), [sub.rows, d]);
    const t = await timeAsync(async () => {
      const nb = tf.sum(tf.square(train), 1);
      const na = tf.sum(tf.square(test), 1);
      const dist = tf.sub(tf.add(tf.expandDims(na, 1), tf.expandDims(nb, 0)), tf.mul(2, tf.matMul(test, train, false, true)));
      const arg = tf.argMin(dist, 1);
      const out = await arg.data();
      for (const T of [nb, na, dist, arg]) T.dispose();
      return out;
    }, 1, false);
    ctx.add({ workload: 'W4 kNN k=1', impl, seconds: t.median * sub.factor, runs: t.runs, note: 'float32 ‖a‖² + ‖b‖² − 2a·b, argMin', ...(sub.note ? { extrapolated: sub.note } : {}) });
    train.dispose();
    test.dispose();
  }
}

interface KnnClass {
  new (dataset: number[][], labels: number[], options: { k: number }): { predict(dataset: number[][]): number[] };
}
interface MatrixClass {
  new (data: number[][]): unknown;
  columnVector(v: number[]): unknown;
}
interface LogRegClass {
  new (options: { numSteps: number; learningRate: number }): { train(X: unknown, Y: unknown): void };
}

export async function runMl(ctx: RunContext, workloads: ReadonlySet<string>, peers: Record<string, PeerStatus>): Promise<void> {
  const { data } = ctx;
  const d = data.dim;
  const rowsOf = (px: Uint8Array, rows: number, scale: number): number[][] =>
    Array.from({ length: rows }, (_, i) => Array.from(px.subarray(i * d, (i + 1) * d), (v) => v * scale));

  const knn = await importOptional<{ default: KnnClass }>('ml-knn');
  if (typeof knn === 'string') peers['ml-knn'] = { present: false, detail: `ml-knn ${knn}` };
  else {
    peers['ml-knn'] = { present: true, detail: 'ml-knn (kd-tree over arrays of numbers)' };
    if (workloads.has('W4')) {
      ctx.progress('ml-knn: W4');
      const tr = subset(data.trainRows, ctx.quick ? data.trainRows : 6000);
      const te = subset(data.testRows, ctx.quick ? 5 : 100);
      const train = rowsOf(data.trainImages, tr.rows, 1);
      const labels = Array.from(data.trainLabels.subarray(0, tr.rows));
      const test = rowsOf(data.testImages, te.rows, 1);
      const t = timeSync(() => new knn.default(train, labels, { k: 1 }).predict(test), 1, false);
      ctx.add({
        workload: 'W4 kNN k=1',
        impl: 'ml-knn',
        seconds: t.median * tr.factor * te.factor,
        runs: t.runs,
        extrapolated: `timed on ${te.rows} test × ${tr.rows} train rows (build + predict), scaled ×${(tr.factor * te.factor).toFixed(0)} (linear in both)`,
      });
    }
  }

  const logreg = await importOptional<{ default: LogRegClass }>('ml-logistic-regression');
  const mlMatrix = await importOptional<{ Matrix: MatrixClass }>('ml-matrix');
  if (typeof logreg === 'string' || typeof mlMatrix === 'string') {
    peers['ml-logistic-regression'] = { present: false, detail: `ml-logistic-regression or ml-matrix ${typeof logreg === 'string' ? logreg : String(mlMatrix)}` };
  } else {
    peers['ml-logistic-regression'] = { present: true, detail: 'ml-logistic-regression (one-vs-all, full-batch gradient steps on ml-matrix)' };
    if (workloads.has('W3')) {
      ctx.progress('ml-logistic-regression: W3');
      const sub = subset(data.trainRows, ctx.quick ? data.trainRows : 6000);
      const X = new mlMatrix.Matrix(rowsOf(data.trainImages, sub.rows, 1 / 255));
      const Y = mlMatrix.Matrix.columnVector(Array.from(data.trainLabels.subarray(0, sub.rows)));
      const t = timeSync(() => new logreg.default({ numSteps: 1, learningRate: ctx.sizes.lr }).train(X, Y), Math.min(ctx.repeats, 3));
      ctx.add({
        workload: 'W3 softmax epoch',
        impl: 'ml-logistic-regression',
        seconds: t.median * sub.factor,
        runs: t.runs,
        note: 'numSteps 1: one full-batch gradient step per class (one-vs-all), i.e. one pass over the data per class',
        ...(sub.note ? { extrapolated: sub.note } : {}),
      });
    }
  }
}
