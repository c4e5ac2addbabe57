/**
 * Train/validation splits and k-fold cross-validation as index arrays (no Node APIs). Every function is
 * deterministic: the same labels, sizes and seed give the same indices on every engine (randomness comes
 * only from `Rng`). Index arrays are Int32Array in ascending order, so a split keeps the official order of
 * the examples it holds; shuffle for training separately.
 *
 * CS231n conventions: the validation set is the `size` examples after the first N − size (`method: 'last'`,
 * the assignment's `mask = range(num_training, num_training + num_validation)`), and k-fold splits the
 * training set into consecutive folds exactly as `numpy.array_split` does (the first N mod k folds hold
 * one extra example).
 */
import { ArgumentError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { takeRows } from './dataset.js';
import type { Dataset } from './types.js';

/** Indices of the examples used for training and of those held out. */
export interface Split {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

export type SplitMethod = 'last' | 'first' | 'random' | 'stratified';

export interface TrainValidationOptions {
  /** How many examples to hold out for validation: a whole number in 0..N. */
  readonly size: number;
  /**
   * 'last' (default): the last `size` examples, as CS231n does. 'first': the first `size`.
   * 'random': `size` examples drawn uniformly. 'stratified': `size` examples drawn so each class keeps
   * its share (largest-remainder rounding; ties go to the lower class index).
   */
  readonly method?: SplitMethod;
  /** Seed for 'random' and 'stratified' (default 0). */
  readonly seed?: number;
}

function checkWhole(value: number, min: number, max: number, argument: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ArgumentError(argument, `must be a whole number in ${min}..${max}, got ${value}`);
  }
}

function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(0, end - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/** Split 0..N−1 (N = labels.length) by a mask of held-out examples: both sides ascending. */
function fromMask(held: Uint8Array): Split {
  let v = 0;
  for (let i = 0; i < held.length; i++) v += held[i]!;
  const train = new Int32Array(held.length - v);
  const validation = new Int32Array(v);
  let a = 0;
  let b = 0;
  for (let i = 0; i < held.length; i++) {
    if (held[i] === 1) validation[b++] = i;
    else train[a++] = i;
  }
  return { train, validation };
}

function classCount(labels: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0) throw new ArgumentError('labels', `label ${y} at index ${i} is not a whole number ≥ 0`);
    if (y > max) max = y;
  }
  return max + 1;
}

/** Member indices of each class, ascending. */
function membersByClass(labels: ArrayLike<number>): Int32Array[] {
  const C = classCount(labels);
  const counts = new Int32Array(C);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  const members = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(C);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    members[y]![fill[y]!++] = i;
  }
  return members;
}

/**
 * How many of each class a stratified sample of `size` out of N takes: floor(n_c·size/N), plus one for the
 * classes with the largest remainders until the total is `size` (ties: lower class index first). Never
 * more than n_c. Remainders are compared as integers, so no rounding can reorder them.
 */
export function stratifiedAllocation(classSizes: ArrayLike<number>, size: number): Int32Array {
  let N = 0;
  for (let c = 0; c < classSizes.length; c++) N += classSizes[c]!;
  checkWhole(size, 0, N, 'size');
  const C = classSizes.length;
  const take = new Int32Array(C);
  const rem = new Float64Array(C);
  let given = 0;
  for (let c = 0; c < C; c++) {
    const q = classSizes[c]! * size;
    take[c] = N === 0 ? 0 : Math.floor(q / N);
    rem[c] = N === 0 ? 0 : q - take[c]! * N;
    given += take[c]!;
  }
  const order = Array.from({ length: C }, (_, c) => c).sort((x, y) => rem[y]! - rem[x]! || x - y);
  for (let k = 0; given < size; k++, given++) take[order[k]!]!++;
  return take;
}

/**
 * Indices of a train/validation split of N = labels.length examples. See TrainValidationOptions for the
 * methods; 'first' and 'last' ignore the labels' values and the seed.
 */
export function trainValidationSplit(labels: ArrayLike<number>, options: TrainValidationOptions): Split {
  const N = labels.length;
  const { size } = options;
  checkWhole(size, 0, N, 'size');
  const method = options.method ?? 'last';
  const seed = options.seed ?? 0;
  switch (method) {
    case 'last':
      return { train: range(0, N - size), validation: range(N - size, N) };
    case 'first':
      return { train: range(size, N), validation: range(0, size) };
    case 'random': {
      const held = new Uint8Array(N);
      for (const i of new Rng(seed).choice(N, size)) held[i] = 1;
      return fromMask(held);
    }
    case 'stratified': {
      const members = membersByClass(labels);
      const take = stratifiedAllocation(
        members.map((m) => m.length),
        size,
      );
      const rng = new Rng(seed);
      const held = new Uint8Array(N);
      members.forEach((m, c) => {
        for (const k of rng.choice(m.length, take[c]!)) held[m[k]!] = 1;
      });
      return fromMask(held);
    }
    default:
      throw new ArgumentError('method', `unknown split method ${JSON.stringify(method)}; expected last, first, random or stratified`);
  }
}

/** Fold sizes of numpy.array_split(N items, k): the first N mod k folds hold ⌊N/k⌋ + 1, the rest ⌊N/k⌋. */
export function foldSizes(n: number, k: number): Int32Array {
  checkWhole(n, 0, 2 ** 31 - 1, 'n');
  checkWhole(k, 1, Math.max(1, n), 'k');
  const sizes = new Int32Array(k);
  const base = Math.floor(n / k);
  const extra = n % k;
  for (let f = 0; f < k; f++) sizes[f] = base + (f < extra ? 1 : 0);
  return sizes;
}

function checkFolds(n: number, k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new ArgumentError('k', `must be a whole number ≥ 2, got ${k}`);
  if (k > n) throw new ArgumentError('k', `cannot make ${k} folds of ${n} examples; use k ≤ ${n}`);
}

/**
 * k consecutive folds of 0..n−1 (CS231n's `np.array_split(X_train, num_folds)`): fold f validates on its
 * own consecutive block and trains on all the others. Needs 2 ≤ k ≤ n.
 */
export function kFold(n: number, k: number): Split[] {
  checkWhole(n, 0, 2 ** 31 - 1, 'n');
  checkFolds(n, k);
  const sizes = foldSizes(n, k);
  const folds: Split[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const end = start + sizes[f]!;
    const train = new Int32Array(n - (end - start));
    train.set(range(0, start), 0);
    train.set(range(end, n), start);
    folds.push({ train, validation: range(start, end) });
    start = end;
  }
  return folds;
}

/**
 * k stratified folds: each class's members are shuffled (seeded) and dealt to the folds in turn, the deal
 * continuing from one class to the next. So every class is spread over the folds within ±1, and fold sizes
 * differ by at most one. A class with fewer than k members is absent from some folds. Needs 2 ≤ k ≤ N.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, options: { readonly seed?: number } = {}): Split[] {
  const N = labels.length;
  checkFolds(N, k);
  const rng = new Rng(options.seed ?? 0);
  const fold = new Int32Array(N);
  let turn = 0;
  for (const m of membersByClass(labels)) {
    rng.shuffle(m);
    for (let t = 0; t < m.length; t++, turn++) fold[m[t]!] = turn % k;
  }
  const folds: Split[] = [];
  for (let f = 0; f < k; f++) {
    const held = new Uint8Array(N);
    for (let i = 0; i < N; i++) if (fold[i] === f) held[i] = 1;
    folds.push(fromMask(held));
  }
  return folds;
}

/** The two Datasets of a split (rows copied, in index order). */
export function splitDataset(ds: Dataset, split: Split): { readonly train: Dataset; readonly validation: Dataset } {
  return {
    train: takeRows(ds, split.train, `${ds.name}/train`),
    validation: takeRows(ds, split.validation, `${ds.name}/validation`),
  };
}
