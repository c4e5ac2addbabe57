/** Short loss names for menus (LOSS_TITLES has the long ones, used as tooltips). */
import type { LossName } from '../../../src/losses/spec.js';

export const LOSS_SHORT: Readonly<Record<LossName, string>> = {
  ww: 'Weston–Watkins (multiclass SVM)',
  ova: 'One-vs-all hinge',
  cs: 'Crammer–Singer hinge',
  squared: 'Squared hinge',
  softmax: 'Softmax (cross-entropy)',
};
