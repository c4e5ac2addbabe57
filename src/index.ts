/**
 * linclass: linear classifiers and k-nearest neighbours after CS231n lecture 3.
 * The public surface, as named re-exports only (no side effects on import).
 */
export * from './errors.js';

export {
  zeros,
  view,
  fromRows,
  toRows,
  at,
  row,
  clone,
  dtypeOf,
  bytesToFloat,
  shapeOf,
  type DType,
  type FloatArray,
  type Storage,
  type Matrix,
  type Matrix32,
  type Matrix64,
  type ByteMatrix,
  type IntMatrix,
} from './tensor/matrix.js';
export { Rng, type RngState } from './tensor/rng.js';

export type { Kernels, KernelInfo, KernelName, KernelChoice } from './kernels/api.js';
export { refKernels } from './kernels/ref/index.js';
export { selectKernels, KERNEL_CHOICES } from './kernels/select.js';

// --- Performance engine (issue 6): WASM SIMD kernels, thread pool, selection options. The benchmark runner
// is the 'linclass/bench' subpath (it uses Node built-ins, so it stays out of this browser-safe entry).
export type { SelectOptions } from './kernels/select.js';
export type { WasmKernels } from './kernels/wasm/kernels.js';

export {
  hingeWestonWatkins,
  hingeOneVsAll,
  hingeCrammerSinger,
  squaredHinge,
  softmaxCrossEntropy,
  softmaxCrossEntropySoft,
  softmaxProbabilities,
  lossInto,
  validateLossSpec,
  LOSS_NAMES,
  LOSS_TITLES,
  type LossName,
  type LossSpec,
  type LossResult,
  type HingeOptions,
  type SoftmaxOptions,
} from './losses/index.js';

export {
  l2,
  l1,
  elasticNet,
  noRegularizer,
  regularizerFromSpec,
  type Regularizer,
  type RegularizerName,
  type RegularizerSpec,
} from './regularizers/index.js';

export {
  gradcheck,
  relativeError,
  type GradcheckOptions,
  type GradcheckReport,
  type GradcheckCoordinate,
} from './train/gradcheck.js';

export * from './explain/index.js';
