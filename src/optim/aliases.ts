/**
 * The named optimizers, each a chain of the building blocks in transforms.ts (optax's aliases). η is the
 * learning rate, a number or a schedule of the update count; all rules are elementwise, t counts updates.
 *
 *   sgd        θ ← θ − η·g
 *   momentum   v ← μ·v + g;                          θ ← θ − η·v                   (μ = 0.9)
 *   nesterov   v ← μ·v + g;                          θ ← θ − η·(g + μ·v)           (μ = 0.9)
 *   adagrad    G ← G + g²;                           θ ← θ − η·g / (√G + ε)        (ε = 1e-8)
 *   rmsprop    v ← ρ·v + (1−ρ)·g²;                   θ ← θ − η·g / (√v + ε)        (ρ = 0.9, ε = 1e-8)
 *   adam       m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *              θ ← θ − η·m̂ / (√v̂ + ε),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)               (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)
 *   adamw      as adam, then θ ← θ − η·w·θ on the masked tensors (decoupled decay, w = 1e-4)
 *
 * The L2 penalty λR(W) of the model is part of g (coupled); AdamW's w is not, and scales with η. For plain
 * SGD the two coincide when w = 2λ; for adaptive methods they differ (that is AdamW's point).
 */
import { ArgumentError } from '../errors.js';
import type { Schedule } from './schedules.js';
import { chain, type GradientTransformation } from './transform.js';
import {
  addDecayedWeights,
  scaleByAdagrad,
  scaleByAdam,
  scaleByLearningRate,
  scaleByRms,
  trace,
  type AdagradOptions,
  type AdamOptions,
  type RmsOptions,
} from './transforms.js';

export type LearningRate = number | Schedule;

export interface SgdOptions {
  readonly learningRate: LearningRate;
}

export interface MomentumOptions extends SgdOptions {
  /** μ (default 0.9). */
  readonly mu?: number;
}

export interface AdamWOptions extends SgdOptions, AdamOptions {
  /** w, the decoupled decay rate (default 1e-4). */
  readonly weightDecay?: number;
  /** Which parameter tensors decay (default: all). For a linear classifier, [true, false] spares the bias. */
  readonly mask?: readonly boolean[] | null;
}

/** Plain stochastic gradient descent: θ ← θ − η·g. */
export function sgd(options: SgdOptions): GradientTransformation {
  return chain(scaleByLearningRate(options.learningRate));
}

/** Heavy-ball momentum: v ← μ·v + g; θ ← θ − η·v. */
export function momentum(options: MomentumOptions): GradientTransformation {
  return chain(trace({ mu: options.mu ?? 0.9 }), scaleByLearningRate(options.learningRate));
}

/** Nesterov momentum: v ← μ·v + g; θ ← θ − η·(g + μ·v). */
export function nesterov(options: MomentumOptions): GradientTransformation {
  return chain(trace({ mu: options.mu ?? 0.9, nesterov: true }), scaleByLearningRate(options.learningRate));
}

/** AdaGrad: G ← G + g²; θ ← θ − η·g / (√G + ε). */
export function adagrad(options: SgdOptions & AdagradOptions): GradientTransformation {
  return chain(scaleByAdagrad(options), scaleByLearningRate(options.learningRate));
}

/** RMSProp: v ← ρ·v + (1−ρ)·g²; θ ← θ − η·g / (√v + ε). */
export function rmsprop(options: SgdOptions & RmsOptions): GradientTransformation {
  return chain(scaleByRms(options), scaleByLearningRate(options.learningRate));
}

/** Adam with bias correction (see scaleByAdam). */
export function adam(options: SgdOptions & AdamOptions): GradientTransformation {
  return chain(scaleByAdam(options), scaleByLearningRate(options.learningRate));
}

/** AdamW: Adam plus decoupled weight decay, θ ← θ − η·(m̂/(√v̂ + ε) + w·θ). */
export function adamw(options: AdamWOptions): GradientTransformation {
  return chain(
    scaleByAdam(options),
    addDecayedWeights(options.weightDecay ?? 1e-4, options.mask ?? null),
    scaleByLearningRate(options.learningRate),
  );
}

/** An optimizer as data (model files, the CLI). The search strategies are in random-search.ts. */
export type GradientOptimizerSpec =
  | { readonly name: 'sgd' }
  | { readonly name: 'momentum'; readonly mu?: number }
  | { readonly name: 'nesterov'; readonly mu?: number }
  | { readonly name: 'adagrad'; readonly eps?: number }
  | { readonly name: 'rmsprop'; readonly decay?: number; readonly eps?: number }
  | { readonly name: 'adam'; readonly b1?: number; readonly b2?: number; readonly eps?: number }
  | { readonly name: 'adamw'; readonly b1?: number; readonly b2?: number; readonly eps?: number; readonly weightDecay?: number };

export const GRADIENT_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;

/** The optimizer a spec describes; `mask` (which tensors AdamW decays) is the caller's. Validates every field. */
export function optimizerFromSpec(
  spec: GradientOptimizerSpec,
  learningRate: LearningRate,
  mask: readonly boolean[] | null = null,
): GradientTransformation {
  switch (spec.name) {
    case 'sgd':
      return sgd({ learningRate });
    case 'momentum':
      return momentum({ ...spec, learningRate });
    case 'nesterov':
      return nesterov({ ...spec, learningRate });
    case 'adagrad':
      return adagrad({ ...spec, learningRate });
    case 'rmsprop':
      return rmsprop({ ...spec, learningRate });
    case 'adam':
      return adam({ ...spec, learningRate });
    case 'adamw':
      return adamw({ ...spec, learningRate, mask });
    default:
      throw new ArgumentError(
        'optimizer',
        `unknown optimizer '${String((spec as { name: unknown }).name)}'; expected one of ${GRADIENT_OPTIMIZERS.join(', ')}`,
      );
  }
}
