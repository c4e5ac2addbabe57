/**
 * The lecture's first optimization strategies (CS231n's "strategy #1 and #2"), before gradients:
 *
 *   random search        candidate θ' ~ N(0, σ²) elementwise, independent of where we are;
 *   random local search  candidate θ' = θ + σ·z, z ~ N(0, 1) elementwise;
 *
 * and in both, θ ← θ' if L(θ') < L(θ), else θ stays. σ is the step size (for random search, the scale of
 * the random weights). They need only loss values, never a gradient, which is the point the lecture makes:
 * they work, slowly, and following the gradient is much better.
 *
 * `searchMinimize` runs them on any function; the LinearClassifier runs them on minibatches (comparing the
 * candidate and the incumbent on the same minibatch) and reports them through the same events as gradient
 * training.
 */
import { checkInteger, checkNonNegative } from '../tensor/checks.js';
import type { FloatArray } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import type { Schedule } from './schedules.js';
import type { Params } from './transform.js';

export type SearchName = 'random-search' | 'random-local-search';

/** A search strategy as data. The step size σ is the learning rate (and follows its schedule). */
export type SearchSpec = { readonly name: 'random-search' } | { readonly name: 'random-local-search' };

export const SEARCH_STRATEGIES: readonly SearchName[] = ['random-search', 'random-local-search'];

export interface SearchStrategy {
  readonly name: SearchName;
  /** Writes a candidate for `current` into `candidate` (same shapes), drawing from `rng`. */
  propose(current: Params, candidate: FloatArray[], stepSize: number, rng: Rng): void;
}

/** θ' ~ N(0, σ²): a fresh random point each time. */
export function randomSearch(): SearchStrategy {
  return {
    name: 'random-search',
    propose(_current, candidate, stepSize, rng) {
      for (const c of candidate) for (let i = 0; i < c.length; i++) c[i] = stepSize * rng.normal();
    },
  };
}

/** θ' = θ + σ·z, z ~ N(0, 1): a random step from the current point. */
export function randomLocalSearch(): SearchStrategy {
  return {
    name: 'random-local-search',
    propose(current, candidate, stepSize, rng) {
      for (let k = 0; k < candidate.length; k++) {
        const c = candidate[k]!;
        const p = current[k]!;
        for (let i = 0; i < c.length; i++) c[i] = p[i]! + stepSize * rng.normal();
      }
    },
  };
}

export function searchFromSpec(spec: SearchSpec): SearchStrategy {
  return spec.name === 'random-search' ? randomSearch() : randomLocalSearch();
}

export interface SearchOptions {
  readonly strategy: SearchStrategy;
  /** How many candidates to try. */
  readonly steps: number;
  /** σ: a number or a schedule of the step count. */
  readonly stepSize: number | Schedule;
  readonly seed?: number;
}

export interface SearchResult {
  /** The loss at the final (best) point. */
  readonly loss: number;
  /** How many candidates were accepted. */
  readonly accepted: number;
}

/**
 * Minimises `f` over `params` (changed in place to the best point found). `f` reads the tensors it is given.
 */
export function searchMinimize(f: (params: Params) => number, params: FloatArray[], options: SearchOptions): SearchResult {
  checkInteger(options.steps, 0, 'steps');
  const sigma: Schedule = typeof options.stepSize === 'number' ? () => options.stepSize as number : options.stepSize;
  if (typeof options.stepSize === 'number') checkNonNegative(options.stepSize, 'stepSize');
  const rng = new Rng(options.seed ?? 0);
  const candidate = params.map((p) => p.slice());
  let best = f(params);
  let accepted = 0;
  for (let t = 0; t < options.steps; t++) {
    options.strategy.propose(params, candidate, sigma(t), rng);
    const value = f(candidate);
    if (value < best) {
      best = value;
      accepted++;
      for (let k = 0; k < params.length; k++) params[k]!.set(candidate[k]!);
    }
  }
  return { loss: best, accepted };
}
