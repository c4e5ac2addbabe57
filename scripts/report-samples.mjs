// Sample run-folder pictures from synthetic data, to look at and to time: `npm run build && node scripts/report-samples.mjs [DIR]`
// (default runs/report-samples). Class k's MNIST-like template is the digit k drawn with linclass's font plus
// seeded noise; CIFAR-like templates are smooth colour patterns. Prints each file's size and the time to make it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as L from '../dist/index.js';

const out = process.argv[2] ?? 'runs/report-samples';
mkdirSync(out, { recursive: true });
const rng = new L.Rng(7);

function timed(file, make, repeats = 10) {
  make();
  const start = performance.now();
  let bytes;
  for (let i = 0; i < repeats; i++) bytes = make();
  const ms = (performance.now() - start) / repeats;
  writeFileSync(join(out, file), bytes);
  console.log(`${file.padEnd(16)} ${String(bytes.length).padStart(8)} bytes  ${ms.toFixed(1).padStart(7)} ms`);
}

const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const D = 28 * 28;
const W = new Float32Array(10 * (D + 1));
for (let k = 0; k < 10; k++) {
  const r = L.createRaster(28, 28, 1, [0]);
  L.drawText(r, digits[k], 7, 1, { scale: 3, color: [255] });
  for (let p = 0; p < D; p++) W[k * (D + 1) + p] = (r.data[p] / 255 - 0.3) * 0.01 + rng.uniform() * 0.003;
  W[k * (D + 1) + D] = 0.5; // the bias column, left out of the picture
}
const mnist = { weights: { data: W, rows: 10, cols: D + 1 }, imageShape: { height: 28, width: 28, channels: 1, layout: 'hwc' }, classNames: digits };
timed('weights.png', () => L.weightsPng(mnist, { title: 'synthetic templates (28x28, hwc)' }));

const cifarNames = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const C = new Float64Array(10 * 3072);
for (let k = 0; k < 10; k++)
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 32; x++) C[k * 3072 + c * 1024 + y * 32 + x] = Math.sin((x + 3 * k) / (4 + c)) * Math.cos(y / (3 + (k % 4))) + (c === k % 3 ? 0.5 : 0);
timed('weights-cifar.png', () => L.weightsPng({ weights: { data: C, rows: 10, cols: 3072 }, imageShape: { height: 32, width: 32, channels: 3, layout: 'chw' }, classNames: cifarNames }));

const history = [];
for (let s = 0; s < 6000; s++) {
  const noise = (rng.uniform() - 0.5) * 0.4 * Math.exp(-s / 3000);
  const data = 2.3 * Math.exp(-s / 1000) + 0.3 + noise;
  const end = s % 300 === 299;
  history.push({ epoch: (s + 1) / 300, step: s + 1, dataLoss: data, regLoss: 0.02, totalLoss: data + 0.02, trainAccuracy: end ? 0.92 - 0.4 * Math.exp(-s / 1000) : null, valAccuracy: end ? 0.9 - 0.4 * Math.exp(-s / 1000) : null });
}
timed('curves.svg', () => L.curvesSvg(history, { x: 'step', title: 'synthetic: per-step loss, per-epoch accuracy' }));

const M = digits.map((_, i) => digits.map((_, j) => (i === j ? 900 + 10 * i : ((i * 7 + j * 3) % 11) * (i === 5 ? 8 : 2))));
timed('confusion.svg', () => L.confusionSvg(M, digits, { title: 'synthetic confusion matrix' }));

const figures = { testAccuracy: 0.9234, trainAccuracy: 0.9312, dataLoss: 0.2891234, regLoss: 0.000123, epochs: 20, seconds: 12.3456, kernels: 'synthetic' };
timed('report.html', () => L.reportHtml({ title: 'report samples (synthetic data)', subtitle: 'node scripts/report-samples.mjs', figures, pictures: L.RUN_PICTURES, reportJson: null }));
console.log(`written to ${out}/`);
