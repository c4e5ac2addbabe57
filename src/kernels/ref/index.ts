/**
 * The reference kernels: readable TypeScript, float32 or float64, the oracle every faster implementation is
 * tested against. `satisfies Kernels` makes a missing kernel a compile error, not a skipped test.
 */
import { lossInto } from '../../losses/index.js';
import { zeros } from '../../tensor/matrix.js';
import type { Kernels } from '../api.js';
import { biasGrad } from './bias-grad.js';
import { l1Distances, l1DistancesU8, sqL2Distances, sqL2DistancesU8 } from './distances.js';
import { linearLossGrad } from './linear-loss-grad.js';
import { linearScores } from './linear-scores.js';
import { matmulABt } from './matmul-abt.js';
import { rowLogSumExp } from './row-log-sum-exp.js';
import { rowMax } from './row-max.js';
import { sqL2TopKU8 } from './sq-l2-top-k-u8.js';
import { topK } from './top-k.js';
import { weightGrad } from './weight-grad.js';

export const refKernels = {
  info: {
    name: 'ref',
    threads: 1,
    simd: false,
    relaxedSimd: false,
    reason: 'the readable TypeScript reference kernels were asked for',
  },
  alloc: (rows, cols) => zeros(rows, cols, 'float32'),
  allocBytes: (rows, cols) => ({ data: new Uint8Array(rows * cols), rows, cols }),
  allocInts: (rows, cols) => ({ data: new Int32Array(rows * cols), rows, cols }),
  release: () => {},
  linearScores,
  weightGrad,
  biasGrad,
  rowMax,
  rowLogSumExp,
  matmulABt,
  sqL2Distances,
  sqL2DistancesU8,
  l1Distances,
  l1DistancesU8,
  topK,
  sqL2TopKU8,
  loss: lossInto,
  linearLossGrad,
} as const satisfies Kernels;

/** With a reason of the caller's (e.g. "WebAssembly is not available in this engine"). */
export function refKernelsBecause(reason: string): Kernels {
  return { ...refKernels, info: { ...refKernels.info, reason } };
}
