// kNN on the full MNIST (raw uint8 pixels) from the built package: test accuracy for each k from one search,
// the time it took, the kernels that ran, and the resident memory sampled after every chunk.
//
//   npm run build && node scripts/knn-mnist.mjs [--kernels auto|ref|wasm|wasm-threads] [--ks 1,3]
//       [--metric l2|l1|cosine] [--budget-mib 256] [--test-rows 10000] [--no-copy] [--dump DIR]
//
// --no-copy fits with { copy: false }: the model borrows the loaded training set instead of copying it into
// kernel memory (saves 45 MiB; with WASM kernels the kernels then copy it in themselves).
// --dump writes the neighbour indices (int32) and distances (float64), little-endian [rows, max k], for
// scripts/knn_mnist_reference.py to compare with an exact numpy computation.
// For the peak including everything the process ever touched, run it under `/usr/bin/time -v`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mnist } from '../dist/data/datasets.js';
import { selectKernels } from '../dist/kernels/select.js';
import { KNearestNeighbors, predictFromNeighbours } from '../dist/models/knn.js';
import { accuracy } from '../dist/train/metrics.js';

const { values } = parseArgs({
  options: {
    kernels: { type: 'string', default: 'auto' },
    ks: { type: 'string', default: '1,3' },
    metric: { type: 'string', default: 'l2' },
    'budget-mib': { type: 'string', default: '256' },
    'test-rows': { type: 'string', default: '10000' },
    'no-copy': { type: 'boolean', default: false },
    dump: { type: 'string' },
  },
});
const ks = values.ks.split(',').map(Number);
const maxK = Math.max(...ks);
const budget = Math.round(Number(values['budget-mib']) * 1024 * 1024);
const mib = (b) => Math.round((b / 1048576) * 10) / 10;

const rssAtStart = process.memoryUsage().rss;
const { train, test } = mnist();
const testRows = Math.min(Number(values['test-rows']), test.X.rows);
const queries = { data: test.X.data.subarray(0, testRows * 784), rows: testRows, cols: 784 };
const rssAfterLoad = process.memoryUsage().rss;

const kernels = await selectKernels(values.kernels);
const model = new KNearestNeighbors({ k: maxK, metric: values.metric, kernels, memoryBudgetBytes: budget });
model.fit(train.X, train.labels, { classNames: train.classNames, copy: !values['no-copy'] });
const plan = model.plan(testRows);
let peakRss = process.memoryUsage().rss;
let peakArrayBuffers = process.memoryUsage().arrayBuffers;
const t0 = performance.now();
const nb = model.kneighbors(queries, {
  onProgress(done, total) {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakArrayBuffers = Math.max(peakArrayBuffers, m.arrayBuffers);
    process.stderr.write(`\r${done}/${total} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s, rss ${mib(m.rss)} MiB   `);
  },
});
const seconds = (performance.now() - t0) / 1000;
process.stderr.write('\n');

const accuracies = {};
for (const k of ks) {
  const predicted = predictFromNeighbours(nb, model.fitted.labels, 10, k, 'uniform');
  accuracies[k] = accuracy(predicted, test.labels.subarray(0, testRows));
}
if (values.dump) {
  mkdirSync(values.dump, { recursive: true });
  writeFileSync(join(values.dump, 'indices.i32'), new Uint8Array(nb.indices.buffer));
  writeFileSync(join(values.dump, 'distances.f64'), new Uint8Array(nb.distances.buffer));
}
const datasetBytes = train.X.data.byteLength + test.X.data.byteLength + train.labels.byteLength + test.labels.byteLength;
console.log(
  JSON.stringify(
    {
      kernels: kernels.info,
      metric: values.metric,
      testRows,
      trainRows: train.X.rows,
      accuracies,
      seconds: Math.round(seconds * 10) / 10,
      plan,
      memoryMiB: {
        budget: mib(budget),
        dataset: mib(datasetBytes),
        modelCopyOfTrainingSet: values['no-copy'] ? 0 : mib(train.X.data.byteLength),
        rssAtStart: mib(rssAtStart),
        rssAfterLoad: mib(rssAfterLoad),
        peakRssSampledPerChunk: mib(peakRss),
        // JS ArrayBuffers as allocated (not necessarily resident); WebAssembly memory is not counted here.
        peakArrayBuffersSampledPerChunk: mib(peakArrayBuffers),
      },
    },
    null,
    2,
  ),
);
