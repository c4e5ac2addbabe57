// Cross-validation of k on the first N MNIST training images (raw uint8 pixels), as CS231n's assignment does
// it: prints the table (accuracy per k and fold), mean ± std per k, the best k, the time and the kernels.
//
//   npm run build && node scripts/knn-cv-mnist.mjs [--n 5000] [--folds 5] [--ks 1,3,5,8,10,12,15,20,50,100]
//       [--stratified] [--seed 0] [--metric l2] [--weights uniform] [--kernels auto] [--json]
import { parseArgs } from 'node:util';
import { mnist } from '../dist/data/datasets.js';
import { selectKernels } from '../dist/kernels/select.js';
import { crossValidateK } from '../dist/models/knn-cv.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '5000' },
    folds: { type: 'string', default: '5' },
    ks: { type: 'string', default: '1,3,5,8,10,12,15,20,50,100' },
    stratified: { type: 'boolean', default: false },
    seed: { type: 'string', default: '0' },
    metric: { type: 'string', default: 'l2' },
    weights: { type: 'string', default: 'uniform' },
    kernels: { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
const { train } = mnist();
const X = { data: train.X.data.subarray(0, n * 784), rows: n, cols: 784 };
const kernels = await selectKernels(values.kernels);
const t0 = performance.now();
const cv = crossValidateK(X, train.labels.subarray(0, n), {
  ks: values.ks.split(',').map(Number),
  folds: Number(values.folds),
  stratified: values.stratified,
  seed: Number(values.seed),
  metric: values.metric,
  weights: values.weights,
  kernels,
  classNames: train.classNames,
});
const seconds = (performance.now() - t0) / 1000;
if (values.json) {
  console.log(JSON.stringify({ ...cv, seconds, kernelInfo: kernels.info }, null, 2));
} else {
  const pct = (a) => (100 * a).toFixed(1).padStart(5);
  console.log(`${n} examples, ${cv.folds} ${cv.stratified ? `stratified (seed ${cv.seed})` : 'consecutive'} folds of ${cv.foldSizes.join('/')}, ${cv.metric}, ${cv.weights}`);
  console.log(`   k  ${cv.foldSizes.map((_, f) => `fold${f + 1}`).join(' ')}   mean ±  std`);
  cv.ks.forEach((k, i) => {
    console.log(`${String(k).padStart(4)}  ${cv.accuracy[i].map((a) => ` ${pct(a)}`).join(' ')}  ${pct(cv.mean[i])} ± ${(100 * cv.std[i]).toFixed(2)}`);
  });
  console.log(`best k = ${cv.bestK} (mean ${pct(cv.bestMean).trim()}%); ${seconds.toFixed(1)} s on ${kernels.info.name} kernels`);
}
