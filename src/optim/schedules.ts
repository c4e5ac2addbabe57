/**
 * Learning-rate schedules: functions of the update count t = 0, 1, 2, … (t = 0 is the first update), as in
 * optax. All are pure, allocation-free and safe to call every step.
 *
 *   constant      η(t) = η₀
 *   step decay    η(t) = η₀ · γ^⌊t / k⌋                       (γ = factor, k = every)
 *   exponential   η(t) = η₀ · r^(t / k)                       (continuous; r = rate, k = every, default 1)
 *   cosine        η(t) = η₀ · (α + (1 − α) · ½(1 + cos(π · min(t, T) / T)))   (T = steps, α = alpha, default 0)
 *   warm-up       η(t) = η_base(0) · (f + (1 − f) · (t + 1) / W)   for t < W,   then η_base(t − W)
 *
 * Warm-up wraps any other schedule: it climbs linearly from f·η₀ (f = startFactor, default 0) so that its
 * last step, t = W − 1, uses the full η₀, and the wrapped schedule's clock starts when warm-up ends (so a
 * cosine over T steps after W warm-up steps ends at t = W + T). Counting (t + 1) means no step is wasted with
 * a learning rate of 0.
 */
import { ArgumentError } from '../errors.js';
import { checkInteger, checkNonNegative, checkPositive } from '../tensor/checks.js';

export type Schedule = (count: number) => number;

/** A schedule as data (what a model file and the CLI carry). Durations are in updates (steps). */
export type ScheduleSpec = (
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly every: number; readonly factor: number }
  | { readonly kind: 'exponential'; readonly rate: number; readonly every?: number }
  /** `steps` defaults to the whole run after warm-up (the classifier fills it in). */
  | { readonly kind: 'cosine'; readonly steps?: number; readonly alpha?: number }
) & {
  /** Linear warm-up over this many steps before the schedule proper (default 0: none). */
  readonly warmup?: number;
  /** Warm-up starts at this fraction of the peak rate (default 0). */
  readonly warmupStart?: number;
};

export const SCHEDULE_KINDS = ['constant', 'step', 'exponential', 'cosine'] as const;

export function constantSchedule(value: number): Schedule {
  checkNonNegative(value, 'learningRate');
  return () => value;
}

export function stepDecaySchedule(init: number, every: number, factor: number): Schedule {
  checkNonNegative(init, 'learningRate');
  checkInteger(every, 1, 'schedule.every');
  checkNonNegative(factor, 'schedule.factor');
  return (t) => init * factor ** Math.floor(t / every);
}

export function exponentialSchedule(init: number, rate: number, every = 1): Schedule {
  checkNonNegative(init, 'learningRate');
  checkPositive(rate, 'schedule.rate');
  checkPositive(every, 'schedule.every');
  return (t) => init * rate ** (t / every);
}

export function cosineSchedule(init: number, steps: number, alpha = 0): Schedule {
  checkNonNegative(init, 'learningRate');
  checkInteger(steps, 1, 'schedule.steps');
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) throw new ArgumentError('schedule.alpha', `must be in [0, 1], got ${alpha}`);
  return (t) => init * (alpha + (1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, steps)) / steps)));
}

export function linearWarmup(base: Schedule, steps: number, startFactor = 0): Schedule {
  checkInteger(steps, 0, 'schedule.warmup');
  if (!Number.isFinite(startFactor) || startFactor < 0 || startFactor > 1) {
    throw new ArgumentError('schedule.warmupStart', `must be in [0, 1], got ${startFactor}`);
  }
  if (steps === 0) return base;
  const peak = base(0);
  return (t) => (t < steps ? peak * (startFactor + ((1 - startFactor) * (t + 1)) / steps) : base(t - steps));
}

/**
 * The schedule a spec describes, peaking at `learningRate`. `totalSteps` (the run's length) is what a
 * cosine without `steps` decays over, after warm-up.
 */
export function scheduleFromSpec(learningRate: number, spec: ScheduleSpec, totalSteps?: number): Schedule {
  const warmup = spec.warmup ?? 0;
  checkInteger(warmup, 0, 'schedule.warmup');
  let base: Schedule;
  switch (spec.kind) {
    case 'constant':
      base = constantSchedule(learningRate);
      break;
    case 'step':
      base = stepDecaySchedule(learningRate, spec.every, spec.factor);
      break;
    case 'exponential':
      base = exponentialSchedule(learningRate, spec.rate, spec.every ?? 1);
      break;
    case 'cosine': {
      const steps = spec.steps ?? (totalSteps === undefined ? undefined : Math.max(1, totalSteps - warmup));
      if (steps === undefined) {
        throw new ArgumentError('schedule.steps', 'a cosine schedule needs its length in steps when the run length is not known');
      }
      base = cosineSchedule(learningRate, steps, spec.alpha ?? 0);
      break;
    }
    default:
      throw new ArgumentError(
        'schedule.kind',
        `unknown schedule '${String((spec as { kind: unknown }).kind)}'; expected one of ${SCHEDULE_KINDS.join(', ')}`,
      );
  }
  return linearWarmup(base, warmup, spec.warmupStart ?? 0);
}
