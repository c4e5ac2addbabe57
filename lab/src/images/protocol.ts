/** Messages between the images page and its training worker (structured-clone safe plain data). */
import type { KernelInfo } from '../../../src/kernels/api.js';
import type { LossName } from '../../../src/losses/spec.js';
import type { GRADIENT_OPTIMIZERS } from '../../../src/optim/aliases.js';

export type OptimizerName = (typeof GRADIENT_OPTIMIZERS)[number];

export interface TrainSettings {
  readonly loss: LossName;
  readonly lambda: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly epochs: number;
  /** The first trainSize training images and the first testSize test images are used. */
  readonly trainSize: number;
  readonly testSize: number;
  readonly seed: number;
}

export interface KnnSettings {
  readonly k: number;
  readonly metric: 'l2' | 'l1';
  readonly trainSize: number;
  readonly testSize: number;
}

export type ToWorker =
  | { readonly type: 'load' }
  | { readonly type: 'train'; readonly settings: TrainSettings }
  | { readonly type: 'stop' }
  | { readonly type: 'knn'; readonly settings: KnnSettings }
  | { readonly type: 'classify'; readonly pixels: Uint8Array };

export interface StepPoint {
  readonly step: number;
  readonly loss: number;
  readonly dataLoss: number;
  readonly batchAccuracy: number;
}

export type FromWorker =
  | { readonly type: 'loaded'; readonly train: number; readonly test: number; readonly seconds: number; readonly kernels: KernelInfo }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'started'; readonly examples: number; readonly stepsPerEpoch: number; readonly epochs: number; readonly kernels: KernelInfo }
  | { readonly type: 'steps'; readonly points: readonly StepPoint[]; readonly epoch: number; readonly elapsed: number }
  | { readonly type: 'templates'; readonly W: Float32Array; readonly step: number }
  | {
      readonly type: 'epoch';
      readonly epoch: number;
      readonly step: number;
      readonly loss: number;
      readonly trainAccuracy: number;
      readonly testAccuracy: number;
      /** [10 × 10] row-major, true class × predicted class. */
      readonly confusion: Int32Array;
      readonly elapsed: number;
    }
  | { readonly type: 'done'; readonly reason: string; readonly testAccuracy: number | null; readonly seconds: number }
  | { readonly type: 'knn-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'knn-done'; readonly accuracy: number; readonly seconds: number; readonly settings: KnnSettings; readonly kernels: KernelInfo }
  | {
      readonly type: 'classified';
      readonly scores: readonly number[] | null;
      readonly probabilities: readonly number[] | null;
      /** True when the probabilities are the softmax model's own; false for the softmax of hinge scores. */
      readonly calibrated: boolean;
      readonly knn: number | null;
    };
