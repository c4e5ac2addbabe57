/**
 * The data contract shared by loaders, preprocessing, models and the CLI. Pixels stay bytes until a
 * preprocessor turns them into float32 features (an explicit, vectorised step).
 */
import type { ByteMatrix, Matrix32 } from '../tensor/matrix.js';

/** Height, width and channel count of an image, and how its bytes are laid out in a row. */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** 'hwc': interleaved (MNIST, PNG); 'chw': one plane per channel (CIFAR-10's R, G, B planes). */
  readonly layout: 'hwc' | 'chw';
}

/** A labelled set of examples: X is [N, D] (bytes for images, float32 for CSV features), labels in 0..C−1. */
export interface Dataset {
  /** Where it came from, e.g. "mnist/train" or "iris.csv". */
  readonly name: string;
  readonly X: ByteMatrix | Matrix32;
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  /** Set for image data (pictures of weights and examples need it); null for tabular data. */
  readonly imageShape: ImageShape | null;
}

/** A dataset's official training and test parts. */
export interface DatasetSplits {
  readonly train: Dataset;
  readonly test: Dataset;
}

/**
 * A fitted preprocessing pipeline: fitted on training data only, applied to any data, and serialisable so
 * a saved model carries it (JSON-able `spec` plus named float32 tensors such as the mean image).
 */
export interface Preprocessor {
  /** JSON-able description (kinds and scalar parameters), stored in the model file's metadata. */
  readonly spec: PreprocessSpec;
  /** Fitted arrays (e.g. "mean", "std"), stored as tensors in the model file. */
  readonly tensors: Readonly<Record<string, Float32Array>>;
  /** Feature count the pipeline expects and the count it produces (one more with the bias column). */
  readonly inputDim: number;
  readonly outputDim: number;
  /** Features for X: a new float32 matrix [N, outputDim]. */
  transform(X: ByteMatrix | Matrix32): Matrix32;
  /** Features for the listed rows of X, written into out (rows.length × outputDim): the minibatch path. */
  transformRowsInto(X: ByteMatrix | Matrix32, rows: ArrayLike<number>, out: Matrix32): void;
}

export type PreprocessStepSpec =
  | { readonly kind: 'scale'; readonly factor: number }
  | { readonly kind: 'subtract-mean' }
  | { readonly kind: 'standardize'; readonly epsilon: number }
  | { readonly kind: 'bias-column' };

export interface PreprocessSpec {
  readonly version: 1;
  /**
   * Feature count the pipeline was fitted on. Needed to rebuild a pipeline whose steps carry no tensor
   * (scale only, bias column), so a model file can check its input width before any data arrives.
   */
  readonly inputDim: number;
  readonly steps: readonly PreprocessStepSpec[];
}
