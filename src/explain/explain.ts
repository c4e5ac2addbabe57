/**
 * The lecture's worked examples as data: for one example (scores, or W, x and b) and its label, every
 * step the slides show — each hinge term max(0, s_j − s_y + Δ), or exp → normalise → −ln p — with its value.
 * The loss itself comes from the library's loss functions (never recomputed here); the terms are the
 * breakdown, and a test holds their sum equal to that loss. The CLI and the lab render the same data.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { hingeCrammerSinger } from '../losses/hinge-crammer-singer.js';
import { hingeOneVsAll } from '../losses/hinge-one-vs-all.js';
import { hingeWestonWatkins } from '../losses/hinge-weston-watkins.js';
import { softmaxCrossEntropy, softmaxProbabilities } from '../losses/softmax-cross-entropy.js';
import { LOSS_NAMES, type LossName } from '../losses/spec.js';
import { squaredHinge } from '../losses/squared-hinge.js';
import { checkFinite } from '../tensor/checks.js';
import { fromRows, view } from '../tensor/matrix.js';
import { linearScores } from '../kernels/ref/linear-scores.js';
import type { Text } from './i18n.js';

export interface ExplainOptions {
  readonly loss: LossName;
  /** Δ for the hinge losses (default 1). */
  readonly margin?: number;
  /** Label smoothing for softmax (default 0). */
  readonly smoothing?: number;
  /** Class names, one per score (default "0", "1", …). */
  readonly classNames?: readonly string[];
}

/** One term of a hinge loss: max(0, raw) (squared for the squared hinge). */
export interface HingeTerm {
  readonly j: number;
  /** For WW/squared/CS: s_j − s_y + Δ; for one-vs-all: Δ − t_j·s_j. */
  readonly raw: number;
  /** The term's contribution to Lᵢ. */
  readonly value: number;
  readonly active: boolean;
  /** The term written out with the example's numbers, e.g. "max(0, 5.1 − 3.2 + 1) = 2.9". */
  readonly expression: string;
}

export interface SoftmaxWalk {
  /** e^{s_j}: the unnormalised probabilities (may overflow to Infinity for huge scores; the loss never does). */
  readonly exps: readonly number[];
  readonly sumExp: number;
  /** p_j, computed with the max shift. */
  readonly probabilities: readonly number[];
  /** p_y. */
  readonly pCorrect: number;
}

/** How the scores were computed when W, x, b were given. */
export interface ScoreStep {
  readonly j: number;
  readonly expression: string;
  readonly value: number;
}

export interface ExampleExplanation {
  readonly lossName: LossName;
  readonly label: number;
  readonly margin: number;
  /** The names given in the options, or null (classes are then shown by index). */
  readonly classNames: readonly string[] | null;
  readonly scores: readonly number[];
  readonly scoreSteps: readonly ScoreStep[] | null;
  readonly terms: readonly HingeTerm[];
  readonly softmax: SoftmaxWalk | null;
  /** Lᵢ, from the library's loss function. */
  readonly loss: number;
  /** The loss's gradient with respect to the scores (the per-example gradient, N = 1). */
  readonly dScores: readonly number[];
}

export interface BatchExplanation {
  readonly examples: readonly ExampleExplanation[];
  /** L = (1/N) Σ Lᵢ, from the library's loss over the whole batch. */
  readonly mean: number;
}

export const LOSS_TEXT: Readonly<Record<LossName, Text>> = {
  ww: { en: 'multiclass SVM loss (Weston–Watkins hinge)', fa: 'تابع هزینه SVM چندکلاسی (هینج وستون–واتکینز)' },
  ova: { en: 'one-vs-all hinge loss', fa: 'تابع هزینه هینج یکی در برابر همه' },
  cs: { en: 'Crammer–Singer hinge loss', fa: 'تابع هزینه هینج کرامر–سینگر' },
  squared: { en: 'squared hinge loss', fa: 'تابع هزینه هینج مربعی' },
  softmax: { en: 'softmax cross-entropy loss', fa: 'تابع هزینه آنتروپی متقاطع سافت‌مکس' },
};

function num(v: number): string {
  // Full precision trimmed to what a reader needs; the JSON keeps the exact values.
  return String(Number(v.toPrecision(6))).replace(/^-/, '−');
}

function signed(v: number): string {
  return v < 0 ? `− ${num(-v)}` : `+ ${num(v)}`;
}

function inParens(v: number): string {
  return v < 0 ? `(${num(v)})` : num(v);
}

/** Scores from W [C, D], x [D] and b [C] (s = Wx + b), with each dot product written out. */
export function explainScores(W: readonly (readonly number[])[], x: readonly number[], b?: readonly number[]): {
  scores: number[];
  steps: ScoreStep[];
} {
  const Wm = fromRows(W, 'float64');
  if (Wm.rows === 0) throw new ArgumentError('W', 'has no rows');
  if (x.length !== Wm.cols) throw new ShapeError('x', `has ${x.length} values, but W has ${Wm.cols} columns`);
  const bias = b ?? new Array<number>(Wm.rows).fill(0);
  if (bias.length !== Wm.rows) throw new ShapeError('b', `has ${bias.length} values, but W has ${Wm.rows} rows`);
  checkFinite(Wm.data, 'W');
  checkFinite(x, 'x');
  checkFinite(bias, 'b');
  const X = view(Float64Array.from(x), 1, x.length, 'x');
  const out = view(new Float64Array(Wm.rows), 1, Wm.rows, 'scores');
  linearScores(X, Wm, Float64Array.from(bias), out);
  const scores = Array.from(out.data);
  const steps = W.map((w, j) => {
    const products = w.map((wk, k) => `${inParens(wk)}·${inParens(x[k]!)}`).join(' + ');
    return { j, expression: `${products} ${signed(bias[j]!)} = ${num(scores[j]!)}`, value: scores[j]! };
  });
  return { scores, steps };
}

/** One example: its scores, label and loss, step by step. */
export function explainExample(
  scores: readonly number[],
  label: number,
  options: ExplainOptions,
  scoreSteps: readonly ScoreStep[] | null = null,
): ExampleExplanation {
  return explainBatch([scores], [label], options, scoreSteps ? [scoreSteps] : null).examples[0]!;
}

/** Several examples (rows of scores) with their labels, and the mean loss the lecture computes over them. */
export function explainBatch(
  scoreRows: readonly (readonly number[])[],
  labels: readonly number[],
  options: ExplainOptions,
  scoreSteps: readonly (readonly ScoreStep[])[] | null = null,
): BatchExplanation {
  if (!LOSS_NAMES.includes(options.loss)) {
    throw new ArgumentError('loss', `unknown loss '${String(options.loss)}'; expected one of ${LOSS_NAMES.join(', ')}`);
  }
  const S = fromRows(scoreRows, 'float64');
  const margin = options.margin ?? 1;
  const c = S.cols;
  const names = options.classNames ?? null;
  if (names && names.length !== c) throw new ShapeError('classNames', `has ${names.length} names for ${c} classes`);
  const result = computeLoss(options, S, labels);
  const probs = options.loss === 'softmax' ? softmaxProbabilities(S) : null;
  const examples = scoreRows.map((s, i): ExampleExplanation => {
    const y = labels[i]!;
    const row = Array.from(s);
    return {
      lossName: options.loss,
      label: y,
      margin,
      classNames: names,
      scores: row,
      scoreSteps: scoreSteps?.[i] ?? null,
      terms: hingeTerms(options.loss, row, y, margin),
      softmax: probs ? softmaxWalk(row, y, Array.from(probs.data.subarray(i * c, (i + 1) * c))) : null,
      loss: result.perExample[i]!,
      // The batch gradient is of the mean; per example (N = 1) it is N times larger.
      dScores: Array.from(result.dScores.data.subarray(i * c, (i + 1) * c), (g) => g * S.rows),
    };
  });
  return { examples, mean: result.loss };
}

function computeLoss(options: ExplainOptions, S: ReturnType<typeof fromRows>, labels: readonly number[]) {
  const margin = options.margin ?? 1;
  switch (options.loss) {
    case 'ww':
      return hingeWestonWatkins(S, labels, { margin });
    case 'ova':
      return hingeOneVsAll(S, labels, { margin });
    case 'cs':
      return hingeCrammerSinger(S, labels, { margin });
    case 'squared':
      return squaredHinge(S, labels, { margin });
    case 'softmax':
      return softmaxCrossEntropy(S, labels, { smoothing: options.smoothing ?? 0 });
  }
}

function hingeTerms(loss: LossName, s: readonly number[], y: number, margin: number): HingeTerm[] {
  const sy = s[y]!;
  const terms: HingeTerm[] = [];
  const clip = (raw: number) => (raw > 0 ? raw : 0);
  switch (loss) {
    case 'ww':
    case 'squared':
      for (let j = 0; j < s.length; j++) {
        if (j === y) continue;
        const raw = s[j]! - sy + margin;
        const value = loss === 'squared' ? clip(raw) ** 2 : clip(raw);
        const power = loss === 'squared' ? '²' : '';
        terms.push({
          j,
          raw,
          value,
          active: raw > 0,
          expression: `max(0, ${num(s[j]!)} − ${inParens(sy)} + ${num(margin)})${power} = ${num(value)}`,
        });
      }
      return terms;
    case 'ova':
      for (let j = 0; j < s.length; j++) {
        const t = j === y ? 1 : -1;
        const raw = margin - t * s[j]!;
        const expression = `max(0, ${num(margin)} ${t === 1 ? '−' : '+'} ${inParens(s[j]!)}) = ${num(clip(raw))}`;
        terms.push({ j, raw, value: clip(raw), active: raw > 0, expression });
      }
      return terms;
    case 'cs': {
      let best = -1;
      for (let j = 0; j < s.length; j++) if (j !== y && (best < 0 || s[j]! > s[best]!)) best = j;
      const raw = margin + s[best]! - sy;
      const others = s.filter((_, j) => j !== y).map(num).join(', ');
      const expression = `max(0, ${num(margin)} + max(${others}) − ${inParens(sy)}) = ${num(clip(raw))}`;
      return [{ j: best, raw, value: clip(raw), active: raw > 0, expression }];
    }
    case 'softmax':
      return terms;
  }
}

function softmaxWalk(s: readonly number[], y: number, probabilities: number[]): SoftmaxWalk {
  const exps = s.map((v) => Math.exp(v));
  return { exps, sumExp: exps.reduce((a, b) => a + b, 0), probabilities, pCorrect: probabilities[y]! };
}
