/**
 * Optimizer state as plain data, for checkpoints: `exportOptState` flattens a (possibly chained) state into
 * named scalars and named typed arrays, copying them; `importOptState` writes such a snapshot back into a
 * state made by `init` for the same optimizer and parameters, after checking that every name, length and
 * dtype agrees. A chain member's entries are prefixed by its position: `1/mu/0` is the first moment of
 * parameter tensor 0 in the chain's second transformation.
 *
 * The snapshot is JSON plus typed arrays, so it maps directly onto a safetensors file (tensors) and its
 * metadata (scalars).
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { OptState } from './transform.js';

export interface OptStateSnapshot {
  readonly scalars: Readonly<Record<string, number>>;
  readonly tensors: Readonly<Record<string, FloatArray>>;
}

function walk(state: OptState, prefix: string, visit: (s: OptState, prefix: string) => void): void {
  visit(state, prefix);
  state.children.forEach((c, i) => walk(c, `${prefix}${i}/`, visit));
}

/** A deep copy of the state as flat, named scalars and tensors. */
export function exportOptState(state: OptState): OptStateSnapshot {
  const scalars: Record<string, number> = {};
  const tensors: Record<string, FloatArray> = {};
  walk(state, '', (s, prefix) => {
    for (const [k, v] of Object.entries(s.scalars)) scalars[prefix + k] = v;
    for (const [k, v] of Object.entries(s.tensors)) tensors[prefix + k] = v.slice();
  });
  return { scalars, tensors };
}

/**
 * Overwrites `state` (from `init` of the same optimizer on parameters of the same shapes) with a snapshot.
 * Refuses, changing nothing, when a name is missing or extra, or a length or dtype differs.
 */
export function importOptState(state: OptState, snapshot: OptStateSnapshot): void {
  const expectedScalars = new Set<string>();
  const expectedTensors = new Set<string>();
  walk(state, '', (s, prefix) => {
    for (const k of Object.keys(s.scalars)) expectedScalars.add(prefix + k);
    for (const [k, v] of Object.entries(s.tensors)) {
      const name = prefix + k;
      expectedTensors.add(name);
      const got = snapshot.tensors[name];
      if (!got) throw new ArgumentError('snapshot', `has no tensor '${name}': was it saved from a different optimizer?`);
      if (got.length !== v.length) {
        throw new ShapeError('snapshot', `tensor '${name}' has length ${got.length}, the optimizer's has ${v.length}`);
      }
      if (got.constructor !== v.constructor) {
        throw new ArgumentError('snapshot', `tensor '${name}' is a ${got.constructor.name}, the optimizer's is a ${v.constructor.name}`);
      }
    }
  });
  for (const name of expectedScalars) {
    const v = snapshot.scalars[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ArgumentError('snapshot', `scalar '${name}' is ${String(v)}; a finite number is required`);
    }
  }
  for (const name of Object.keys(snapshot.scalars)) {
    if (!expectedScalars.has(name)) throw new ArgumentError('snapshot', `has an unexpected scalar '${name}': was it saved from a different optimizer?`);
  }
  for (const name of Object.keys(snapshot.tensors)) {
    if (!expectedTensors.has(name)) throw new ArgumentError('snapshot', `has an unexpected tensor '${name}': was it saved from a different optimizer?`);
  }
  walk(state, '', (s, prefix) => {
    for (const k of Object.keys(s.scalars)) s.scalars[k] = snapshot.scalars[prefix + k]!;
    for (const [k, v] of Object.entries(s.tensors)) v.set(snapshot.tensors[prefix + k]!);
  });
}
