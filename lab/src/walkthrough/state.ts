/** The walkthrough's inputs: what the reader can change. Every derived number is computed from these. */

export const CLASS_NAMES = ['cat', 'car', 'frog'] as const;

/** Lecture §4: one row of scores per image (cat image, car image, frog image); columns cat, car, frog. */
export const LECTURE_SCORES: readonly (readonly number[])[] = [
  [3.2, 5.1, -1.7],
  [1.3, 4.9, 2.0],
  [2.2, 2.5, -3.1],
];
/** Image i shows class i. */
export const LABELS: readonly number[] = [0, 1, 2];

/** Lecture §9: W [3, 4], x, b and y. */
export const EXAMPLE_W: readonly (readonly number[])[] = [
  [0.01, -0.05, 0.1, 0.05],
  [0.7, 0.2, 0.05, 0.16],
  [0.0, -0.45, -0.2, 0.03],
];
export const EXAMPLE_X: readonly number[] = [-15, 22, -44, 56];
export const EXAMPLE_B: readonly number[] = [0.0, 0.2, -0.3];
export const EXAMPLE_Y = 2;

/** Lecture §10: three score vectors, all with y = 0. */
export const COMPARISON_ROWS: readonly (readonly number[])[] = [
  [10, -2, 3],
  [10, 9, 9],
  [10, -100, -100],
];

export interface WalkState {
  /** Editable copy of LECTURE_SCORES. */
  scores: number[][];
  /** §6: the factor k in kW. */
  scale: number;
  /** §7: λ and the elastic net's β. */
  lambda: number;
  beta: number;
  /** §10: ε added to the wrong classes' scores. */
  jiggle: number;
  /** §12: the target distribution y of the cross-entropy. */
  target: number[];
}

export function initialState(): WalkState {
  return {
    scores: LECTURE_SCORES.map((r) => [...r]),
    scale: 2,
    lambda: 0.1,
    beta: 1,
    jiggle: 0,
    target: [1, 0, 0],
  };
}
