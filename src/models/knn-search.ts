/**
 * Exact k-nearest-neighbour search in memory-bounded chunks (the plan is in knn-plan.ts, the distances in
 * knn-metric.ts).
 *
 * Order of the answer: ascending distance; among equal distances the lower training index comes first.
 * The kernels' `topK` keeps that order inside a block (a partial selection, not a full sort), and when the
 * training set is cut into blocks, the running list (lower indices, from earlier blocks) wins every tie
 * in the merge. For bytes with l2 and l1 the distances are exact integers, so "equal" is exact. Otherwise the
 * selection runs in the kernels' float32 precision and knn-refine.ts recomputes the k selected distances in
 * float64 and re-sorts them by (distance, index); two candidates whose distances differ by less than float32
 * rounding (≈ 1e-7 relative) may still be selected in either order.
 */
import type { Kernels } from '../kernels/api.js';
import { zeros, type ByteMatrix, type FloatArray, type IntMatrix, type Matrix } from '../tensor/matrix.js';
import {
  distanceBlock,
  inverseNorms,
  isBytes,
  metricNeedsNorms,
  rowsView,
  squaredNorms,
  type DistanceBuffer,
  type KnnMetric,
  type Points,
  type SideNorms,
} from './knn-metric.js';
import { planSearch, type SearchPlan } from './knn-plan.js';
import { finishChunk } from './knn-refine.js';

/** The training side of a search: the points and, when the metric needs them, their norms. */
export interface NeighbourIndex {
  readonly X: Points;
  readonly metric: KnnMetric;
  readonly norms: SideNorms | null;
}

/** The k nearest training points of each query, row-major [rows, k]. */
export interface Neighbours {
  readonly rows: number;
  readonly k: number;
  /** Training indices, nearest first. */
  readonly indices: Int32Array;
  /** The metric's distances (Euclidean for l2, not squared), ascending along each row. */
  readonly distances: Float64Array;
}

export interface SearchOptions {
  readonly kernels: Kernels;
  readonly budgetBytes: number;
  /** Called after each chunk of queries with the rows done so far and the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export function buildIndex(X: Points, metric: KnnMetric): NeighbourIndex {
  if (!metricNeedsNorms(metric, isBytes(X))) return { X, metric, norms: null };
  return { X, metric, norms: normsOf(X, 0, X.rows, metric) };
}

function normsOf(X: Points, start: number, count: number, metric: KnnMetric): SideNorms {
  const sq = new Float64Array(count);
  squaredNorms(X, start, count, sq);
  if (metric !== 'cosine') return { sq, inv: null };
  const inv = new Float64Array(count);
  inverseNorms(sq, count, inv);
  return { sq, inv };
}

/** Query rows per call of the fused byte-L2 kernel: large enough to keep both threads busy, small enough for progress. */
const FUSED_CHUNK_ROWS = 1024;

/** The plan a search of `queryRows` rows would follow (for reports and the tests). */
export function planFor(index: NeighbourIndex, queryRows: number, k: number, budgetBytes: number): SearchPlan {
  return planSearch({
    queryRows,
    trainRows: index.X.rows,
    k,
    bytesPerDistance: index.X.data instanceof Float64Array ? 8 : 4,
    budgetBytes,
  });
}

/**
 * The k nearest training points of every row of Q. Unchecked: the caller has checked that Q and the index
 * are both bytes or both floats with equal column counts, and that 1 ≤ k ≤ index.X.rows.
 */
export function searchNeighbours(index: NeighbourIndex, Q: Points, k: number, options: SearchOptions): Neighbours {
  const { kernels, budgetBytes, onProgress } = options;
  const { X, metric } = index;
  const m = Q.rows;
  const n = X.rows;
  const indices = new Int32Array(m * k);
  const distances = new Float64Array(m * k);
  const plan = planFor(index, m, k, budgetBytes);
  if (m === 0) return { rows: 0, k, indices, distances };

  // L2 on bytes has a fused kernel (distances and top-k in one pass, the same result as the two calls) that
  // keeps no distance matrix, so it needs neither the budget's chunking nor its buffer; it still goes in
  // chunks so progress is reported.
  const fusedBytesL2 = metric === 'l2' && X.data instanceof Uint8Array && Q.data instanceof Uint8Array;
  const R = fusedBytesL2 ? Math.min(m, FUSED_CHUNK_ROWS) : plan.rowsPerChunk;
  const C = plan.colsPerBlock;
  const float64 = X.data instanceof Float64Array;
  // The one big buffer, from the kernels so fast kernels write into their own memory. Views into it are
  // made afresh around each kernel call (knn-metric.ts says why).
  const kernelStore = float64 || fusedBytesL2 ? null : kernels.alloc(R, C);
  const store: Matrix = kernelStore ?? zeros(fusedBytesL2 ? 0 : R, fusedBytesL2 ? 0 : C, 'float64');
  const buf: DistanceBuffer = { store };
  const needNorms = index.norms !== null;
  const qSq = new Float64Array(needNorms ? R : 0);
  const qInv = new Float64Array(needNorms && metric === 'cosine' ? R : 0);
  const qNorms: SideNorms | null = needNorms ? { sq: qSq, inv: metric === 'cosine' ? qInv : null } : null;
  const merge = !fusedBytesL2 && plan.blocks > 1 ? new BlockMerger(k) : null;
  try {
    for (let i0 = 0; i0 < m; i0 += R) {
      const r = Math.min(R, m - i0);
      const Qc = rowsView(Q as Matrix<Uint8Array | FloatArray>, i0, r) as Points;
      if (qNorms) {
        squaredNorms(Q, i0, r, qSq);
        if (qNorms.inv) inverseNorms(qSq, r, qInv);
      }
      const outIdx = indices.subarray(i0 * k, (i0 + r) * k);
      const outVal = distances.subarray(i0 * k, (i0 + r) * k);
      if (fusedBytesL2) {
        // Exact byte distances straight into each row's top-k window: no distance matrix at all.
        kernels.sqL2TopKU8(Qc as ByteMatrix, X as ByteMatrix, k, outIdx, outVal);
      } else if (!merge) {
        kernels.topK(distanceBlock(kernels, metric, Qc, qNorms, X, index.norms, buf), k, outIdx, outVal);
      } else {
        // r is 1 here: one query row against the training set block by block.
        merge.reset();
        for (let j0 = 0; j0 < n; j0 += C) {
          const c = Math.min(C, n - j0);
          const Tb = rowsView(X as Matrix<Uint8Array | FloatArray>, j0, c) as Points;
          const tNorms = index.norms ? sliceNorms(index.norms, j0, c) : null;
          merge.add(kernels, distanceBlock(kernels, metric, Qc, qNorms, Tb, tNorms, buf), j0);
        }
        merge.write(outIdx, outVal);
      }
      finishChunk(metric, Q, i0, r, X, k, outIdx, outVal);
      onProgress?.(i0 + r, m);
    }
  } finally {
    if (kernelStore) kernels.release(kernelStore);
  }
  return { rows: m, k, indices, distances };
}

function sliceNorms(norms: SideNorms, start: number, count: number): SideNorms {
  return { sq: norms.sq.subarray(start, start + count), inv: norms.inv ? norms.inv.subarray(start, start + count) : null };
}

/**
 * The running top-k of one query row over training blocks seen in increasing index order. On equal
 * distances the running entry goes first: it came from an earlier block, so its index is lower.
 */
class BlockMerger {
  private count = 0;
  private readonly runIdx: Int32Array;
  private readonly runVal: Float64Array;
  private readonly blkIdx: Int32Array;
  private readonly blkVal: Float64Array;
  private readonly tmpIdx: Int32Array;
  private readonly tmpVal: Float64Array;

  constructor(private readonly k: number) {
    this.runIdx = new Int32Array(k);
    this.runVal = new Float64Array(k);
    this.blkIdx = new Int32Array(k);
    this.blkVal = new Float64Array(k);
    this.tmpIdx = new Int32Array(k);
    this.tmpVal = new Float64Array(k);
  }

  reset(): void {
    this.count = 0;
  }

  add(kernels: Kernels, block: Matrix | IntMatrix, offset: number): void {
    const kb = Math.min(this.k, block.cols);
    kernels.topK(block, kb, this.blkIdx, this.blkVal);
    const total = Math.min(this.k, this.count + kb);
    let a = 0;
    let b = 0;
    for (let t = 0; t < total; t++) {
      // `<=` keeps the running (lower-index) entry first among equals.
      if (b >= kb || (a < this.count && this.runVal[a]! <= this.blkVal[b]!)) {
        this.tmpIdx[t] = this.runIdx[a]!;
        this.tmpVal[t] = this.runVal[a]!;
        a++;
      } else {
        this.tmpIdx[t] = this.blkIdx[b]! + offset;
        this.tmpVal[t] = this.blkVal[b]!;
        b++;
      }
    }
    this.runIdx.set(this.tmpIdx.subarray(0, total));
    this.runVal.set(this.tmpVal.subarray(0, total));
    this.count = total;
  }

  write(outIdx: Int32Array, outVal: Float64Array): void {
    outIdx.set(this.runIdx.subarray(0, this.count));
    outVal.set(this.runVal.subarray(0, this.count));
  }
}
