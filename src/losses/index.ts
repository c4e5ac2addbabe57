/** The losses by name, for code that holds a LossSpec (kernels, models, the CLI). */
import { ArgumentError } from '../errors.js';
import type { Matrix } from '../tensor/matrix.js';
import { checkSmoothing, validateMargin } from './common.js';
import { hingeCrammerSingerInto } from './hinge-crammer-singer.js';
import { hingeOneVsAllInto } from './hinge-one-vs-all.js';
import { hingeWestonWatkinsInto } from './hinge-weston-watkins.js';
import { softmaxCrossEntropyInto } from './softmax-cross-entropy.js';
import { LOSS_NAMES, type LossSpec } from './spec.js';
import { squaredHingeInto } from './squared-hinge.js';

/** Checks a LossSpec once (name, margin > 0, smoothing in [0, 1)). */
export function validateLossSpec(spec: LossSpec): void {
  if (!LOSS_NAMES.includes(spec.name)) {
    throw new ArgumentError('loss', `unknown loss '${String(spec.name)}'; expected one of ${LOSS_NAMES.join(', ')}`);
  }
  validateMargin(spec.margin);
  checkSmoothing(spec.smoothing ?? 0);
  if (spec.name !== 'softmax' && (spec.smoothing ?? 0) !== 0) {
    throw new ArgumentError('smoothing', `label smoothing applies to the softmax loss only, not '${spec.name}'`);
  }
}

/**
 * The reference loss kernel: Σᵢ Lᵢ for the spec, the gradient of the mean into dS, Lᵢ into perExample.
 * Unchecked: validate the spec and labels first.
 */
export function lossInto(
  spec: LossSpec,
  S: Matrix,
  labels: Int32Array,
  dS: Matrix | null,
  perExample: Float64Array | null,
): number {
  const margin = spec.margin ?? 1;
  switch (spec.name) {
    case 'ww':
      return hingeWestonWatkinsInto(S, labels, margin, dS, perExample);
    case 'ova':
      return hingeOneVsAllInto(S, labels, margin, dS, perExample);
    case 'cs':
      return hingeCrammerSingerInto(S, labels, margin, dS, perExample);
    case 'squared':
      return squaredHingeInto(S, labels, margin, dS, perExample);
    case 'softmax':
      return softmaxCrossEntropyInto(S, labels, spec.smoothing ?? 0, dS, perExample);
  }
}

export { hingeWestonWatkins, hingeWestonWatkinsInto } from './hinge-weston-watkins.js';
export { hingeOneVsAll, hingeOneVsAllInto } from './hinge-one-vs-all.js';
export { hingeCrammerSinger, hingeCrammerSingerInto } from './hinge-crammer-singer.js';
export { squaredHinge, squaredHingeInto } from './squared-hinge.js';
export {
  softmaxCrossEntropy,
  softmaxCrossEntropyInto,
  softmaxCrossEntropySoft,
  softmaxCrossEntropySoftInto,
  softmaxProbabilities,
} from './softmax-cross-entropy.js';
export type { LossResult, HingeOptions } from './common.js';
export type { SoftmaxOptions } from './softmax-cross-entropy.js';
export { LOSS_NAMES, LOSS_TITLES, type LossName, type LossSpec } from './spec.js';
