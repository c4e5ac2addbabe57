/**
 * Hyperparameter search plans (CS231n's advice: search learning rate and regularization strength on a log
 * scale, score on a validation split, never on the test set): the list of trials a random or grid search
 * runs, drawn up front from one seeded Rng, so that which trial runs where and in what order cannot change
 * a result; and the ranking of finished trials. Pure, no Node APIs.
 *
 * A trial is a loss, a batch size, a learning rate η, a regularization strength λ and a training seed.
 *
 * - Random search, n trials: each draws, in this order, the loss (uniform over the list), the batch size
 *   (uniform over the list), η log-uniform in its range, λ log-uniform in its range, and its seed. Log-uniform
 *   in [lo, hi] is lo·(hi/lo)^u with u uniform in [0, 1).
 * - Grid search, k points per axis: every loss × batch size × η × λ, with η and λ at k points spaced evenly
 *   in log between lo and hi inclusive (one point when lo = hi); trials are numbered loss-major, λ fastest,
 *   and draw their seeds in that order.
 *
 * η's range may depend on the loss (the squared hinge needs a smaller η: LINEAR_DEFAULTS).
 */
import { ArgumentError } from '../errors.js';
import type { LossName } from '../losses/spec.js';
import { LINEAR_DEFAULTS } from '../models/linear-config.js';
import { Rng } from '../tensor/rng.js';

/** A closed range [lo, hi] searched on a log scale; lo = hi fixes the value. */
export interface LogRange {
  readonly lo: number;
  readonly hi: number;
}

export interface SearchSpace {
  readonly losses: readonly LossName[];
  readonly batchSizes: readonly number[];
  /** η's range for each loss (defaultLearningRateRange gives the defaults). */
  readonly learningRate: (loss: LossName) => LogRange;
  readonly lambda: LogRange;
}

export interface Trial {
  /** 1, 2, …: the trial's number in the plan. */
  readonly id: number;
  readonly loss: LossName;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly lambda: number;
  /** The training seed (initial weights and shuffles). */
  readonly seed: number;
}

export type SearchMode = { readonly kind: 'random'; readonly trials: number } | { readonly kind: 'grid'; readonly points: number };

/**
 * The default η range for a loss: from a tenth of the training default to three times it (0.03–0.9 for
 * softmax and the hinges around η = 0.3; 0.001–0.03 for the squared hinge around 0.01).
 */
export function defaultLearningRateRange(loss: LossName): LogRange {
  const d = loss === 'squared' ? LINEAR_DEFAULTS.squaredHingeLearningRate : LINEAR_DEFAULTS.learningRate;
  return { lo: d / 10, hi: d * 3 };
}

/** The default λ range: two decades either side of the training default 1e-4. */
export const DEFAULT_LAMBDA_RANGE: LogRange = { lo: 1e-6, hi: 1e-2 };

export function checkLogRange(r: LogRange, argument: string): void {
  if (!(Number.isFinite(r.lo) && Number.isFinite(r.hi) && r.lo >= 0 && r.hi >= r.lo)) {
    throw new ArgumentError(argument, `must be a range lo ≤ hi of finite numbers ≥ 0, got [${r.lo}, ${r.hi}]`);
  }
  if (r.lo === 0 && r.hi > 0) throw new ArgumentError(argument, `a log-scale range cannot start at 0 (got [0, ${r.hi}]); start it at a small positive value, or fix the value at 0`);
}

/** lo·(hi/lo)^u: log-uniform for u uniform in [0, 1). */
export function logUniform(r: LogRange, u: number): number {
  return r.lo === r.hi ? r.lo : r.lo * Math.pow(r.hi / r.lo, u);
}

/** k points evenly spaced in log from lo to hi inclusive (one when lo = hi). */
export function logGrid(r: LogRange, k: number): number[] {
  if (r.lo === r.hi || k === 1) return [r.lo === r.hi ? r.lo : Math.sqrt(r.lo * r.hi)];
  return Array.from({ length: k }, (_, i) => (i === 0 ? r.lo : i === k - 1 ? r.hi : r.lo * Math.pow(r.hi / r.lo, i / (k - 1))));
}

/** A plan is held in memory, a trial at a time is written to disk: more trials than this are refused. */
export const MAX_TRIALS = 100_000;

/** How many trials a plan has (computed without drawing them). */
export function trialCount(space: SearchSpace, mode: SearchMode): number {
  if (mode.kind === 'random') return mode.trials;
  const points = (r: LogRange): number => (r.lo === r.hi ? 1 : mode.points);
  let n = 0;
  for (const loss of space.losses) n += space.batchSizes.length * points(space.learningRate(loss)) * points(space.lambda);
  return n;
}

/** The trials of a search, all drawn now from Rng(seed). */
export function planTrials(space: SearchSpace, mode: SearchMode, seed: number): Trial[] {
  if (space.losses.length === 0) throw new ArgumentError('losses', 'must name at least one loss');
  if (space.batchSizes.length === 0) throw new ArgumentError('batchSizes', 'must hold at least one batch size');
  for (const b of space.batchSizes) if (!Number.isSafeInteger(b) || b < 1) throw new ArgumentError('batchSizes', `must be whole numbers ≥ 1, got ${b}`);
  checkLogRange(space.lambda, 'lambda');
  for (const loss of space.losses) checkLogRange(space.learningRate(loss), `learningRate (${loss})`);
  for (const loss of space.losses) if (space.learningRate(loss).lo <= 0) throw new ArgumentError(`learningRate (${loss})`, 'must be > 0');
  if (mode.kind === 'random' && (!Number.isSafeInteger(mode.trials) || mode.trials < 1)) throw new ArgumentError('trials', `must be a whole number ≥ 1, got ${mode.trials}`);
  if (mode.kind === 'grid' && (!Number.isSafeInteger(mode.points) || mode.points < 1)) throw new ArgumentError('points', `must be a whole number ≥ 1, got ${mode.points}`);
  const count = trialCount(space, mode);
  if (count > MAX_TRIALS) throw new ArgumentError(mode.kind === 'random' ? 'trials' : 'points', `the plan has ${count} trials, more than the ${MAX_TRIALS} a search holds`);
  const rng = new Rng(seed);
  const trials: Trial[] = [];
  if (mode.kind === 'random') {
    for (let id = 1; id <= mode.trials; id++) {
      const loss = space.losses[rng.int(space.losses.length)]!;
      const batchSize = space.batchSizes[rng.int(space.batchSizes.length)]!;
      const learningRate = logUniform(space.learningRate(loss), rng.uniform());
      const lambda = logUniform(space.lambda, rng.uniform());
      trials.push({ id, loss, batchSize, learningRate, lambda, seed: rng.nextSeed() });
    }
    return trials;
  }
  const lambdas = logGrid(space.lambda, mode.points);
  for (const loss of space.losses) {
    const rates = logGrid(space.learningRate(loss), mode.points);
    for (const batchSize of space.batchSizes) {
      for (const learningRate of rates) {
        for (const lambda of lambdas) trials.push({ id: trials.length + 1, loss, batchSize, learningRate, lambda, seed: rng.nextSeed() });
      }
    }
  }
  return trials;
}

/** A finished trial: its figures, or why it failed. */
export type TrialResult = Trial &
  (
    | {
        readonly status: 'ok';
        /** Accuracy on the validation split with the final weights: what trials are ranked by. */
        readonly valAccuracy: number;
        /** Accuracy on the training split (all of it) with the final weights. */
        readonly trainAccuracy: number;
        /** The last epoch's mean data loss and λR(W). */
        readonly dataLoss: number | null;
        readonly regLoss: number | null;
        readonly epochs: number;
        readonly seconds: number;
        readonly attempts: number;
        readonly kernels: string;
      }
    | {
        readonly status: 'failed';
        /** One line: the error's message. */
        readonly error: string;
        /** The error's code (E_DIVERGED, …) or 'E_WORKER' when the worker running it died. */
        readonly code: string;
        readonly seconds: number;
        readonly attempts: number;
      }
  );

/**
 * Best first: finished trials by validation accuracy, highest first, ties to the lower trial number; failed
 * trials after them, by trial number. The order depends on the results only, never on completion order.
 */
export function rankTrials(results: readonly TrialResult[]): TrialResult[] {
  return [...results].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'ok' ? -1 : 1;
    if (a.status === 'ok' && b.status === 'ok' && a.valAccuracy !== b.valAccuracy) return b.valAccuracy - a.valAccuracy;
    return a.id - b.id;
  });
}
