/**
 * Numerical gradient check: centered differences in float64,
 *
 *   nᵢ = (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h,     relErrᵢ = |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|)   (0 when both are 0),
 *
 * the CS231n recipe. h = 1e-5 by default: the truncation error is O(h²) ≈ 1e-10 and the rounding error
 * O(ε/h) ≈ 1e-11 in float64, so a correct gradient scores far below the 1e-7 threshold. Away from kinks only:
 * a hinge whose margin is within h of zero gives a meaningless difference (table tests pin the kinks).
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { checkInteger, checkPositive } from '../tensor/checks.js';
import { Rng } from '../tensor/rng.js';

export interface GradcheckOptions {
  /** Step h (default 1e-5). */
  readonly h?: number;
  /** Check only this many coordinates, drawn at random (default: all). */
  readonly sample?: number;
  /** Seed for the sampled coordinates (default 0). */
  readonly seed?: number;
  /**
   * Coordinates where both |a| and |n| are below this count as agreeing (relative error 0). Default 0: the
   * plain definition. A gradient that is exactly 0 by cancellation has a centered difference of pure
   * rounding noise (≈ ε·|f|/h), whose relative error is 1 however right the gradient is; a floor above that
   * noise keeps such coordinates from hiding the real worst one.
   */
  readonly floor?: number;
}

export interface GradcheckCoordinate {
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
}

export interface GradcheckReport {
  /** The largest relative error over the checked coordinates. */
  readonly worstRelError: number;
  /** The coordinate where it happened. */
  readonly worst: GradcheckCoordinate;
  /** How many coordinates were checked. */
  readonly checked: number;
  readonly coordinates: readonly GradcheckCoordinate[];
}

export function relativeError(a: number, n: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(n));
  return scale === 0 ? 0 : Math.abs(a - n) / scale;
}

/**
 * Compares `analytic` (∂f/∂θ) with centered differences of `f` at `theta`. `f` must read θ from the array
 * it is given; the array is perturbed in place and restored exactly afterwards.
 */
export function gradcheck(
  f: (theta: Float64Array) => number,
  theta: Float64Array,
  analytic: ArrayLike<number>,
  options: GradcheckOptions = {},
): GradcheckReport {
  const h = options.h ?? 1e-5;
  checkPositive(h, 'h');
  const floor = options.floor ?? 0;
  if (!(floor >= 0) || !Number.isFinite(floor)) throw new ArgumentError('floor', `must be a finite number ≥ 0, got ${floor}`);
  if (analytic.length !== theta.length) {
    throw new ShapeError('analytic', `has length ${analytic.length}, theta has ${theta.length}`);
  }
  if (theta.length === 0) throw new ArgumentError('theta', 'is empty: there is nothing to check');
  let indices: ArrayLike<number>;
  if (options.sample === undefined) {
    indices = Int32Array.from({ length: theta.length }, (_, i) => i);
  } else {
    checkInteger(options.sample, 1, 'sample');
    indices = new Rng(options.seed ?? 0).choice(theta.length, Math.min(options.sample, theta.length));
  }
  const coordinates: GradcheckCoordinate[] = [];
  let worst: GradcheckCoordinate | null = null;
  for (let t = 0; t < indices.length; t++) {
    const i = indices[t]!;
    const saved = theta[i]!;
    theta[i] = saved + h;
    const plus = f(theta);
    theta[i] = saved - h;
    const minus = f(theta);
    theta[i] = saved;
    const numeric = (plus - minus) / (2 * h);
    const a = analytic[i]!;
    const below = Math.max(Math.abs(a), Math.abs(numeric)) < floor;
    const c = { index: i, analytic: a, numeric, relError: below ? 0 : relativeError(a, numeric) };
    coordinates.push(c);
    if (!worst || c.relError > worst.relError || Number.isNaN(c.relError)) worst = c;
  }
  return { worstRelError: worst!.relError, worst: worst!, checked: coordinates.length, coordinates };
}
