/**
 * k-fold cross-validation splits, as index lists.
 *
 * Consecutive folds (the default) are what CS231n's `np.array_split(range(N), folds)` makes: fold f is a
 * contiguous run, and the first N mod F folds get one example more than the rest (10 into 3: 4, 3, 3).
 * With `shuffle` the indices are first permuted by the seeded Rng, then split the same way (the fold sizes
 * are unchanged; the permutation is ours, not numpy's).
 *
 * Stratified folds follow scikit-learn's StratifiedKFold(shuffle=False) exactly: classes are numbered in
 * order of first appearance, the sorted class sequence is dealt round-robin to the folds to decide how many
 * of each class every fold gets, and each class's examples, in their original order, fill fold 0's share,
 * then fold 1's, and so on. So every fold holds each class in nearly the same proportion. With `shuffle`,
 * each class's fold assignment is permuted by the seeded Rng (same counts, different members).
 *
 * Every Fold lists its validation indices and its training indices (the rest), both ascending, so a
 * training fold keeps the data's order (kNN's "lower training index" tie rule then means lower original index).
 */
import { ArgumentError } from '../errors.js';
import { checkInteger } from '../tensor/checks.js';
import { Rng } from '../tensor/rng.js';

export interface Fold {
  /** Ascending indices of the examples this fold holds out. */
  readonly validation: Int32Array;
  /** Ascending indices of every other example. */
  readonly train: Int32Array;
}

export interface FoldOptions {
  /** Permute before splitting (default false: folds are deterministic and need no seed). */
  readonly shuffle?: boolean;
  /** Seed of the permutation when shuffling (default 0). */
  readonly seed?: number;
}

/** Sizes of `folds` consecutive parts of n items, as np.array_split makes them. */
export function arraySplitSizes(n: number, folds: number): number[] {
  const base = Math.floor(n / folds);
  const extra = n % folds;
  return Array.from({ length: folds }, (_, f) => base + (f < extra ? 1 : 0));
}

/** Plain k-fold: consecutive folds (optionally of a seeded permutation). */
export function kFold(n: number, folds: number, options: FoldOptions = {}): Fold[] {
  checkInteger(n, 0, 'n');
  checkFoldCount(folds, n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (options.shuffle) new Rng(options.seed ?? 0).shuffle(order);
  const assignment = new Int32Array(n);
  let start = 0;
  arraySplitSizes(n, folds).forEach((size, f) => {
    for (let t = start; t < start + size; t++) assignment[order[t]!] = f;
    start += size;
  });
  return foldsFromAssignment(assignment, folds);
}

/** Stratified k-fold (scikit-learn's StratifiedKFold; see the module comment). */
export function stratifiedKFold(labels: ArrayLike<number>, folds: number, options: FoldOptions = {}): Fold[] {
  const n = labels.length;
  checkFoldCount(folds, n);
  // Classes numbered by first appearance, as scikit-learn encodes them.
  const code = new Map<number, number>();
  const encoded = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    let c = code.get(y);
    if (c === undefined) {
      c = code.size;
      code.set(y, c);
    }
    encoded[i] = c;
  }
  const classes = code.size;
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) counts[encoded[i]!]!++;
  // allocation[f][c]: positions p ≡ f (mod folds) inside class c's run [s, e) of the sorted class sequence.
  const allocation = Array.from({ length: folds }, () => new Int32Array(classes));
  let s = 0;
  for (let c = 0; c < classes; c++) {
    const e = s + counts[c]!;
    for (let f = 0; f < folds; f++) allocation[f]![c] = countCongruent(s, e, f, folds);
    s = e;
  }
  const rng = options.shuffle ? new Rng(options.seed ?? 0) : null;
  const foldsOfClass: Int32Array[] = [];
  for (let c = 0; c < classes; c++) {
    const forClass = new Int32Array(counts[c]!);
    let p = 0;
    for (let f = 0; f < folds; f++) for (let t = 0; t < allocation[f]![c]!; t++) forClass[p++] = f;
    rng?.shuffle(forClass);
    foldsOfClass.push(forClass);
  }
  const next = new Int32Array(classes);
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = encoded[i]!;
    assignment[i] = foldsOfClass[c]![next[c]!++]!;
  }
  return foldsFromAssignment(assignment, folds);
}

/** How many p in [s, e) have p mod m = r. */
function countCongruent(s: number, e: number, r: number, m: number): number {
  const upTo = (x: number): number => (x <= r ? 0 : Math.floor((x - r - 1) / m) + 1); // p in [0, x)
  return upTo(e) - upTo(s);
}

function checkFoldCount(folds: number, n: number): void {
  checkInteger(folds, 2, 'folds');
  if (folds > n) throw new ArgumentError('folds', `is ${folds} but there are only ${n} examples; use at most ${n} folds`);
}

function foldsFromAssignment(assignment: Int32Array, folds: number): Fold[] {
  const n = assignment.length;
  const sizes = new Int32Array(folds);
  for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;
  return Array.from({ length: folds }, (_, f) => {
    const validation = new Int32Array(sizes[f]!);
    const train = new Int32Array(n - sizes[f]!);
    let v = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === f) validation[v++] = i;
      else train[t++] = i;
    }
    return { validation, train };
  });
}
