/** Optimizers: gradient transformations, their aliases, schedules, state snapshots and the search strategies. */
export {
  chain,
  applyUpdates,
  applyUpdatesIfFinite,
  type GradientTransformation,
  type OptState,
  type Params,
} from './transform.js';
export {
  scale,
  scaleByLearningRate,
  trace,
  scaleByAdagrad,
  scaleByRms,
  scaleByAdam,
  addDecayedWeights,
  type TraceOptions,
  type AdagradOptions,
  type RmsOptions,
  type AdamOptions,
} from './transforms.js';
export {
  sgd,
  momentum,
  nesterov,
  adagrad,
  rmsprop,
  adam,
  adamw,
  optimizerFromSpec,
  GRADIENT_OPTIMIZERS,
  type GradientOptimizerSpec,
  type LearningRate,
  type SgdOptions,
  type MomentumOptions,
  type AdamWOptions,
} from './aliases.js';
export {
  constantSchedule,
  stepDecaySchedule,
  exponentialSchedule,
  cosineSchedule,
  linearWarmup,
  scheduleFromSpec,
  SCHEDULE_KINDS,
  type Schedule,
  type ScheduleSpec,
} from './schedules.js';
export { exportOptState, importOptState, type OptStateSnapshot } from './state.js';
export {
  randomSearch,
  randomLocalSearch,
  searchFromSpec,
  searchMinimize,
  SEARCH_STRATEGIES,
  type SearchName,
  type SearchSpec,
  type SearchStrategy,
  type SearchOptions,
  type SearchResult,
} from './random-search.js';
