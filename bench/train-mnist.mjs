// Benchmark: the default LinearClassifier on the full MNIST (60 000 training images, 10 000 test images),
// one run per loss, as a README user gets it: `new LinearClassifier({ loss }).fit(train)`. Prints the test
// accuracy, the seconds per epoch and the kernels that ran. Runs against the built package:
//
//   npm run build && node bench/train-mnist.mjs [loss …]      (or: npm run bench:train)
//
// A benchmark, not a test: nothing is asserted here (test/mnist-accuracy.test.ts asserts the accuracy bars).
// The machine's load average is printed at the end: other jobs on a shared machine move the timings a lot.
import { loadavg } from 'node:os';
import { LinearClassifier, mnist } from '../dist/index.js';

const losses = process.argv.length > 2 ? process.argv.slice(2) : ['softmax', 'ww', 'cs', 'ova', 'squared'];
const { train, test } = mnist();
console.log(`node ${process.version}; full MNIST, default settings`);
for (const loss of losses) {
  const clf = new LinearClassifier({ loss });
  const perEpoch = [];
  const summary = await clf.fit(train, { onEvent: (e) => e.type === 'epoch' && perEpoch.push(e.elapsed) });
  const seconds = perEpoch.map((t, i) => t - (i === 0 ? 0 : perEpoch[i - 1]));
  const accuracy = clf.score(test.X, test.labels);
  console.log(
    `${loss.padEnd(8)} test accuracy ${(accuracy * 100).toFixed(2)}%   ${summary.epochs} epochs, ` +
      `${(summary.seconds / summary.epochs).toFixed(2)} s/epoch (min ${Math.min(...seconds).toFixed(2)})   kernels: ${summary.kernels.name}`,
  );
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
