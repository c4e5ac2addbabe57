/**
 * The state a linear classifier's training carries between steps besides W and b: the optimizer (or search
 * strategy) and its moments, the learning-rate schedule, the regularizer, the RNG, and the update and epoch
 * counts. `makeTrainingState` builds it for a run; the classifier (fit, partialFit, importTrainingState) and
 * the checkpoint loader (which checks a saved optimizer state against a freshly built one) share it.
 * No Node APIs.
 */
import type { ResolvedLinearConfig } from '../models/linear-config.js';
import { optimizerFromSpec, type GradientOptimizerSpec } from '../optim/aliases.js';
import { searchFromSpec, type SearchSpec, type SearchStrategy } from '../optim/random-search.js';
import { scheduleFromSpec, type Schedule } from '../optim/schedules.js';
import type { OptStateSnapshot } from '../optim/state.js';
import type { GradientTransformation, OptState } from '../optim/transform.js';
import { regularizerFromSpec, type Regularizer } from '../regularizers/index.js';
import type { Rng, RngState } from '../tensor/rng.js';

export interface TrainingState {
  readonly config: ResolvedLinearConfig;
  /** The run length the schedule was built for (epochs × steps per epoch of the first data seen). */
  readonly totalSteps: number;
  readonly optimizer: GradientTransformation | null;
  readonly optState: OptState | null;
  readonly search: SearchStrategy | null;
  readonly schedule: Schedule;
  readonly regularizer: Regularizer;
  rng: Rng;
  step: number;
  epoch: number;
}

/** Training state as plain data (see LinearClassifier.exportTrainingState). */
export interface TrainingSnapshot {
  /** Updates applied so far. */
  readonly step: number;
  /** Epochs completed so far. */
  readonly epoch: number;
  /** The run length the learning-rate schedule spans. */
  readonly totalSteps: number;
  readonly rng: RngState;
  /** Null for the search strategies, which keep no optimizer state. */
  readonly optimizer: OptStateSnapshot | null;
}

/** Optimizer (or search), schedule and regularizer for a run of `totalSteps` updates over `params` = [W, b]. */
export function makeTrainingState(
  config: ResolvedLinearConfig,
  params: [Float32Array, Float32Array],
  totalSteps: number,
  rng: Rng,
): TrainingState {
  const schedule = scheduleFromSpec(config.learningRate, config.schedule, totalSteps);
  const isSearch = config.optimizer.name === 'random-search' || config.optimizer.name === 'random-local-search';
  // AdamW's decoupled decay spares the bias unless the bias is regularized too.
  const optimizer = isSearch ? null : optimizerFromSpec(config.optimizer as GradientOptimizerSpec, schedule, [true, config.regularizeBias]);
  return {
    config,
    totalSteps,
    optimizer,
    optState: optimizer ? optimizer.init(params) : null,
    search: isSearch ? searchFromSpec(config.optimizer as SearchSpec) : null,
    schedule,
    regularizer: regularizerFromSpec(config.regularizer),
    rng,
    step: 0,
    epoch: 0,
  };
}
