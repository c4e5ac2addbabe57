/**
 * Classification metrics. Conventions:
 * - predictions come from scores by argmax, the first (lowest) class index winning ties;
 * - the confusion matrix has true classes as rows and predicted classes as columns (scikit-learn's layout):
 *   M[i][j] = number of examples of class i predicted as j;
 * - precision_c = TP/(TP + FP), recall_c = TP/(TP + FN), F1_c = 2PR/(P + R). A ratio whose denominator is 0
 *   is 0: a class never predicted has precision 0, a class with no examples has recall 0, and F1 is 0 when
 *   P + R = 0 (scikit-learn's zero_division = 0, without its warning). Macro averages weigh all C classes
 *   equally, those zeros included, so an absent class pulls the average down: pass only the classes you mean;
 * - accuracy of zero examples is undefined and refused.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { checkInteger, checkLabels } from '../tensor/checks.js';
import type { IntMatrix, Matrix } from '../tensor/matrix.js';

function checkPair(predicted: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (predicted.length !== labels.length) {
    throw new ShapeError('predicted', `has length ${predicted.length}, labels has ${labels.length}`);
  }
  if (labels.length === 0) throw new ArgumentError('labels', 'is empty: a metric over zero examples is undefined');
}

/** The index of the largest score in each row (the first one on ties). */
export function argmaxRows(scores: Matrix): Int32Array {
  const { rows: n, cols: c, data } = scores;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let max = data[i * c]!;
    for (let j = 1; j < c; j++) {
      const v = data[i * c + j]!;
      if (v > max) {
        max = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** The fraction of examples whose prediction equals the label. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPair(predicted, labels);
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
  return hits / labels.length;
}

/**
 * The fraction of examples whose true class is among the k highest scores. Ranks break ties like argmax
 * (a lower class index ranks first), so top-1 accuracy equals `accuracy(argmaxRows(scores), labels)`.
 */
export function topKAccuracy(scores: Matrix, labels: ArrayLike<number>, k: number): number {
  checkInteger(k, 1, 'k');
  if (k > scores.cols) throw new ArgumentError('k', `is ${k}, but there are only ${scores.cols} classes`);
  if (labels.length !== scores.rows) throw new ShapeError('labels', `has length ${labels.length}, scores have ${scores.rows} rows`);
  if (labels.length === 0) throw new ArgumentError('labels', 'is empty: a metric over zero examples is undefined');
  checkLabels(labels, scores.cols);
  const { cols: c, data } = scores;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const sy = data[i * c + y]!;
    let rank = 0; // classes ranked above the true one
    for (let j = 0; j < c; j++) {
      const v = data[i * c + j]!;
      if (v > sy || (v === sy && j < y)) rank++;
    }
    if (rank < k) hits++;
  }
  return hits / labels.length;
}

/** M[i, j] = how many examples of true class i were predicted as j; [C, C], Int32. */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): IntMatrix {
  checkInteger(classes, 1, 'classes');
  if (predicted.length !== labels.length) {
    throw new ShapeError('predicted', `has length ${predicted.length}, labels has ${labels.length}`);
  }
  checkLabels(labels, classes, 'labels');
  checkLabels(predicted, classes, 'predicted');
  const data = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) data[labels[i]! * classes + predicted[i]!]!++;
  return { data, rows: classes, cols: classes };
}

export interface PerClassMetrics {
  /** TP/(TP + FP) per class; 0 for a class never predicted. */
  readonly precision: Float64Array;
  /** TP/(TP + FN) per class; 0 for a class with no examples. */
  readonly recall: Float64Array;
  /** 2PR/(P + R) per class; 0 when P + R = 0. */
  readonly f1: Float64Array;
  /** Examples of each true class (the row sums). */
  readonly support: Int32Array;
  /** Unweighted means over the C classes. */
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  /** The diagonal over the total; NaN for an empty matrix. */
  readonly accuracy: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Precision, recall and F1 per class, from a confusion matrix (true classes as rows). */
export function perClassMetrics(confusion: IntMatrix): PerClassMetrics {
  const c = confusion.rows;
  if (confusion.cols !== c) throw new ShapeError('confusion', `has shape [${c}, ${confusion.cols}]; a confusion matrix is square`);
  const m = confusion.data;
  const precision = new Float64Array(c);
  const recall = new Float64Array(c);
  const f1 = new Float64Array(c);
  const support = new Int32Array(c);
  let diag = 0;
  let total = 0;
  for (let k = 0; k < c; k++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < c; j++) {
      row += m[k * c + j]!;
      col += m[j * c + k]!;
    }
    const tp = m[k * c + k]!;
    support[k] = row;
    precision[k] = ratio(tp, col);
    recall[k] = ratio(tp, row);
    f1[k] = ratio(2 * precision[k]! * recall[k]!, precision[k]! + recall[k]!);
    diag += tp;
    total += row;
  }
  const mean = (a: Float64Array): number => (c === 0 ? 0 : a.reduce((s, v) => s + v, 0) / c);
  return {
    precision,
    recall,
    f1,
    support,
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    accuracy: total === 0 ? Number.NaN : diag / total,
  };
}
