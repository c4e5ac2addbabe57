/** Point sets for the playground: the CS231n demo's, and three that each teach one thing. */
import { DEFAULT_POINTS, type Point } from './model.js';

export type PresetName = 'cs231n' | 'separable' | 'xor' | 'outlier';

const p = (x: number, y: number, label: number): Point => ({ x, y, label });

/** Three clusters far apart: a linear classifier reaches zero hinge loss. */
const SEPARABLE: readonly Point[] = [
  p(1.0, 1.0, 0), p(1.3, 0.7, 0), p(0.8, 1.4, 0),
  p(-1.1, 0.9, 1), p(-1.4, 0.5, 1), p(-0.9, 1.3, 1),
  p(0.1, -1.2, 2), p(-0.3, -1.4, 2), p(0.4, -1.0, 2),
];

/** Opposite quadrants share a class: no set of lines w_j·x + b_j = 0 separates them. */
const XOR: readonly Point[] = [
  p(0.8, 0.8, 0), p(1.2, 0.6, 0), p(-0.8, -0.8, 0), p(-1.1, -0.6, 0),
  p(-0.8, 0.8, 1), p(-1.2, 0.6, 1), p(0.8, -0.8, 1), p(1.1, -0.6, 1),
];

/** SEPARABLE plus one class-0 point deep inside class 2: watch how each loss reacts to it. */
const OUTLIER: readonly Point[] = [...SEPARABLE, p(0.0, -1.7, 0)];

export const PRESETS: Readonly<Record<PresetName, readonly Point[]>> = {
  cs231n: DEFAULT_POINTS,
  separable: SEPARABLE,
  xor: XOR,
  outlier: OUTLIER,
};
