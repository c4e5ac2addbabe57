// The bars on the full MNIST (all 60 000 training images, all 10 000 test images) with the
// defaults a README user gets: `new LinearClassifier({ loss }).fit(train)`, nothing else. This asserts
// accuracy, never time; with the reference kernels each run takes a few seconds per epoch (five epochs).
import { beforeAll, describe, expect, it } from 'vitest';
import { mnist } from '../src/data/datasets.js';
import type { DatasetSplits } from '../src/data/types.js';
import type { LossName } from '../src/losses/spec.js';
import { LinearClassifier } from '../src/models/linear-classifier.js';

let data: DatasetSplits;
beforeAll(() => {
  data = mnist();
});

const BARS: [LossName, number][] = [
  ['softmax', 0.92],
  ['ww', 0.915],
  ['cs', 0.91],
  ['ova', 0.905],
];

describe('full MNIST with the default settings', () => {
  for (const [loss, bar] of BARS) {
    it(`${loss}: test accuracy ≥ ${(bar * 100).toFixed(1)}%`, { timeout: 600_000 }, async () => {
      const clf = new LinearClassifier({ loss });
      const summary = await clf.fit(data.train);
      expect(summary).toMatchObject({ reason: 'completed', examples: 60000 });
      expect(data.test.X.rows).toBe(10000);
      expect(clf.score(data.test.X, data.test.labels)).toBeGreaterThanOrEqual(bar);
    });
  }
});
