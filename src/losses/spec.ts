/** What a loss is, as data: the kernels' fused paths and model files carry this, not functions. */

export type LossName = 'ww' | 'ova' | 'cs' | 'squared' | 'softmax';

export const LOSS_NAMES: readonly LossName[] = ['ww', 'ova', 'cs', 'squared', 'softmax'];

export const LOSS_TITLES: Readonly<Record<LossName, string>> = {
  ww: 'Weston–Watkins multiclass hinge',
  ova: 'one-vs-all hinge',
  cs: 'Crammer–Singer multiclass hinge',
  squared: 'squared multiclass hinge (Weston–Watkins, squared terms)',
  softmax: 'softmax cross-entropy',
};

export interface LossSpec {
  readonly name: LossName;
  /** Δ for the hinge losses (default 1). Ignored by softmax. */
  readonly margin?: number;
  /** Label smoothing ε for softmax (default 0): the target is (1−ε)·onehot + ε/C. */
  readonly smoothing?: number;
}
