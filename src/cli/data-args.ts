/**
 * `--data` for every command: which dataset, where its files are, and how much of it. `--train-limit N` and
 * `--test-limit M` keep the first N / M examples in the dataset's official order (CS231n's "first 5000").
 */
import { cifar10, fashionMnist, mnist, readCsvFile } from '../data/datasets.js';
import { limitDataset, takeRows } from '../data/dataset.js';
import { trainValidationSplit } from '../data/split.js';
import type { Dataset, DatasetSplits } from '../data/types.js';
import { UsageError, parseInteger } from './usage.js';

export const DATA_HELP = `  --data NAME          mnist (default, shipped with linclass), fashion-mnist, cifar10, or csv:FILE
                       (csv: numeric feature columns, the label in the last column)
  --data-dir DIR       where the fashion-mnist or cifar10 files are (cifar-10-batches-bin/ for cifar10;
                       fashion-mnist defaults to Debian's dataset-fashion-mnist location)
  --test-data csv:FILE test examples for csv data (default: the last 20% of FILE, stratified)
  --train-limit N      use the first N training examples (official order)
  --test-limit M       use the first M test examples`;

export interface DataArgs {
  readonly data?: string | undefined;
  readonly 'data-dir'?: string | undefined;
  readonly 'test-data'?: string | undefined;
  readonly 'train-limit'?: string | undefined;
  readonly 'test-limit'?: string | undefined;
}

export const DATA_FLAGS = {
  data: { type: 'string', default: 'mnist' },
  'data-dir': { type: 'string' },
  'test-data': { type: 'string' },
  'train-limit': { type: 'string' },
  'test-limit': { type: 'string' },
} as const;

export interface LoadedData extends DatasetSplits {
  /** What was loaded, for reports: "mnist", "csv:iris.csv"… */
  readonly source: string;
  /** A sentence on how the test set was formed when the data has no official split. */
  readonly testNote: string | null;
}

const CSV_TEST_FRACTION = 0.2;

/** Parses the data flags (usage errors) without touching any file. */
export function parseDataArgs(values: DataArgs): { source: string; kind: 'mnist' | 'fashion-mnist' | 'cifar10' | 'csv'; file: string | null; trainLimit: number | null; testLimit: number | null } {
  const source = values.data ?? 'mnist';
  let kind: 'mnist' | 'fashion-mnist' | 'cifar10' | 'csv';
  let file: string | null = null;
  if (source.startsWith('csv:')) {
    kind = 'csv';
    file = source.slice(4);
    if (file === '') throw new UsageError("--data csv: needs a file name, e.g. --data csv:iris.csv");
  } else if (source === 'mnist' || source === 'fashion-mnist' || source === 'cifar10') {
    kind = source;
  } else {
    throw new UsageError(`--data: unknown dataset '${source}'; use mnist, fashion-mnist, cifar10 or csv:FILE`);
  }
  if (kind === 'cifar10' && values['data-dir'] === undefined) {
    throw new UsageError('--data cifar10 needs --data-dir DIR, the folder holding data_batch_1.bin … test_batch.bin (the official binary version)');
  }
  if (values['test-data'] !== undefined && kind !== 'csv') throw new UsageError('--test-data applies to --data csv:FILE only');
  if (values['test-data'] !== undefined && !values['test-data'].startsWith('csv:')) {
    throw new UsageError("--test-data: write it as csv:FILE");
  }
  const trainLimit = values['train-limit'] === undefined ? null : parseInteger(values['train-limit'], '--train-limit', 1);
  const testLimit = values['test-limit'] === undefined ? null : parseInteger(values['test-limit'], '--test-limit', 1);
  return { source, kind, file, trainLimit, testLimit };
}

/** Loads the named data (DataFormatError / IoError for missing or corrupt files) and applies the limits. */
export function loadData(values: DataArgs, seed: number): LoadedData {
  const { source, kind, file, trainLimit, testLimit } = parseDataArgs(values);
  let splits: DatasetSplits;
  let testNote: string | null = null;
  switch (kind) {
    case 'mnist':
      splits = mnist();
      break;
    case 'fashion-mnist':
      splits = fashionMnist(values['data-dir']);
      break;
    case 'cifar10':
      splits = cifar10(values['data-dir']!);
      break;
    case 'csv': {
      const all = readCsvFile(file!);
      const testFile = values['test-data']?.slice(4);
      if (testFile !== undefined) {
        const test = readCsvFile(testFile, { classNames: all.classNames });
        splits = { train: all, test };
      } else {
        const size = Math.max(1, Math.round(all.X.rows * CSV_TEST_FRACTION));
        if (size >= all.X.rows) throw new UsageError(`${file}: ${all.X.rows} example(s) are too few to hold out a test set; give --test-data csv:FILE`);
        const split = trainValidationSplit(all.labels, { size, method: 'stratified', seed });
        splits = { train: takeRows(all, split.train, `${all.name}[train]`), test: takeRows(all, split.validation, `${all.name}[test]`) };
        testNote = `the test set is ${size} examples (${CSV_TEST_FRACTION * 100}%) held out of ${file}, stratified by class, seed ${seed}`;
      }
      break;
    }
  }
  return {
    source,
    testNote,
    train: trainLimit === null ? splits.train : limitDataset(splits.train, trainLimit),
    test: testLimit === null ? splits.test : limitDataset(splits.test, testLimit),
  };
}

/** Parses --val: a fraction in [0, 1) of the training examples, or a whole count ≥ 1. */
export function parseValidationSize(text: string | undefined, fallback: number): (n: number) => number {
  const v = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(v) || v < 0) throw new UsageError(`--val: '${text}' must be a fraction in [0, 1) or a whole number of examples`);
  if (v >= 1 && !Number.isInteger(v)) throw new UsageError(`--val: '${text}' must be a fraction in [0, 1) or a whole number of examples`);
  return (n) => {
    const size = v < 1 ? Math.round(n * v) : v;
    if (size >= n) throw new UsageError(`--val: holding out ${size} of ${n} training examples leaves none to train on`);
    return size;
  };
}

/** The last `size` training examples (CS231n's split) as validation. */
export function holdOutValidation(train: Dataset, size: number): { train: Dataset; validation: Dataset | null } {
  if (size === 0) return { train, validation: null };
  const split = trainValidationSplit(train.labels, { size, method: 'last' });
  return {
    train: takeRows(train, split.train, `${train.name}[train]`),
    validation: takeRows(train, split.validation, `${train.name}[validation]`),
  };
}
