/**
 * Optimizers as data, after optax: a gradient transformation is a pair of functions
 *
 *   init(params) → state          update(updates, state, params)   (updates and state change in place)
 *
 * `params` is a list of parameter tensors (for a linear classifier: [W, b]); `updates` has the same shapes.
 * On entry `updates` holds the gradient ∂L/∂θ; each transformation rewrites it, and after the last one it is
 * the step to add: θ ← θ + u (`applyUpdates`). So a learning rate enters as a multiplication by −η.
 *
 * Unlike optax, whose state is immutable, everything here is updated in place: a JavaScript training loop
 * that allocated fresh moment buffers on every step would spend its time in the garbage collector.
 *
 * State is plain data on purpose: named scalars (step counts) and named typed arrays (moments), with the
 * states of a chain's members as children, so `exportOptState`/`importOptState` can checkpoint it and resume
 * bit for bit.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';

/** Parameter tensors (float32 for models, float64 in numerical tests); state buffers take the same dtype. */
export type Params = readonly FloatArray[];

export interface OptState {
  /** Mutable scalars, e.g. `count`, the number of updates applied so far. */
  readonly scalars: Record<string, number>;
  /** Buffers updated in place, e.g. `mu/0`, `mu/1`: the first moment of parameter tensors 0 and 1. */
  readonly tensors: Readonly<Record<string, FloatArray>>;
  /** The states of a chain's members, in order (empty for a single transformation). */
  readonly children: readonly OptState[];
}

export interface GradientTransformation {
  /** Fresh state for these parameters (zeroed moments, count 0). */
  init(params: Params): OptState;
  /** Rewrites `updates` in place and advances `state` in place. `params` are read, never written. */
  update(updates: FloatArray[], state: OptState, params: Params): void;
}

/** An empty leaf state with these scalars and tensors. */
export function leafState(scalars: Record<string, number>, tensors: Record<string, FloatArray> = {}): OptState {
  return { scalars, tensors, children: [] };
}

/** A zero buffer of the same dtype and length as `p`. */
export function zerosLike(p: FloatArray): FloatArray {
  return p instanceof Float64Array ? new Float64Array(p.length) : new Float32Array(p.length);
}

/** One buffer per parameter tensor, named `${prefix}/${i}`. */
export function perParam(prefix: string, params: Params, into: Record<string, FloatArray> = {}): Record<string, FloatArray> {
  params.forEach((p, i) => {
    into[`${prefix}/${i}`] = zerosLike(p);
  });
  return into;
}

/** The buffers `${prefix}/0 … ${prefix}/(n−1)` of a state, checked once so the hot loop can index freely. */
export function stateBuffers(state: OptState, prefix: string, updates: readonly FloatArray[]): FloatArray[] {
  const out: FloatArray[] = [];
  for (let i = 0; i < updates.length; i++) {
    const buf = state.tensors[`${prefix}/${i}`];
    if (!buf) {
      throw new ArgumentError('state', `has no '${prefix}/${i}' buffer: make sure init() was called with these parameters`);
    }
    if (buf.length !== updates[i]!.length) {
      throw new ShapeError('state', `'${prefix}/${i}' has length ${buf.length}, updates[${i}] has ${updates[i]!.length}`);
    }
    out.push(buf);
  }
  return out;
}

/**
 * Applies the transformations in order; the state is the list of their states. `chain()` with nothing is
 * the identity (updates stay the raw gradient).
 */
export function chain(...transforms: readonly GradientTransformation[]): GradientTransformation {
  return {
    init(params) {
      return { scalars: {}, tensors: {}, children: transforms.map((t) => t.init(params)) };
    },
    update(updates, state, params) {
      if (state.children.length !== transforms.length) {
        throw new ArgumentError(
          'state',
          `holds ${state.children.length} member states but the chain has ${transforms.length} transformations: make sure init() was called on this chain`,
        );
      }
      for (let i = 0; i < transforms.length; i++) transforms[i]!.update(updates, state.children[i]!, params);
    },
  };
}

function checkPairs(params: Params, updates: readonly FloatArray[]): void {
  if (params.length !== updates.length) {
    throw new ShapeError('updates', `has ${updates.length} tensors, params has ${params.length}`);
  }
  for (let i = 0; i < params.length; i++) {
    if (params[i]!.length !== updates[i]!.length) {
      throw new ShapeError(`updates[${i}]`, `has length ${updates[i]!.length}, params[${i}] has ${params[i]!.length}`);
    }
  }
}

/** θ ← θ + u for every tensor. */
export function applyUpdates(params: Params, updates: readonly FloatArray[]): void {
  checkPairs(params, updates);
  for (let k = 0; k < params.length; k++) {
    const p = params[k]!;
    const u = updates[k]!;
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + u[i]!;
  }
}

/**
 * θ ← θ + u, but only if every new value is finite; otherwise θ is left exactly as it was and the result
 * names the first tensor and index that would have become NaN or ±Infinity. The new values are first
 * written into `updates` (rounded to the params' dtype there, as θ would round them) and copied over only
 * after all of them passed, so a divergent step never reaches the weights.
 */
export function applyUpdatesIfFinite(params: Params, updates: FloatArray[]): { tensor: number; index: number } | null {
  checkPairs(params, updates);
  for (let k = 0; k < params.length; k++) {
    const p = params[k]!;
    const u = updates[k]!;
    if (u.constructor !== p.constructor) {
      throw new ArgumentError(`updates[${k}]`, 'must have the same dtype as the parameters (rounding must match)');
    }
    for (let i = 0; i < p.length; i++) {
      const v = p[i]! + u[i]!;
      u[i] = v;
      // v − v is NaN exactly when v is NaN or ±Infinity; the stored (rounded) value is checked, since a
      // float64 sum can be finite and overflow float32.
      const stored = u[i]!;
      if (stored - stored !== 0) return { tensor: k, index: i };
    }
  }
  for (let k = 0; k < params.length; k++) params[k]!.set(updates[k]!);
  return null;
}
