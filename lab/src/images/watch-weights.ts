/**
 * Live weights during training. LinearClassifier keeps its weights in kernel memory while it trains and
 * writes them back when the run ends; every kernel call that uses them gets them as its second argument
 * (linearScores(X, W, b, out), and a fused linearLossGrad(X, W, b, …) where the kernels have one). Wrapping
 * the kernels (the Kernels contract allows any object) lets the page show the templates as they form,
 * without a second copy of the training loop.
 */
import type { Kernels } from '../../../src/kernels/api.js';
import type { Matrix } from '../../../src/tensor/matrix.js';

export interface WeightWatch {
  readonly kernels: Kernels;
  /** The weights of the latest call, or null. Copy them at once: kernel memory is reused after the run. */
  latest(): { W: Matrix; b: ArrayLike<number> | null } | null;
  forget(): void;
}

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && 'rows' in x && 'cols' in x && 'data' in x;
}

export function watchWeights(kernels: Kernels, classes: number, features: number): WeightWatch {
  let seen: { W: Matrix; b: ArrayLike<number> | null } | null = null;
  const wrapped: Record<string, unknown> = {};
  const source = kernels as unknown as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value !== 'function') {
      wrapped[key] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    wrapped[key] = (...args: unknown[]) => {
      const W = args[1];
      if (isMatrix(W) && W.rows === classes && W.cols === features) {
        const b = args[2];
        seen = { W, b: b instanceof Float32Array || b instanceof Float64Array ? b : null };
      }
      return fn.apply(kernels, args);
    };
  }
  return {
    kernels: wrapped as unknown as Kernels,
    latest: () => seen,
    forget: () => {
      seen = null;
    },
  };
}
