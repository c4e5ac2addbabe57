/**
 * The building blocks every optimizer is made of. Symbols: g is the incoming update (the gradient, for the
 * first transformation of a chain), u the outgoing one, θ the parameters, t the number of updates applied so
 * far counting this one (t = 1 on the first step), all operations elementwise. Moment buffers start at 0.
 *
 * Every `update` loops over the tensors in place and allocates nothing.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { checkNonNegative, checkPositive } from '../tensor/checks.js';
import type { Schedule } from './schedules.js';
import { leafState, perParam, stateBuffers, type GradientTransformation } from './transform.js';

function checkDecay(value: number, argument: string): void {
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new ArgumentError(argument, `must be in [0, 1), got ${value}`);
}

/** u = f · g. Stateless. */
export function scale(factor: number): GradientTransformation {
  if (!Number.isFinite(factor)) throw new ArgumentError('factor', `must be finite, got ${factor}`);
  return {
    init: () => leafState({}),
    update(updates) {
      for (const u of updates) for (let i = 0; i < u.length; i++) u[i] = factor * u[i]!;
    },
  };
}

/**
 * u = −η(c) · g, where η is a constant or a schedule of c, the number of earlier updates (c = 0 on the
 * first step). State: `count`.
 */
export function scaleByLearningRate(learningRate: number | Schedule): GradientTransformation {
  if (typeof learningRate === 'number') checkNonNegative(learningRate, 'learningRate');
  const schedule: Schedule = typeof learningRate === 'number' ? () => learningRate : learningRate;
  return {
    init: () => leafState({ count: 0 }),
    update(updates, state) {
      const eta = schedule(state.scalars['count']!);
      for (const u of updates) for (let i = 0; i < u.length; i++) u[i] = -eta * u[i]!;
      state.scalars['count'] = state.scalars['count']! + 1;
    },
  };
}

export interface TraceOptions {
  /** μ, the momentum (default 0.9), in [0, 1). */
  readonly mu?: number;
  /** Nesterov's look-ahead form (default false). */
  readonly nesterov?: boolean;
}

/**
 * Momentum as a trace of past gradients (the PyTorch and optax form):
 *
 *   v ← μ·v + g;     u = v            (heavy ball)
 *   v ← μ·v + g;     u = g + μ·v      (Nesterov, with the new v)
 *
 * Followed by u ← −η·u this is CS231n's `v = μv − η·dx; x += v` (its v is −η times ours) for a constant η;
 * with a schedule the two differ in when η enters. State: `trace/i`.
 */
export function trace(options: TraceOptions = {}): GradientTransformation {
  const mu = options.mu ?? 0.9;
  checkDecay(mu, 'mu');
  const nesterov = options.nesterov ?? false;
  return {
    init: (params) => leafState({}, perParam('trace', params)),
    update(updates, state) {
      const vs = stateBuffers(state, 'trace', updates);
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k]!;
        const v = vs[k]!;
        for (let i = 0; i < u.length; i++) {
          const g = u[i]!;
          v[i] = mu * v[i]! + g;
          u[i] = nesterov ? g + mu * v[i]! : v[i]!;
        }
      }
    },
  };
}

export interface AdagradOptions {
  /** ε added to √G, outside the root (default 1e-8). */
  readonly eps?: number;
}

/** AdaGrad (Duchi et al. 2011): G ← G + g²;  u = g / (√G + ε). State: `sum_sq/i`. */
export function scaleByAdagrad(options: AdagradOptions = {}): GradientTransformation {
  const eps = options.eps ?? 1e-8;
  checkPositive(eps, 'eps');
  return {
    init: (params) => leafState({}, perParam('sum_sq', params)),
    update(updates, state) {
      const gs = stateBuffers(state, 'sum_sq', updates);
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k]!;
        const G = gs[k]!;
        for (let i = 0; i < u.length; i++) {
          const g = u[i]!;
          G[i] = G[i]! + g * g;
          u[i] = g / (Math.sqrt(G[i]!) + eps);
        }
      }
    },
  };
}

export interface RmsOptions {
  /** ρ, the decay of the running mean of g² (default 0.9, Hinton's), in [0, 1). */
  readonly decay?: number;
  /** ε added to √v, outside the root (default 1e-8). */
  readonly eps?: number;
}

/** RMSProp (Tieleman & Hinton 2012): v ← ρ·v + (1 − ρ)·g²;  u = g / (√v + ε). No bias correction. State: `nu/i`. */
export function scaleByRms(options: RmsOptions = {}): GradientTransformation {
  const rho = options.decay ?? 0.9;
  checkDecay(rho, 'decay');
  const eps = options.eps ?? 1e-8;
  checkPositive(eps, 'eps');
  return {
    init: (params) => leafState({}, perParam('nu', params)),
    update(updates, state) {
      const vs = stateBuffers(state, 'nu', updates);
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k]!;
        const v = vs[k]!;
        for (let i = 0; i < u.length; i++) {
          const g = u[i]!;
          v[i] = rho * v[i]! + (1 - rho) * (g * g);
          u[i] = g / (Math.sqrt(v[i]!) + eps);
        }
      }
    },
  };
}

export interface AdamOptions {
  /** β₁, the decay of the first moment (default 0.9), in [0, 1). */
  readonly b1?: number;
  /** β₂, the decay of the second moment (default 0.999), in [0, 1). */
  readonly b2?: number;
  /** ε added to √v̂, outside the root (default 1e-8). */
  readonly eps?: number;
  /** Divide the moments by 1 − βᵗ (default true, Kingma & Ba's Algorithm 1). */
  readonly biasCorrection?: boolean;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1, as PyTorch and optax compute it):
 *
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g           v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ)               v̂ = v / (1 − β₂ᵗ)
 *   u = m̂ / (√v̂ + ε)
 *
 * t counts updates (steps), not examples, and the correction divides: ConvNetJS multiplied by (1 − βᵗ) and
 * counted examples (karpathy/convnetjs#70). ε sits outside the root, as in the paper; TensorFlow's
 * ε̂ = ε·√(1 − β₂ᵗ) variant is not this one. With β₁ = 0 and no bias correction this is exactly RMSProp with
 * ρ = β₂. State: `count`, `mu/i`, `nu/i`.
 */
export function scaleByAdam(options: AdamOptions = {}): GradientTransformation {
  const b1 = options.b1 ?? 0.9;
  const b2 = options.b2 ?? 0.999;
  const eps = options.eps ?? 1e-8;
  checkDecay(b1, 'b1');
  checkDecay(b2, 'b2');
  checkPositive(eps, 'eps');
  const correct = options.biasCorrection ?? true;
  return {
    init(params) {
      const tensors = perParam('mu', params);
      perParam('nu', params, tensors);
      return leafState({ count: 0 }, tensors);
    },
    update(updates, state) {
      const ms = stateBuffers(state, 'mu', updates);
      const vs = stateBuffers(state, 'nu', updates);
      const t = state.scalars['count']! + 1;
      state.scalars['count'] = t;
      const c1 = correct ? 1 - b1 ** t : 1;
      const c2 = correct ? 1 - b2 ** t : 1;
      for (let k = 0; k < updates.length; k++) {
        const u = updates[k]!;
        const m = ms[k]!;
        const v = vs[k]!;
        for (let i = 0; i < u.length; i++) {
          const g = u[i]!;
          m[i] = b1 * m[i]! + (1 - b1) * g;
          v[i] = b2 * v[i]! + (1 - b2) * (g * g);
          // Without correction, skip the divisions rather than divide by 1, so β₁ = 0 reproduces RMSProp bit for bit.
          const mHat = correct ? m[i]! / c1 : m[i]!;
          const vHat = correct ? v[i]! / c2 : v[i]!;
          u[i] = mHat / (Math.sqrt(vHat) + eps);
        }
      }
    },
  };
}

/**
 * Decoupled weight decay (Loshchilov & Hutter's AdamW): u ← u + w·θ, for the tensors whose `mask` entry is
 * true (all when no mask). Placed before the learning rate, so the step is −η·(u + w·θ). Stateless.
 */
export function addDecayedWeights(weightDecay: number, mask: readonly boolean[] | null = null): GradientTransformation {
  checkNonNegative(weightDecay, 'weightDecay');
  return {
    init(params) {
      if (mask && mask.length !== params.length) {
        throw new ShapeError('mask', `has ${mask.length} entries, there are ${params.length} parameter tensors`);
      }
      return leafState({});
    },
    update(updates, _state, params) {
      if (params.length !== updates.length) throw new ShapeError('params', `has ${params.length} tensors, updates has ${updates.length}`);
      if (weightDecay === 0) return;
      for (let k = 0; k < updates.length; k++) {
        if (mask && !mask[k]) continue;
        const u = updates[k]!;
        const p = params[k]!;
        for (let i = 0; i < u.length; i++) u[i] = u[i]! + weightDecay * p[i]!;
      }
    },
  };
}
