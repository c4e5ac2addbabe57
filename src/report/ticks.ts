/**
 * Axis ticks at "nice" numbers: steps of 1, 2 or 5 times a power of ten, about `target` of them, covering
 * [lo, hi] (the axis then runs from the first tick to the last). Browser-safe.
 */

export interface Ticks {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly values: readonly number[];
  /** Decimals needed to print every tick exactly (with formatTick). */
  readonly decimals: number;
}

/** The step from {1, 2, 5}·10^k nearest above raw. */
export function niceStep(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/**
 * Ticks covering [lo, hi]. An empty range (lo = hi) is widened around its value first (by 1 when it is 0,
 * else by half its magnitude on each side), so a single point still gets an axis. `minStep` keeps steps at or
 * above it (1 for epochs, so they are never labelled 0.5).
 */
export function niceTicks(lo: number, hi: number, target = 5, minStep = 0): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const half = lo === 0 ? 1 : Math.abs(lo) / 2;
    lo -= half;
    hi += half;
  }
  const step = Math.max(niceStep((hi - lo) / Math.max(1, target)), minStep);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  for (let i = first; i <= last; i++) values.push(Number((i * step).toFixed(Math.min(20, decimals + 2))));
  return { min: values[0]!, max: values[values.length - 1]!, step, values, decimals };
}

/** A tick label: fixed decimals, or exponent notation for very large or very small steps. */
export function formatTick(v: number, ticks: Ticks): string {
  if (v === 0) return '0';
  if (ticks.step >= 1e6 || ticks.decimals > 5) return Number(v.toPrecision(3)).toExponential().replace('e+', 'e');
  return v.toFixed(ticks.decimals);
}
