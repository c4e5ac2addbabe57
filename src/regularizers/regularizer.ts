/**
 * Weight regularization (the lecture's §7): L = (1/N) Σᵢ Lᵢ + λ R(W).
 *
 * Conventions (DESIGN.md), the lecture's and not ConvNetJS's ½λΣW²:
 *   L2           R(W) = Σ W²             ∂(λR)/∂W = 2λW
 *   L1           R(W) = Σ |W|            ∂(λR)/∂W = λ·sign(W)   (0 at W = 0, the subgradient we choose)
 *   elastic net  R(W) = Σ (βW² + |W|)    ∂(λR)/∂W = λ(2βW + sign(W))
 *
 * Only W is regularized; the bias b is a separate array and is left alone unless the model is asked to
 * regularize it too. When the bias is folded into W (the bias trick), pass a mask that zeroes its column.
 *
 * Converting strengths (docs/linear-classifier.md has the derivations):
 * PyTorch's weight_decay wd (gradient wd·W, added to the gradient of the mean loss) is λ = wd/2 here;
 * scikit-learn's SGDClassifier alpha (penalty alpha·½‖W‖² next to the mean loss) is λ = alpha/2; ConvNetJS's
 * l2_decay is λ = l2_decay/(2·batch_size), because its trainer divides (l2_decay·W + the summed example
 * gradients) by batch_size (src/convnet_trainers.js: gij = (l2grad + l1grad + g[j]) / this.batch_size).
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';

export type RegularizerName = 'none' | 'l2' | 'l1' | 'elastic';

export interface RegularizerSpec {
  readonly name: RegularizerName;
  /** λ, the regularization strength (≥ 0, finite). */
  readonly lambda: number;
  /** β, the weight of the squared term in the elastic net (≥ 0, finite; default 1). */
  readonly beta?: number;
}

export interface Regularizer {
  readonly spec: RegularizerSpec;
  /** λ·R(w) over the entries the mask keeps (mask[i] = 0 excludes entry i; null keeps all). */
  penalty(w: FloatArray, mask?: Uint8Array | null): number;
  /** g += ∂(λR)/∂w, entry by entry, skipping masked entries. */
  addGrad(w: FloatArray, g: FloatArray, mask?: Uint8Array | null): void;
}

function checkLambda(lambda: number): void {
  if (!Number.isFinite(lambda) || lambda < 0) throw new ArgumentError('lambda', `must be a finite number ≥ 0, got ${lambda}`);
}

function checkMask(w: FloatArray, g: FloatArray | null, mask: Uint8Array | null | undefined): void {
  if (g && g.length !== w.length) throw new ShapeError('grad', `has length ${g.length}, weights have ${w.length}`);
  if (mask && mask.length !== w.length) throw new ShapeError('mask', `has length ${mask.length}, weights have ${w.length}`);
}

/** R(W) and its gradient term, per entry: value(w) and slope(w) = ∂value/∂w. */
function make(spec: RegularizerSpec, value: (x: number) => number, slope: (x: number) => number): Regularizer {
  const { lambda } = spec;
  return {
    spec,
    penalty(w, mask = null) {
      checkMask(w, null, mask);
      if (lambda === 0) return 0;
      let acc = 0;
      for (let i = 0; i < w.length; i++) if (!mask || mask[i]) acc += value(w[i]!);
      return lambda * acc;
    },
    addGrad(w, g, mask = null) {
      checkMask(w, g, mask);
      if (lambda === 0) return;
      for (let i = 0; i < w.length; i++) if (!mask || mask[i]) g[i] = g[i]! + lambda * slope(w[i]!);
    },
  };
}

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** L2: λ Σ W², gradient 2λW. */
export function l2(lambda: number): Regularizer {
  checkLambda(lambda);
  return make({ name: 'l2', lambda }, (x) => x * x, (x) => 2 * x);
}

/** L1: λ Σ |W|, gradient λ·sign(W) (0 at W = 0). */
export function l1(lambda: number): Regularizer {
  checkLambda(lambda);
  return make({ name: 'l1', lambda }, Math.abs, sign);
}

/** Elastic net: λ Σ (βW² + |W|), gradient λ(2βW + sign(W)). */
export function elasticNet(lambda: number, beta = 1): Regularizer {
  checkLambda(lambda);
  if (!Number.isFinite(beta) || beta < 0) throw new ArgumentError('beta', `must be a finite number ≥ 0, got ${beta}`);
  return make({ name: 'elastic', lambda, beta }, (x) => beta * x * x + Math.abs(x), (x) => 2 * beta * x + sign(x));
}

/** No regularization (R = 0). */
export function noRegularizer(): Regularizer {
  return make({ name: 'none', lambda: 0 }, () => 0, () => 0);
}

/** The regularizer a spec describes (from a model file, a CLI flag). */
export function regularizerFromSpec(spec: RegularizerSpec): Regularizer {
  switch (spec.name) {
    case 'none':
      return noRegularizer();
    case 'l2':
      return l2(spec.lambda);
    case 'l1':
      return l1(spec.lambda);
    case 'elastic':
      return elasticNet(spec.lambda, spec.beta ?? 1);
    default:
      throw new ArgumentError('reg', `unknown regularizer '${String((spec as { name: unknown }).name)}'; expected none, l2, l1 or elastic`);
  }
}
