/**
 * What a training run tells its listener (the CLI's progress bars, the lab's live curves). Events are small
 * plain objects, structured-clone safe (a Web Worker can post them as they are), cheap enough to emit on
 * every step. Numbering: epochs and steps count from 1; `step` is the global update count of the model
 * (it keeps counting across partialFit calls), `batch` the position inside the epoch.
 *
 * Losses: `dataLoss` is the mean of Lᵢ over the minibatch, `regLoss` is λR(W) (plus λR(b) when the bias is
 * regularized), `loss` their sum: the lecture's L = (1/N) Σ Lᵢ + λR(W), per minibatch.
 */
import type { KernelInfo } from '../kernels/api.js';

export type StopReason = 'completed' | 'early-stopped' | 'aborted' | 'diverged';

export interface StartEvent {
  readonly type: 'start';
  readonly examples: number;
  readonly features: number;
  readonly classes: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  /** Epochs this call will run at most (1 for partialFit; for a resumed fit, the ones left, the interrupted one included). */
  readonly epochs: number;
  readonly kernels: KernelInfo;
  /** Set when a fit resumes from a checkpoint: the updates and epochs done before, and the minibatches into the current epoch. */
  readonly resumedFrom?: { readonly step: number; readonly epoch: number; readonly batch: number };
}

export interface StepEvent {
  readonly type: 'step';
  readonly epoch: number;
  readonly step: number;
  readonly batch: number;
  /** Examples in this minibatch (the last one of an epoch may be smaller). */
  readonly batchSize: number;
  readonly dataLoss: number;
  readonly regLoss: number;
  readonly loss: number;
  /** Accuracy on this minibatch, from the scores before the update. */
  readonly batchAccuracy: number;
  /** η for this update (for the search strategies: the step size σ). */
  readonly learningRate: number;
  /** Seconds since this fit/partialFit call started. */
  readonly elapsed: number;
  readonly kernels: KernelInfo;
}

export interface EpochEvent {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly step: number;
  /** Means over the epoch's minibatches, weighted by their sizes. */
  readonly dataLoss: number;
  readonly regLoss: number;
  readonly loss: number;
  /**
   * Accuracy over the epoch's minibatches, each scored before its update: a running figure that costs no
   * extra pass over the data (the weights moved during the epoch).
   */
  readonly trainAccuracy: number;
  /** On the validation data with the weights at the end of the epoch; null without validation data. */
  readonly validationAccuracy: number | null;
  readonly validationLoss: number | null;
  /** Whether this epoch is the best so far on validation (always false without validation data). */
  readonly best: boolean;
  readonly learningRate: number;
  readonly elapsed: number;
  readonly kernels: KernelInfo;
}

export interface EndEvent {
  readonly type: 'end';
  readonly summary: FitSummary;
}

export type TrainEvent = StartEvent | StepEvent | EpochEvent | EndEvent;

/** What a run did, returned by fit/partialFit and stored in the model file. */
export interface FitSummary {
  readonly reason: StopReason;
  /** Epochs completed in this call. */
  readonly epochs: number;
  /** The model's update count at the end (global, across partialFit calls). */
  readonly steps: number;
  readonly examples: number;
  readonly seconds: number;
  /** The last completed epoch's figures (null when no epoch completed). */
  readonly dataLoss: number | null;
  readonly regLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly validationAccuracy: number | null;
  /** With early stopping: the epoch whose weights the model kept, and its validation accuracy. */
  readonly bestEpoch: number | null;
  readonly bestValidationAccuracy: number | null;
  readonly kernels: KernelInfo;
}

/** Anything with an `aborted` flag: an AbortSignal, or a plain object the caller flips. */
export interface StopSignal {
  readonly aborted: boolean;
}
