/**
 * The three kNN distances and how a block of them is computed on the kernels.
 *
 *   l2      d(a, b) = ‖a − b‖₂ (Euclidean). Ranked by the squared distance, which orders the same.
 *           Bytes (uint8 on both sides): `sqL2DistancesU8`, exact int32 squared distances, so the ranking
 *           has no rounding at all and the reported distance is √ of the exact integer.
 *           Floats: the matrix-product identity ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b with a·b from `matmulABt`
 *           and the norms in float64 (rounding can leave near-duplicates slightly below 0; these values
 *           only rank candidates, see below).
 *   l1      d(a, b) = Σₖ |aₖ − bₖ|, computed directly (`l1DistancesU8` exact for bytes, `l1Distances` for floats).
 *   cosine  d(a, b) = 1 − a·b / (‖a‖‖b‖), in [0, 2]. A zero vector has no direction: its similarity to
 *           anything (a zero vector included) is defined as 0, so its distance is 1 (scikit-learn's
 *           `cosine_distances` gives the same; SciPy gives NaN). Reported distances are clamped into [0, 2]
 *           (rounding can give −2⁻⁵² for parallel vectors).
 *           Bytes: a·b = (‖a‖² + ‖b‖² − ‖a − b‖²) / 2 taken exactly from the int32 `sqL2DistancesU8`, so
 *           bytes stay bytes; the division happens in float64 and the distance is stored in float32.
 *
 * These values only rank candidates; knn-refine.ts turns the k selected ones into the reported distances.
 * Distance blocks live in one caller-owned buffer: float32 from `kernels.alloc` (float64 when the training
 * set is float64), with an int32 view over the same memory for the exact byte kernels.
 */
import type { Kernels } from '../kernels/api.js';
import type { ByteMatrix, FloatArray, IntMatrix, Matrix, Storage } from '../tensor/matrix.js';

export type KnnMetric = 'l2' | 'l1' | 'cosine';
export const KNN_METRICS: readonly KnnMetric[] = ['l2', 'l1', 'cosine'];

/** Points kNN accepts: raw bytes (pixels) or float features, one example per row. */
export type Points = ByteMatrix | Matrix;

export function isBytes(m: Points): m is ByteMatrix {
  return m.data instanceof Uint8Array;
}

/** Rows start..start+count−1 of m as a view (no copy). */
export function rowsView<T extends Storage>(m: Matrix<T>, start: number, count: number): Matrix<T> {
  return { data: m.data.subarray(start * m.cols, (start + count) * m.cols) as T, rows: count, cols: m.cols };
}

/** ‖row‖² for rows start..start+count−1, in float64 (exact integers for bytes). */
export function squaredNorms(m: Points, start: number, count: number, out: Float64Array): void {
  const d = m.cols;
  const x = m.data;
  for (let i = 0; i < count; i++) {
    const o = (start + i) * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = x[o + t]!;
      s += v * v;
    }
    out[i] = s;
  }
}

/** 1/‖row‖ from squared norms, with 0 for a zero vector (so its cosine similarity is 0). */
export function inverseNorms(sq: Float64Array, count: number, out: Float64Array): void {
  for (let i = 0; i < count; i++) out[i] = sq[i]! > 0 ? 1 / Math.sqrt(sq[i]!) : 0;
}

/** Whether the metric needs the squared norms (and, for cosine, the inverse norms) of both sides. */
export function metricNeedsNorms(metric: KnnMetric, bytes: boolean): boolean {
  return metric === 'cosine' || (metric === 'l2' && !bytes);
}

/** Norms of one side of a block: squared norms and inverse norms (cosine only), offset to the block's rows. */
export interface SideNorms {
  readonly sq: Float64Array;
  readonly inv: Float64Array | null;
}

/**
 * The distance buffer of a search: float storage (`store`, from `kernels.alloc` for float32) and, for byte
 * data, int32 views over the same memory. Views are made afresh from `store.data` around every kernel call:
 * a private WASM memory detaches old views when it grows, and kernel memory hands out `data` through a getter
 * that re-creates them.
 */
export interface DistanceBuffer {
  readonly store: Matrix;
}

function floatView(buf: DistanceBuffer, r: number, c: number): Matrix {
  return { data: buf.store.data.subarray(0, r * c) as FloatArray, rows: r, cols: c };
}

function intView(buf: DistanceBuffer, r: number, c: number): IntMatrix {
  const f = buf.store.data;
  return { data: new Int32Array(f.buffer, f.byteOffset, r * c), rows: r, cols: c };
}

/** Which array of the buffer a block's ranking values ended up in. */
export type BlockValues = Matrix | IntMatrix;

/**
 * Ranking values between the rows of Q and T (squared distances for l2, distances otherwise), written into
 * the first Q.rows·T.rows elements of buf. Q and T are both bytes or both floats (the model checks). The
 * returned view is fresh: pass it to the next kernel call without another call in between.
 */
export function distanceBlock(
  kernels: Kernels,
  metric: KnnMetric,
  Q: Points,
  qNorms: SideNorms | null,
  T: Points,
  tNorms: SideNorms | null,
  buf: DistanceBuffer,
): BlockValues {
  const r = Q.rows;
  const c = T.rows;
  if (isBytes(Q) && isBytes(T)) {
    if (metric === 'l1') {
      kernels.l1DistancesU8(Q, T, intView(buf, r, c));
      return intView(buf, r, c);
    }
    kernels.sqL2DistancesU8(Q, T, intView(buf, r, c));
    if (metric === 'l2') return intView(buf, r, c);
    // cosine: turn each exact ‖a − b‖² into 1 − cos in place (read the int, then write the float over it).
    const fl = floatView(buf, r, c);
    cosineFromSquaredDistances(intView(buf, r, c).data, fl.data, r, c, qNorms!, tNorms!);
    return fl;
  }
  const Qf = Q as Matrix;
  const Tf = T as Matrix;
  if (metric === 'l1') {
    kernels.l1Distances(Qf, Tf, floatView(buf, r, c));
    return floatView(buf, r, c);
  }
  kernels.matmulABt(Qf, Tf, floatView(buf, r, c));
  const fl = floatView(buf, r, c);
  const out = fl.data;
  const qs = qNorms!.sq;
  const ts = tNorms!.sq;
  if (metric === 'l2') {
    for (let i = 0; i < r; i++) {
      const o = i * c;
      const qi = qs[i]!;
      for (let j = 0; j < c; j++) out[o + j] = qi + ts[j]! - 2 * out[o + j]!;
    }
    return fl;
  }
  const qv = qNorms!.inv!;
  const tv = tNorms!.inv!;
  for (let i = 0; i < r; i++) {
    const o = i * c;
    const qi = qv[i]!;
    for (let j = 0; j < c; j++) out[o + j] = 1 - out[o + j]! * qi * tv[j]!;
  }
  return fl;
}

function cosineFromSquaredDistances(
  sqDist: Int32Array,
  out: FloatArray,
  r: number,
  c: number,
  q: SideNorms,
  t: SideNorms,
): void {
  const qs = q.sq;
  const ts = t.sq;
  const qv = q.inv!;
  const tv = t.inv!;
  for (let i = 0; i < r; i++) {
    const o = i * c;
    const qi = qs[i]!;
    const qinv = qv[i]!;
    for (let j = 0; j < c; j++) {
      const dot = (qi + ts[j]! - sqDist[o + j]!) / 2;
      out[o + j] = 1 - dot * qinv * tv[j]!;
    }
  }
}
