/** Medians over repeated runs, after one warm-up run. */

export interface Timing<T> {
  readonly median: number;
  readonly runs: number[];
  readonly value: T;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Seconds per run of `fn`: one warm-up (skipped when `warmup` is false), then `repeats` timed runs. */
export function timeSync<T>(fn: () => T, repeats: number, warmup = true): Timing<T> {
  let value = warmup ? fn() : (undefined as T);
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    value = fn();
    runs.push((performance.now() - t) / 1000);
  }
  return { median: median(runs), runs, value };
}

export async function timeAsync<T>(fn: () => Promise<T>, repeats: number, warmup = true): Promise<Timing<T>> {
  let value = warmup ? await fn() : (undefined as T);
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    value = await fn();
    runs.push((performance.now() - t) / 1000);
  }
  return { median: median(runs), runs, value };
}
