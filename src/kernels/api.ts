/**
 * The typed contract every kernel implementation satisfies. The reference implementation (`ref/`) is
 * readable TypeScript; faster ones (WebAssembly SIMD, threads) must give the same results within the
 * tolerances the parity suite states, and must say who they are in `info`.
 *
 * Rules for every kernel:
 * - outputs are caller-owned buffers, fully overwritten (never accumulated into), and never allocated inside;
 * - shapes follow DESIGN.md: X [N, D], W [C, D], b [C], S [N, C];
 * - no argument checking beyond what keeps memory safe: the public API checks shapes and values once,
 *   before the hot loop, with errors that name the argument.
 */
import type { LossSpec } from '../losses/spec.js';
import type { ByteMatrix, FloatArray, IntMatrix, Matrix, Matrix32 } from '../tensor/matrix.js';

export type KernelName = 'ref' | 'wasm' | 'wasm-threads';
export type KernelChoice = 'auto' | KernelName;

export interface KernelInfo {
  readonly name: KernelName;
  /** Threads the kernels may use (1 unless `name` is 'wasm-threads'). */
  readonly threads: number;
  readonly simd: boolean;
  /** Whether fused multiply-add from relaxed SIMD is in use (detected, never assumed). */
  readonly relaxedSimd: boolean;
  /** Why this implementation was chosen, in one sentence a user can read. */
  readonly reason: string;
}

export interface Kernels {
  readonly info: KernelInfo;

  /**
   * A float32 matrix the kernels read and write without copying (for the WASM kernels it lives in WASM
   * memory). Any Matrix is accepted by every kernel; ones from `alloc` are the fast case.
   */
  alloc(rows: number, cols: number): Matrix32;
  /** Like `alloc`, for bytes (pixels). */
  allocBytes(rows: number, cols: number): ByteMatrix;
  /** Like `alloc`, for int32 (exact byte distances). */
  allocInts(rows: number, cols: number): IntMatrix;
  /** Return a matrix obtained from `alloc`/`allocBytes`/`allocInts`; using it afterwards is a bug. */
  release(m: Matrix32 | ByteMatrix | IntMatrix): void;

  /** out[N, C] = X[N, D]·W[C, D]ᵀ + b[C] (no bias when b is null). */
  linearScores(X: Matrix, W: Matrix, b: FloatArray | null, out: Matrix): void;
  /** out[C, D] = dS[N, C]ᵀ·X[N, D]. */
  weightGrad(dS: Matrix, X: Matrix, out: Matrix): void;
  /** out[C] = Σₙ dS[n, :]. */
  biasGrad(dS: Matrix, out: FloatArray): void;
  /** out[n] = maxⱼ S[n, j]. */
  rowMax(S: Matrix, out: FloatArray): void;
  /** out[n] = log Σⱼ exp S[n, j], computed with the max shift so it never overflows. */
  rowLogSumExp(S: Matrix, out: FloatArray): void;
  /** out[M, N] = A[M, K]·B[N, K]ᵀ (the general product behind distances). */
  matmulABt(A: Matrix, B: Matrix, out: Matrix): void;
  /** out[i, j] = ‖Aᵢ − Bⱼ‖² for float rows. */
  sqL2Distances(A: Matrix, B: Matrix, out: Matrix): void;
  /** out[i, j] = ‖Aᵢ − Bⱼ‖², exact in integers, for byte rows (pixels). */
  sqL2DistancesU8(A: ByteMatrix, B: ByteMatrix, out: IntMatrix): void;
  /** out[i, j] = Σₖ |Aᵢₖ − Bⱼₖ| for float rows. */
  l1Distances(A: Matrix, B: Matrix, out: Matrix): void;
  /** out[i, j] = Σₖ |Aᵢₖ − Bⱼₖ|, exact in integers, for byte rows. */
  l1DistancesU8(A: ByteMatrix, B: ByteMatrix, out: IntMatrix): void;
  /**
   * For each row of D [M, N], the k smallest entries in ascending order; equal values are ordered by the
   * lower column index (DESIGN.md's kNN tie rule). Writes indices into outIndex [M·k] and values into
   * outValue [M·k]. Requires k ≤ N.
   */
  topK(D: Matrix | IntMatrix, k: number, outIndex: Int32Array, outValue: Float64Array | Float32Array): void;
  /**
   * For each row of A [M, K], its k nearest rows of B [N, K] by exact squared L2 on bytes, ascending, ties to
   * the lower row of B: exactly `sqL2DistancesU8` then `topK`, without the M×N distance matrix (fast kernels
   * keep each row's k best while the distances are computed). Writes outIndex [M·k] and outValue [M·k].
   * Requires k ≤ N.
   */
  sqL2TopKU8(A: ByteMatrix, B: ByteMatrix, k: number, outIndex: Int32Array, outValue: Float64Array | Float32Array): void;
  /**
   * The data loss of a minibatch from its scores: returns Σᵢ Lᵢ (the caller divides by N for the mean),
   * writes ∂(mean loss)/∂S into dS when given and Lᵢ into perExample when given. Accumulates in float64.
   */
  loss(spec: LossSpec, S: Matrix, labels: Int32Array, dS: Matrix | null, perExample: Float64Array | null): number;
  /**
   * One minibatch step of a linear classifier in one call, so a fast implementation can touch each row of X
   * once while it is in cache: S = X·Wᵀ + b (b may be null), the data loss Σᵢ Lᵢ (returned), dS = ∂(mean
   * loss)/∂S, dW = dSᵀ·X and, when db is given, db = Σₙ dS[n, :]. Exactly `linearScores` then `loss` then
   * `weightGrad` then `biasGrad` (the reference composes them); S, dS, dW, db and perExample are outputs,
   * fully overwritten. Labels must be in 0..C−1.
   *
   * With `rows`, the minibatch is rows[i] of X with label labels[rows[i]] (X and labels are the whole
   * dataset): a shuffled batch is read in place, never gathered into a copy; S, dS and perExample then
   * have rows.length rows. Without it, the batch is all of X with labels[i].
   */
  linearLossGrad(
    X: Matrix,
    W: Matrix,
    b: FloatArray | null,
    labels: Int32Array,
    spec: LossSpec,
    S: Matrix,
    dS: Matrix,
    dW: Matrix,
    db: FloatArray | null,
    perExample: Float64Array | null,
    rows?: Int32Array | null,
  ): number;
}
