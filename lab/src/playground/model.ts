/**
 * The playground's model: 2-D points in three classes, s = Wx + b with W [3, 2] and b [3], a loss and a
 * regularizer. Everything numeric goes through the library (kernels for scores and gradients, the losses, the
 * regularizers); this module only arranges the data. No DOM here, so tests run it in Node.
 *
 * Convention (DESIGN.md, lecture §7): total = (1/N) Σᵢ Lᵢ + λ R(W), with R(W) = Σ W² for L2 (gradient 2λW).
 * The bias is not regularized unless `regularizeBias` is set. (The original CS231n demo's regularization
 * gradient is smaller than the derivative of the loss it shows; ours is the exact derivative, and
 * model.test.ts checks it against centered differences.)
 */
import { refKernels } from '../../../src/kernels/ref/index.js';
import { validateLossSpec } from '../../../src/losses/index.js';
import type { LossName, LossSpec } from '../../../src/losses/spec.js';
import { regularizerFromSpec, type Regularizer, type RegularizerName } from '../../../src/regularizers/index.js';
import { adam, momentum, sgd } from '../../../src/optim/aliases.js';
import { applyUpdates, type GradientTransformation, type OptState } from '../../../src/optim/transform.js';
import { view, zeros, type Matrix64 } from '../../../src/tensor/matrix.js';
import { Rng } from '../../../src/tensor/rng.js';

export const CLASSES = 3;
export const DIM = 2;

export interface Point {
  readonly x: number;
  readonly y: number;
  readonly label: number;
}

/** W row-major [3, 2] and b [3]. */
export interface Params {
  readonly W: Float64Array;
  readonly b: Float64Array;
}

export type PlaygroundRegularizer = Exclude<RegularizerName, 'none'>;

export interface Settings {
  readonly loss: LossName;
  /** Δ for the hinge losses. */
  readonly margin: number;
  readonly lambda: number;
  readonly regularizer: PlaygroundRegularizer;
  readonly regularizeBias: boolean;
}

export interface Evaluation {
  /** Scores [N, 3]. */
  readonly scores: Matrix64;
  /** Lᵢ per point. */
  readonly perExample: Float64Array;
  /** (1/N) Σᵢ Lᵢ (0 with no points). */
  readonly dataLoss: number;
  /** λR over W (and b when regularized). */
  readonly regLoss: number;
  readonly total: number;
  /** ∂total/∂W, row-major [3, 2]. */
  readonly dW: Float64Array;
  /** ∂total/∂b. */
  readonly db: Float64Array;
}

/** The CS231n demo's nine points: class 0 top right, class 1 top left, class 2 below. */
export const DEFAULT_POINTS: readonly Point[] = [
  { x: 0.5, y: 0.4, label: 0 },
  { x: 0.8, y: 0.3, label: 0 },
  { x: 0.3, y: 0.8, label: 0 },
  { x: -0.4, y: 0.3, label: 1 },
  { x: -0.3, y: 0.7, label: 1 },
  { x: -0.7, y: 0.2, label: 1 },
  { x: 0.7, y: -0.4, label: 2 },
  { x: 0.5, y: -0.6, label: 2 },
  { x: -0.4, y: -0.5, label: 2 },
];

/** The CS231n demo's starting parameters: W rows (1, 2), (2, −4), (3, −1); b (0, 0.5, −0.5). */
export function defaultParams(): Params {
  return { W: Float64Array.from([1, 2, 2, -4, 3, -1]), b: Float64Array.from([0, 0.5, -0.5]) };
}

export const DEFAULT_SETTINGS: Settings = { loss: 'ww', margin: 1, lambda: 0.1, regularizer: 'l2', regularizeBias: false };
export const DEFAULT_STEP_SIZE = 0.1;

export function lossSpec(settings: Settings): LossSpec {
  return settings.loss === 'softmax' ? { name: 'softmax' } : { name: settings.loss, margin: settings.margin };
}

export function regularizer(settings: Settings): Regularizer {
  return regularizerFromSpec({ name: settings.regularizer, lambda: settings.lambda });
}

/** The points as X [N, 2] and labels. */
export function design(points: readonly Point[]): { X: Matrix64; labels: Int32Array } {
  const X = zeros(points.length, DIM, 'float64');
  points.forEach((p, i) => {
    X.data[i * DIM] = p.x;
    X.data[i * DIM + 1] = p.y;
  });
  return { X, labels: Int32Array.from(points, (p) => p.label) };
}

/** Scores, losses and the gradient of the total at (W, b). */
export function evaluate(points: readonly Point[], params: Params, settings: Settings): Evaluation {
  const spec = lossSpec(settings);
  validateLossSpec(spec);
  const reg = regularizer(settings);
  const n = points.length;
  const { X, labels } = design(points);
  const W = view(params.W, CLASSES, DIM, 'W');
  const scores = zeros(n, CLASSES, 'float64');
  const dS = zeros(n, CLASSES, 'float64');
  const perExample = new Float64Array(n);
  const dW = new Float64Array(CLASSES * DIM);
  const db = new Float64Array(CLASSES);
  let dataLoss = 0;
  if (n > 0) {
    refKernels.linearScores(X, W, params.b, scores);
    // The kernel returns Σᵢ Lᵢ and the gradient of the mean.
    dataLoss = refKernels.loss(spec, scores, labels, dS, perExample) / n;
    refKernels.weightGrad(dS, X, view(dW, CLASSES, DIM, 'dW'));
    refKernels.biasGrad(dS, db);
  }
  let regLoss = reg.penalty(params.W);
  reg.addGrad(params.W, dW);
  if (settings.regularizeBias) {
    regLoss += reg.penalty(params.b);
    reg.addGrad(params.b, db);
  }
  return { scores, perExample, dataLoss, regLoss, total: dataLoss + regLoss, dW, db };
}

/** The total as a function of θ = [W (row-major), b]: what the gradient check differentiates. */
export function totalAt(points: readonly Point[], theta: Float64Array, settings: Settings): number {
  return evaluate(points, { W: theta.subarray(0, CLASSES * DIM), b: theta.subarray(CLASSES * DIM) }, settings).total;
}

export type StepRule = 'sgd' | 'momentum' | 'adam';

/**
 * Gradient steps with one of the library's optimizers (sgd is the demo's θ ← θ − η∇θ). Momentum and Adam
 * keep state between steps; `reset` forgets it (after the parameters were edited by hand).
 */
export class Stepper {
  private transform: GradientTransformation | null = null;
  private state: OptState | null = null;
  private key = '';

  reset(): void {
    this.transform = null;
    this.state = null;
    this.key = '';
  }

  step(params: Params, ev: Evaluation, rule: StepRule, stepSize: number): Params {
    const W = Float64Array.from(params.W);
    const b = Float64Array.from(params.b);
    const key = `${rule}:${stepSize}`;
    if (!this.transform || !this.state || key !== this.key) {
      // A new step size keeps the rule's moments only for sgd, which has none: rebuilding is exact for it.
      this.transform = rule === 'sgd' ? sgd({ learningRate: stepSize }) : rule === 'momentum' ? momentum({ learningRate: stepSize }) : adam({ learningRate: stepSize });
      this.state = this.transform.init([W, b]);
      this.key = key;
    }
    const updates = [Float64Array.from(ev.dW), Float64Array.from(ev.db)];
    this.transform.update(updates, this.state, [W, b]);
    applyUpdates([W, b], updates);
    return { W, b };
  }
}

/** One plain gradient-descent step θ ← θ − η∇θ (the library's sgd), returning new parameters. */
export function gradientStep(params: Params, ev: Evaluation, stepSize: number): Params {
  return new Stepper().step(params, ev, 'sgd', stepSize);
}

/** Fresh random parameters from the seeded generator: W, b ~ N(0, 1) like the demo's "randomize". */
export function randomParams(rng: Rng): Params {
  const W = new Float64Array(CLASSES * DIM);
  const b = new Float64Array(CLASSES);
  rng.fillNormal(W);
  rng.fillNormal(b);
  return { W, b };
}

