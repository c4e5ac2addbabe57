// The WebAssembly SIMD kernels behind src/kernels/wasm/. AssemblyScript, compiled by scripts/build-wasm.mjs
// four ways: plain SIMD or relaxed-SIMD FMA, each with shared memory (threads) or private memory.
//
// Every pointer is a byte offset into the one memory the JavaScript side owns and allocates from (no
// allocation happens in here: the stub runtime is linked and never called). Matrices are row-major float32,
// int32 or uint8. Every exported kernel works on a range of output rows (or columns) [lo, hi), and may be
// called for several ranges per thread: the pool's threads take chunks from a shared counter. Ranges never
// write the same bytes, except the fused step's per-thread partial gradient, which a thread only adds to.
//
// Three product shapes, three tiles (x64 V8 gives wasm 16 xmm registers, one of them scratch; every tile
// below fits in 15, which is what decided their shapes, see docs/performance.md):
// - wide (N ≥ 32): A and B packed, a 6×8 outer-product tile (matmulPacked);
// - skinny (N ≤ 12, the class scores): W packed, a 3×12 outer-product tile over rows of X in place
//   (matmulSkinny, and the fused step linearLossGradRows);
// - between, and the distances: a 2×4 dot-product tile over row-major A and B (matmulABt, distancesF32, the
//   byte distances), with k cut into blocks of KB and B walked NB rows at a time.

// Counts kernel entries, in memory so that every thread's instance adds to the same counter (the pool's
// threads take chunks from a shared queue, and the caller's thread may get none): the parity suite reads it
// to prove the WASM path really ran.
const COUNTER: usize = memory.data(16);

// @ts-ignore: decorator
@inline function tally(delta: i32): void {
  if (ASC_FEATURE_THREADS) atomic.add<i32>(COUNTER, delta);
  else store<i32>(COUNTER, load<i32>(COUNTER) + delta);
}

export function callCount(): i32 {
  return ASC_FEATURE_THREADS ? atomic.load<i32>(COUNTER) : load<i32>(COUNTER);
}

export function heapBase(): usize {
  return __heap_base;
}

/** 1 when this build fuses multiply-add (relaxed SIMD), 0 otherwise. */
export function relaxed(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

const KB: i32 = 1024;
const NB: i32 = 64;
// Rows of A per outer block in the byte-distance kernels: 512 rows of 784 bytes stay in L2 while B streams
// past 64 rows at a time, so B is read from memory once per 512 rows of A instead of once per pair.
const IB: i32 = 512;

// a·b + c: one fused instruction with relaxed SIMD (rounding once), a multiply and an add without.
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// @ts-ignore: decorator
@inline function hsumi(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

// ---------------------------------------------------------------------------------------------------------
// float32 dot-product tiles over k in [0, len): out (+)= Σ a[k]·b[k]. `ld` is the row stride of A and B in
// bytes, `ldo` the row stride of out in bytes.

// @ts-ignore: decorator
@inline function put(p: usize, v: f32, acc: bool): void {
  store<f32>(p, acc ? load<f32>(p) + v : v);
}

function tile2x4(a: usize, b: usize, lda: usize, ldb: usize, len: i32, out: usize, ldo: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const a1 = a + lda;
  const b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
  const vend = <usize>(len & ~3) << 2;
  for (let k: usize = 0; k < vend; k += 16) {
    const x0 = v128.load(a + k);
    const x1 = v128.load(a1 + k);
    let w = v128.load(b + k);
    c00 = madd(x0, w, c00);
    c10 = madd(x1, w, c10);
    w = v128.load(b1 + k);
    c01 = madd(x0, w, c01);
    c11 = madd(x1, w, c11);
    w = v128.load(b2 + k);
    c02 = madd(x0, w, c02);
    c12 = madd(x1, w, c12);
    w = v128.load(b3 + k);
    c03 = madd(x0, w, c03);
    c13 = madd(x1, w, c13);
  }
  let s00 = hsum(c00), s01 = hsum(c01), s02 = hsum(c02), s03 = hsum(c03);
  let s10 = hsum(c10), s11 = hsum(c11), s12 = hsum(c12), s13 = hsum(c13);
  for (let k: usize = vend; k < (<usize>len << 2); k += 4) {
    const x0 = load<f32>(a + k), x1 = load<f32>(a1 + k);
    const w0 = load<f32>(b + k), w1 = load<f32>(b1 + k), w2 = load<f32>(b2 + k), w3 = load<f32>(b3 + k);
    s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
    s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
  }
  put(out, s00, acc); put(out + 4, s01, acc); put(out + 8, s02, acc); put(out + 12, s03, acc);
  out += ldo;
  put(out, s10, acc); put(out + 4, s11, acc); put(out + 8, s12, acc); put(out + 12, s13, acc);
}

function tile1x4(a: usize, b: usize, ldb: usize, len: i32, out: usize, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
  const vend = <usize>(len & ~3) << 2;
  for (let k: usize = 0; k < vend; k += 16) {
    const x0 = v128.load(a + k);
    c0 = madd(x0, v128.load(b + k), c0);
    c1 = madd(x0, v128.load(b1 + k), c1);
    c2 = madd(x0, v128.load(b2 + k), c2);
    c3 = madd(x0, v128.load(b3 + k), c3);
  }
  let s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
  for (let k: usize = vend; k < (<usize>len << 2); k += 4) {
    const x0 = load<f32>(a + k);
    s0 += x0 * load<f32>(b + k); s1 += x0 * load<f32>(b1 + k);
    s2 += x0 * load<f32>(b2 + k); s3 += x0 * load<f32>(b3 + k);
  }
  put(out, s0, acc); put(out + 4, s1, acc); put(out + 8, s2, acc); put(out + 12, s3, acc);
}

function tile1x1(a: usize, b: usize, len: i32, out: usize, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  const vend = <usize>(len & ~3) << 2;
  let k: usize = 0;
  for (; k + 16 < vend; k += 32) {
    c0 = madd(v128.load(a + k), v128.load(b + k), c0);
    c1 = madd(v128.load(a + k + 16), v128.load(b + k + 16), c1);
  }
  for (; k < vend; k += 16) c0 = madd(v128.load(a + k), v128.load(b + k), c0);
  let s = hsum(f32x4.add(c0, c1));
  for (k = vend; k < (<usize>len << 2); k += 4) s += load<f32>(a + k) * load<f32>(b + k);
  put(out, s, acc);
}

/**
 * out[i, j] = Σₖ A[i, k]·B[j, k] for rows i in [lo, hi): A [m, kk], B [n, kk], out [m, n], float32.
 * With `bias` ≠ 0, adds bias[j] (the linear scores S = X·Wᵀ + b).
 */
export function matmulABt(A: usize, B: usize, bias: usize, out: usize, n: i32, kk: i32, lo: i32, hi: i32): void {
  tally(1);
  const ld = <usize>kk << 2;
  const ldo = <usize>n << 2;
  const n4 = n & ~3;
  for (let jb = 0; jb < n; jb += NB) {
    const jend = min(jb + NB, n);
    const j4end = min(jend, n4);
    for (let kb = 0; kb < kk; kb += KB) {
      const len = min(KB, kk - kb);
      const acc = kb > 0;
      const koff = <usize>kb << 2;
      let i = lo;
      for (; i + 1 < hi; i += 2) {
        const a = A + <usize>i * ld + koff;
        const o = out + <usize>i * ldo;
        let j = jb;
        for (; j < j4end; j += 4) tile2x4(a, B + <usize>j * ld + koff, ld, ld, len, o + (<usize>j << 2), ldo, acc);
        for (; j < jend; j++) {
          const b = B + <usize>j * ld + koff;
          tile1x1(a, b, len, o + (<usize>j << 2), acc);
          tile1x1(a + ld, b, len, o + ldo + (<usize>j << 2), acc);
        }
      }
      if (i < hi) {
        const a = A + <usize>i * ld + koff;
        const o = out + <usize>i * ldo;
        let j = jb;
        for (; j < j4end; j += 4) tile1x4(a, B + <usize>j * ld + koff, ld, len, o + (<usize>j << 2), acc);
        for (; j < jend; j++) tile1x1(a, B + <usize>j * ld + koff, len, o + (<usize>j << 2), acc);
      }
    }
  }
  if (bias != 0) {
    for (let i = lo; i < hi; i++) {
      const o = out + <usize>i * ldo;
      for (let j = 0; j < n; j++) {
        const p = o + (<usize>j << 2);
        store<f32>(p, load<f32>(p) + load<f32>(bias + (<usize>j << 2)));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The big products (N ≥ 32) in the outer-product form GEMM libraries use: B is first packed into panels of
// 8 rows interleaved by k ([k][8], zero-padded past n), so one k step of a 6×8 tile is two vector loads of B,
// six broadcast loads of A and twelve multiply-adds into 12 accumulators (15 registers with the B pair and
// the broadcast). That is 8 loads per 12 FMAs instead of 6 per 8 in the 2×4 dot-product tile, and no
// horizontal sums. k is cut into blocks of KC (the 6 A rows' and the panel's slices stay in L1) and panels
// are visited PB at a time (their KC slices stay in L2) while the rows of A stream past.

const KC: i32 = 256;
const PB: i32 = 48;

/** Packs rows [8p, 8p + 8) of B [n, kk] for panels p in [lo, hi) into dst ([kk][8] floats per panel). */
export function packPanels(B: usize, n: i32, kk: i32, dst: usize, lo: i32, hi: i32): void {
  tally(1);
  const ld = <usize>kk << 2;
  for (let p = lo; p < hi; p++) {
    const base = dst + ((<usize>p * kk) << 5);
    for (let r = 0; r < 8; r++) {
      const j = p * 8 + r;
      const o = base + (<usize>r << 2);
      if (j < n) {
        const src = B + <usize>j * ld;
        for (let k = 0; k < kk; k++) store<f32>(o + (<usize>k << 5), load<f32>(src + (<usize>k << 2)));
      } else {
        for (let k = 0; k < kk; k++) store<f32>(o + (<usize>k << 5), 0);
      }
    }
  }
}

/** Packs rows [6g, 6g + 6) of A [m, kk] for groups g in [lo, hi) into dst ([kk][6] floats per group). */
export function packRows(A: usize, m: i32, kk: i32, dst: usize, lo: i32, hi: i32): void {
  tally(1);
  const ld = <usize>kk << 2;
  for (let g = lo; g < hi; g++) {
    const base = dst + <usize>g * kk * 24;
    for (let r = 0; r < 6; r++) {
      const i = g * 6 + r;
      const o = base + (<usize>r << 2);
      if (i < m) {
        const src = A + <usize>i * ld;
        for (let k = 0; k < kk; k++) store<f32>(o + <usize>k * 24, load<f32>(src + (<usize>k << 2)));
      } else {
        for (let k = 0; k < kk; k++) store<f32>(o + <usize>k * 24, 0);
      }
    }
  }
}

// Both operands packed, so every load of the k loop is sequential and the six broadcasts use immediate
// offsets from one pointer. The tile goes to a small per-thread buffer, and the edge and accumulate logic
// stays out of this function, so the 12 accumulators keep their registers.
function panel6x8(ap: usize, bp: usize, len: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0), c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  let p = bp;
  let q = ap;
  const end = ap + <usize>len * 24;
  while (q < end) {
    const w0 = v128.load(p);
    const w1 = v128.load(p, 16);
    let x = v128.load32_splat(q);
    c00 = madd(x, w0, c00); c01 = madd(x, w1, c01);
    x = v128.load32_splat(q, 4);
    c10 = madd(x, w0, c10); c11 = madd(x, w1, c11);
    x = v128.load32_splat(q, 8);
    c20 = madd(x, w0, c20); c21 = madd(x, w1, c21);
    x = v128.load32_splat(q, 12);
    c30 = madd(x, w0, c30); c31 = madd(x, w1, c31);
    x = v128.load32_splat(q, 16);
    c40 = madd(x, w0, c40); c41 = madd(x, w1, c41);
    x = v128.load32_splat(q, 20);
    c50 = madd(x, w0, c50); c51 = madd(x, w1, c51);
    p += 32;
    q += 24;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16); v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80); v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  v128.store(tile, c40, 128); v128.store(tile, c41, 144); v128.store(tile, c50, 160); v128.store(tile, c51, 176);
}

/**
 * The micro-kernel on its own (for measuring it). Being a second call site also keeps binaryen from inlining
 * panel6x8 into matmulPacked, where V8's register allocator then spills the accumulators (half speed).
 */
export function microKernel6x8(ap: usize, bp: usize, len: i32, tile: usize): void {
  panel6x8(ap, bp, len, tile);
}

/** The weight-gradient slabs on their own (for measuring them; also keeps them out of line). */
export function microSlabs(dS: usize, X: usize, out: usize, r0: i32, r1: i32, k: i32, t: i32, lds: usize, ldx: usize): void {
  wgSlab5x2(dS, X, 0, out, r0, r1, k, t, lds, ldx);
  wgSlab1x2(dS, X, 0, out, r0, r1, k, t, lds, ldx);
}

/** Writes (or adds) the valid rows × cols of a 6×8 tile into out. */
function mergeTile(tile: usize, out: usize, ldo: usize, rows: i32, cols: i32, acc: bool): void {
  if (cols == 8) {
    for (let r = 0; r < rows; r++) {
      const o = out + <usize>r * ldo;
      const t = tile + (<usize>r << 5);
      let v0 = v128.load(t);
      let v1 = v128.load(t, 16);
      if (acc) {
        v0 = f32x4.add(v0, v128.load(o));
        v1 = f32x4.add(v1, v128.load(o, 16));
      }
      v128.store(o, v0);
      v128.store(o, v1, 16);
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) put(out + <usize>r * ldo + (<usize>c << 2), load<f32>(tile + (<usize>r << 5) + (<usize>c << 2)), acc);
  }
}

/**
 * out[i, :] = A[i, :]·Bᵀ (+ bias) for rows i in [lo, hi) (lo a multiple of 6), with A packed by packRows and
 * B by packPanels: out [m, n]. `tiles` holds a 192-byte tile buffer per thread.
 */
export function matmulPacked(Ap: usize, Bp: usize, bias: usize, out: usize, m: i32, n: i32, kk: i32, tiles: usize, lo: i32, hi: i32, tid: i32): void {
  tally(1);
  const ldo = <usize>n << 2;
  const panels = (n + 7) >> 3;
  const tile = tiles + <usize>tid * 256;
  for (let kb = 0; kb < kk; kb += KC) {
    const len = min(KC, kk - kb);
    const acc = kb > 0;
    for (let pb = 0; pb < panels; pb += PB) {
      const pend = min(pb + PB, panels);
      for (let i = lo; i < hi; i += 6) {
        const ap = Ap + (<usize>(i / 6) * kk + kb) * 24;
        const o = out + <usize>i * ldo;
        const rows = min(6, m - i);
        for (let p = pb; p < pend; p++) {
          panel6x8(ap, Bp + ((<usize>p * kk + kb) << 5), len, tile);
          mergeTile(tile, o + (<usize>p << 5), ldo, rows, min(8, n - p * 8), acc);
        }
      }
    }
  }
  if (bias != 0) {
    for (let i = lo; i < hi; i++) {
      const o = out + <usize>i * ldo;
      for (let j = 0; j < n; j++) {
        const q = o + (<usize>j << 2);
        store<f32>(q, load<f32>(q) + load<f32>(bias + (<usize>j << 2)));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Skinny products, out [m, n] with n ≤ 12 (the scores of a linear classifier, C = 10): W is packed once into
// [k][12] (zero-padded past n) and three rows of X go through a 3×12 outer-product tile: per k, three vector
// loads of W, three broadcasts from the rows of X (read in place: packing X would cost as much memory
// traffic as the product), nine multiply-adds; 9 accumulators + 3 + 1 registers (a 4×12 tile needs 16 and
// spills). With C = 10, 10 of 12 lanes do useful work.

/** Packs W [n, kk] (n ≤ 12) into dst as [kk][12] floats. */
export function packSkinny(W: usize, n: i32, kk: i32, dst: usize): void {
  tally(1);
  for (let k = 0; k < kk; k++) {
    for (let j = 0; j < 12; j++) {
      store<f32>(dst + ((<usize>k * 12 + j) << 2), j < n ? load<f32>(W + ((<usize>j * kk + k) << 2)) : 0);
    }
  }
}

function skinny3x12(a0: usize, a1: usize, a2: usize, wp: usize, kk: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c22 = f32x4.splat(0);
  const end = a0 + (<usize>kk << 2);
  let p = wp;
  while (a0 < end) {
    const w0 = v128.load(p), w1 = v128.load(p, 16), w2 = v128.load(p, 32);
    let x = v128.load32_splat(a0);
    c00 = madd(x, w0, c00); c01 = madd(x, w1, c01); c02 = madd(x, w2, c02);
    x = v128.load32_splat(a1);
    c10 = madd(x, w0, c10); c11 = madd(x, w1, c11); c12 = madd(x, w2, c12);
    x = v128.load32_splat(a2);
    c20 = madd(x, w0, c20); c21 = madd(x, w1, c21); c22 = madd(x, w2, c22);
    a0 += 4; a1 += 4; a2 += 4;
    p += 48;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16); v128.store(tile, c02, 32);
  v128.store(tile, c10, 48); v128.store(tile, c11, 64); v128.store(tile, c12, 80);
  v128.store(tile, c20, 96); v128.store(tile, c21, 112); v128.store(tile, c22, 128);
}

function skinny1x12(a: usize, wp: usize, kk: i32, tile: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0);
  const end = a + (<usize>kk << 2);
  let p = wp;
  for (let q = a; q < end; q += 4) {
    const x = v128.load32_splat(q);
    c0 = madd(x, v128.load(p), c0); c1 = madd(x, v128.load(p, 16), c1); c2 = madd(x, v128.load(p, 32), c2);
    p += 48;
  }
  v128.store(tile, c0); v128.store(tile, c1, 16); v128.store(tile, c2, 32);
}

/** The skinny micro-kernels on their own (for measuring them; also keeps them out of line). */
export function microSkinny(a: usize, ld: usize, wp: usize, kk: i32, tile: usize): void {
  skinny3x12(a, a + ld, a + 2 * ld, wp, kk, tile);
  skinny1x12(a, wp, kk, tile);
}

/**
 * out[i, j] = Σₖ A[i, k]·W[j, k] (+ bias[j]) for rows i in [lo, hi), n ≤ 12, W packed by packSkinny.
 * `tiles` holds a 192-byte tile buffer per thread.
 */
export function matmulSkinny(A: usize, Wp: usize, bias: usize, out: usize, n: i32, kk: i32, tiles: usize, lo: i32, hi: i32, tid: i32): void {
  tally(1);
  const ld = <usize>kk << 2;
  const ldo = <usize>n << 2;
  const tile = tiles + <usize>tid * 256;
  let i = lo;
  for (; i < hi; ) {
    const rows = hi - i >= 3 ? 3 : 1;
    if (rows == 3) skinny3x12(A + <usize>i * ld, A + <usize>(i + 1) * ld, A + <usize>(i + 2) * ld, Wp, kk, tile);
    else skinny1x12(A + <usize>i * ld, Wp, kk, tile);
    for (let r = 0; r < rows; r++) {
      const o = out + <usize>(i + r) * ldo;
      const t = tile + <usize>r * 48;
      for (let j = 0; j < n; j++) {
        const b: f32 = bias != 0 ? load<f32>(bias + (<usize>j << 2)) : 0;
        store<f32>(o + (<usize>j << 2), load<f32>(t + (<usize>j << 2)) + b);
      }
    }
    i += rows;
  }
}

// ---------------------------------------------------------------------------------------------------------
// dW = dSᵀ·X, [c, d] from dS [n, c] and X [n, d], for output columns t in [lo, hi) (the thread split runs
// over D, so each thread reads its own part of every row of X once). Rows of X are taken RB at a time and
// each block is walked slab by slab (8 columns × 5 classes in 10 accumulators, see wgSlab5x2), then added
// into out. RB is small on purpose: a slab pass walks the block's rows at once, and with RB = 128 those
// were more strided streams than the prefetcher follows (5 GFLOPS on all of MNIST against 22 with RB = 16).

const RB: i32 = 16;
const RB_CACHED: i32 = 64;

export function weightGrad(dS: usize, X: usize, out: usize, n: i32, c: i32, d: i32, lo: i32, hi: i32): void {
  weightGradRowsInto(dS, X, 0, out, 0, n, c, d, lo, hi, false);
}

// Row r of a minibatch: row r of X, or row idx[r] when the batch is given as row indices (idx ≠ 0), so a
// shuffled minibatch is read in place instead of being gathered into a copy first.
// @ts-ignore: decorator
@inline function rowPtr(X: usize, idx: usize, r: i32, ldx: usize): usize {
  return X + <usize>(idx == 0 ? r : load<i32>(idx + (<usize>r << 2))) * ldx;
}

// Five classes × two vectors (8 columns) of dW in 10 accumulators: per row of X, two vector loads, five
// broadcasts of dS and ten multiply-adds (13 registers, so nothing spills).
function wgSlab5x2(dS: usize, X: usize, idx: usize, out: usize, r0: i32, r1: i32, k: i32, t: i32, lds: usize, ldx: usize): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  let e0 = f32x4.splat(0), e1 = f32x4.splat(0);
  const toff = <usize>t << 2;
  let sp = dS + <usize>r0 * lds + (<usize>k << 2);
  for (let r = r0; r < r1; r++) {
    const xp = rowPtr(X, idx, r, ldx) + toff;
    const x0 = v128.load(xp), x1 = v128.load(xp, 16);
    let g = v128.load32_splat(sp);
    a0 = madd(g, x0, a0); a1 = madd(g, x1, a1);
    g = v128.load32_splat(sp, 4);
    b0 = madd(g, x0, b0); b1 = madd(g, x1, b1);
    g = v128.load32_splat(sp, 8);
    c0 = madd(g, x0, c0); c1 = madd(g, x1, c1);
    g = v128.load32_splat(sp, 12);
    d0 = madd(g, x0, d0); d1 = madd(g, x1, d1);
    g = v128.load32_splat(sp, 16);
    e0 = madd(g, x0, e0); e1 = madd(g, x1, e1);
    sp += lds;
  }
  let p = out + <usize>k * ldx + (<usize>t << 2);
  v128.store(p, f32x4.add(v128.load(p), a0)); v128.store(p, f32x4.add(v128.load(p, 16), a1), 16);
  p += ldx;
  v128.store(p, f32x4.add(v128.load(p), b0)); v128.store(p, f32x4.add(v128.load(p, 16), b1), 16);
  p += ldx;
  v128.store(p, f32x4.add(v128.load(p), c0)); v128.store(p, f32x4.add(v128.load(p, 16), c1), 16);
  p += ldx;
  v128.store(p, f32x4.add(v128.load(p), d0)); v128.store(p, f32x4.add(v128.load(p, 16), d1), 16);
  p += ldx;
  v128.store(p, f32x4.add(v128.load(p), e0)); v128.store(p, f32x4.add(v128.load(p, 16), e1), 16);
}

function wgSlab1x2(dS: usize, X: usize, idx: usize, out: usize, r0: i32, r1: i32, k: i32, t: i32, lds: usize, ldx: usize): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  const toff = <usize>t << 2;
  let sp = dS + <usize>r0 * lds + (<usize>k << 2);
  for (let r = r0; r < r1; r++) {
    const xp = rowPtr(X, idx, r, ldx) + toff;
    const g = v128.load32_splat(sp);
    a0 = madd(g, v128.load(xp), a0);
    a1 = madd(g, v128.load(xp, 16), a1);
    sp += lds;
  }
  const p = out + <usize>k * ldx + (<usize>t << 2);
  v128.store(p, f32x4.add(v128.load(p), a0));
  v128.store(p, f32x4.add(v128.load(p, 16), a1), 16);
}

/** out[k] = Σₙ dS[n, k], accumulated in float64 like the reference; one thread (it is O(N·C)). */
export function biasGrad(dS: usize, out: usize, n: i32, c: i32): void {
  tally(1);
  for (let k = 0; k < c; k++) {
    let s: f64 = 0;
    for (let i = 0; i < n; i++) s += <f64>load<f32>(dS + ((<usize>i * c + k) << 2));
    store<f64>(out + (<usize>k << 3), s);
  }
}

/** out[i] = maxⱼ S[i, j] (float64 out), rows [lo, hi). NaN propagates like Math.max. */
export function rowMax(S: usize, out: usize, c: i32, lo: i32, hi: i32): void {
  tally(1);
  for (let i = lo; i < hi; i++) {
    const p = S + ((<usize>i * c) << 2);
    let m: f64 = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, <f64>load<f32>(p + (<usize>j << 2)));
    store<f64>(out + (<usize>i << 3), m);
  }
}

/** out[i] = m + ln Σⱼ e^{S[i, j] − m}, m the row max (float64 out), rows [lo, hi). */
export function rowLogSumExp(S: usize, out: usize, c: i32, lo: i32, hi: i32): void {
  tally(1);
  for (let i = lo; i < hi; i++) {
    const p = S + ((<usize>i * c) << 2);
    let m: f64 = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, <f64>load<f32>(p + (<usize>j << 2)));
    let s: f64 = 0;
    for (let j = 0; j < c; j++) s += Math.exp(<f64>load<f32>(p + (<usize>j << 2)) - m);
    store<f64>(out + (<usize>i << 3), m + Math.log(s));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Distances between float rows, direct (no ‖a‖² + ‖b‖² − 2a·b shortcut, which cancels badly in float32):
// a 2×4 tile of (a − b)² or |a − b| sums.

// @ts-ignore: decorator
@inline function dist(x: v128, w: v128, c: v128, l1: bool): v128 {
  const d = f32x4.sub(x, w);
  return l1 ? f32x4.add(f32x4.abs(d), c) : madd(d, d, c);
}

function distTile2x4(a: usize, b: usize, ld: usize, len: i32, out: usize, ldo: usize, l1: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const a1 = a + ld;
  const b1 = b + ld, b2 = b + 2 * ld, b3 = b + 3 * ld;
  const vend = <usize>(len & ~3) << 2;
  for (let k: usize = 0; k < vend; k += 16) {
    const x0 = v128.load(a + k);
    const x1 = v128.load(a1 + k);
    let w = v128.load(b + k);
    c00 = dist(x0, w, c00, l1); c10 = dist(x1, w, c10, l1);
    w = v128.load(b1 + k);
    c01 = dist(x0, w, c01, l1); c11 = dist(x1, w, c11, l1);
    w = v128.load(b2 + k);
    c02 = dist(x0, w, c02, l1); c12 = dist(x1, w, c12, l1);
    w = v128.load(b3 + k);
    c03 = dist(x0, w, c03, l1); c13 = dist(x1, w, c13, l1);
  }
  let s00 = hsum(c00), s01 = hsum(c01), s02 = hsum(c02), s03 = hsum(c03);
  let s10 = hsum(c10), s11 = hsum(c11), s12 = hsum(c12), s13 = hsum(c13);
  for (let k: usize = vend; k < (<usize>len << 2); k += 4) {
    const x0 = load<f32>(a + k), x1 = load<f32>(a1 + k);
    s00 += sdist(x0, load<f32>(b + k), l1); s01 += sdist(x0, load<f32>(b1 + k), l1);
    s02 += sdist(x0, load<f32>(b2 + k), l1); s03 += sdist(x0, load<f32>(b3 + k), l1);
    s10 += sdist(x1, load<f32>(b + k), l1); s11 += sdist(x1, load<f32>(b1 + k), l1);
    s12 += sdist(x1, load<f32>(b2 + k), l1); s13 += sdist(x1, load<f32>(b3 + k), l1);
  }
  store<f32>(out, s00); store<f32>(out + 4, s01); store<f32>(out + 8, s02); store<f32>(out + 12, s03);
  out += ldo;
  store<f32>(out, s10); store<f32>(out + 4, s11); store<f32>(out + 8, s12); store<f32>(out + 12, s13);
}

// @ts-ignore: decorator
@inline function sdist(x: f32, w: f32, l1: bool): f32 {
  const d = x - w;
  return l1 ? Mathf.abs(d) : d * d;
}

function distOne(a: usize, b: usize, len: i32, l1: bool): f32 {
  let c0 = f32x4.splat(0);
  const vend = <usize>(len & ~3) << 2;
  for (let k: usize = 0; k < vend; k += 16) c0 = dist(v128.load(a + k), v128.load(b + k), c0, l1);
  let s = hsum(c0);
  for (let k: usize = vend; k < (<usize>len << 2); k += 4) s += sdist(load<f32>(a + k), load<f32>(b + k), l1);
  return s;
}

/** out[i, j] = ‖Aᵢ − Bⱼ‖² (l1 = 0) or Σ|Aᵢ − Bⱼ| (l1 = 1), float32, rows i in [lo, hi). */
export function distancesF32(A: usize, B: usize, out: usize, n: i32, kk: i32, l1: i32, lo: i32, hi: i32): void {
  tally(1);
  const ld = <usize>kk << 2;
  const ldo = <usize>n << 2;
  const n4 = n & ~3;
  const isL1 = l1 != 0;
  for (let jb = 0; jb < n; jb += NB) {
    const jend = min(jb + NB, n);
    const j4end = min(jend, n4);
    let i = lo;
    for (; i + 1 < hi; i += 2) {
      const a = A + <usize>i * ld;
      const o = out + <usize>i * ldo;
      let j = jb;
      for (; j < j4end; j += 4) distTile2x4(a, B + <usize>j * ld, ld, kk, o + (<usize>j << 2), ldo, isL1);
      for (; j < jend; j++) {
        const b = B + <usize>j * ld;
        store<f32>(o + (<usize>j << 2), distOne(a, b, kk, isL1));
        store<f32>(o + ldo + (<usize>j << 2), distOne(a + ld, b, kk, isL1));
      }
    }
    if (i < hi) {
      const a = A + <usize>i * ld;
      const o = out + <usize>i * ldo;
      for (let j = jb; j < jend; j++) store<f32>(o + (<usize>j << 2), distOne(a, B + <usize>j * ld, kk, isL1));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Exact distances between byte rows (pixels).
//
// Squared L2 as ‖a‖² + ‖b‖² − 2a·b in int32, exact: the dot product widens 8 bytes to i16 in the load
// (load8x8_u) and i32x4.dot_i16x8_s multiplies and adds pairs (255·255·2 < 2³¹). Each lane holds at most
// K/8 such pairs, so K ≤ 16 512 keeps ‖a‖² + ‖b‖² below 2³¹ (784 and 3072 are far inside; the binding
// refuses larger K before calling). The same 2×4 tile as the float products (a 3×3 tile measured ~20%
// slower here, though faster in isolation).

/** out[i] = Σₖ A[i, k]², int32, rows [lo, hi). */
export function rowSqNormsU8(A: usize, out: usize, kk: i32, lo: i32, hi: i32): void {
  tally(1);
  const vend = kk & ~7;
  for (let i = lo; i < hi; i++) {
    const a = A + <usize>i * kk;
    let c = i32x4.splat(0);
    for (let k = 0; k < vend; k += 8) {
      const x = v128.load8x8_u(a + k);
      c = i32x4.add(c, i32x4.dot_i16x8_s(x, x));
    }
    let s = hsumi(c);
    for (let k = vend; k < kk; k++) {
      const x = <i32>load<u8>(a + k);
      s += x * x;
    }
    store<i32>(out + (<usize>i << 2), s);
  }
}

function dotTileU8(a: usize, b: usize, kk: i32, out: usize, ldo: usize, na: usize, nb: usize): void {
  let c00 = i32x4.splat(0), c01 = i32x4.splat(0), c02 = i32x4.splat(0), c03 = i32x4.splat(0);
  let c10 = i32x4.splat(0), c11 = i32x4.splat(0), c12 = i32x4.splat(0), c13 = i32x4.splat(0);
  const ld = <usize>kk;
  const a1 = a + ld;
  const b1 = b + ld, b2 = b + 2 * ld, b3 = b + 3 * ld;
  const vend = <usize>(kk & ~7);
  for (let k: usize = 0; k < vend; k += 8) {
    const x0 = v128.load8x8_u(a + k);
    const x1 = v128.load8x8_u(a1 + k);
    let w = v128.load8x8_u(b + k);
    c00 = i32x4.add(c00, i32x4.dot_i16x8_s(x0, w)); c10 = i32x4.add(c10, i32x4.dot_i16x8_s(x1, w));
    w = v128.load8x8_u(b1 + k);
    c01 = i32x4.add(c01, i32x4.dot_i16x8_s(x0, w)); c11 = i32x4.add(c11, i32x4.dot_i16x8_s(x1, w));
    w = v128.load8x8_u(b2 + k);
    c02 = i32x4.add(c02, i32x4.dot_i16x8_s(x0, w)); c12 = i32x4.add(c12, i32x4.dot_i16x8_s(x1, w));
    w = v128.load8x8_u(b3 + k);
    c03 = i32x4.add(c03, i32x4.dot_i16x8_s(x0, w)); c13 = i32x4.add(c13, i32x4.dot_i16x8_s(x1, w));
  }
  let s00 = hsumi(c00), s01 = hsumi(c01), s02 = hsumi(c02), s03 = hsumi(c03);
  let s10 = hsumi(c10), s11 = hsumi(c11), s12 = hsumi(c12), s13 = hsumi(c13);
  for (let k: usize = vend; k < ld; k++) {
    const x0 = <i32>load<u8>(a + k), x1 = <i32>load<u8>(a1 + k);
    const w0 = <i32>load<u8>(b + k), w1 = <i32>load<u8>(b1 + k), w2 = <i32>load<u8>(b2 + k), w3 = <i32>load<u8>(b3 + k);
    s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
    s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
  }
  const na0 = load<i32>(na), na1 = load<i32>(na, 4);
  const nb0 = load<i32>(nb), nb1 = load<i32>(nb, 4), nb2 = load<i32>(nb, 8), nb3 = load<i32>(nb, 12);
  store<i32>(out, na0 + nb0 - 2 * s00); store<i32>(out, na0 + nb1 - 2 * s01, 4);
  store<i32>(out, na0 + nb2 - 2 * s02, 8); store<i32>(out, na0 + nb3 - 2 * s03, 12);
  out += ldo;
  store<i32>(out, na1 + nb0 - 2 * s10); store<i32>(out, na1 + nb1 - 2 * s11, 4);
  store<i32>(out, na1 + nb2 - 2 * s12, 8); store<i32>(out, na1 + nb3 - 2 * s13, 12);
}

function dotOneU8(a: usize, b: usize, kk: i32): i32 {
  let c = i32x4.splat(0);
  const vend = kk & ~7;
  for (let k = 0; k < vend; k += 8) c = i32x4.add(c, i32x4.dot_i16x8_s(v128.load8x8_u(a + k), v128.load8x8_u(b + k)));
  let s = hsumi(c);
  for (let k = vend; k < kk; k++) s += <i32>load<u8>(a + k) * <i32>load<u8>(b + k);
  return s;
}

/**
 * out[i, j] = ‖Aᵢ − Bⱼ‖², int32, exact, rows i in [lo, hi); `na` [m] and `nb` [n] hold the row norms from
 * rowSqNormsU8.
 */
export function sqL2DistancesU8(A: usize, B: usize, na: usize, nb: usize, out: usize, n: i32, kk: i32, lo: i32, hi: i32): void {
  tally(1);
  const ld = <usize>kk;
  const ldo = <usize>n << 2;
  const n4 = n & ~3;
  for (let ib = lo; ib < hi; ib += IB) {
  const ihi = min(ib + IB, hi);
  for (let jb = 0; jb < n; jb += NB) {
    const jend = min(jb + NB, n);
    const j4end = min(jend, n4);
    let i = ib;
    for (; i + 1 < ihi; i += 2) {
      const a = A + <usize>i * ld;
      const o = out + <usize>i * ldo;
      const nai = na + (<usize>i << 2);
      let j = jb;
      for (; j < j4end; j += 4) dotTileU8(a, B + <usize>j * ld, kk, o + (<usize>j << 2), ldo, nai, nb + (<usize>j << 2));
      for (; j < jend; j++) {
        const b = B + <usize>j * ld;
        const nbj = load<i32>(nb + (<usize>j << 2));
        store<i32>(o + (<usize>j << 2), load<i32>(nai) + nbj - 2 * dotOneU8(a, b, kk));
        store<i32>(o + ldo + (<usize>j << 2), load<i32>(nai, 4) + nbj - 2 * dotOneU8(a + ld, b, kk));
      }
    }
    if (i < ihi) {
      const a = A + <usize>i * ld;
      const o = out + <usize>i * ldo;
      const nai = load<i32>(na + (<usize>i << 2));
      for (let j = jb; j < jend; j++) {
        store<i32>(o + (<usize>j << 2), nai + load<i32>(nb + (<usize>j << 2)) - 2 * dotOneU8(a, B + <usize>j * ld, kk));
      }
    }
  }
  }
}

/**
 * k nearest rows of B for rows i in [lo, hi) of A, by exact squared L2, without the distance matrix: each
 * 2×4 tile of distances goes to a per-thread buffer and straight into the rows' top-k windows (outIndex
 * int32 and outValue float64, k per row, which must hold +∞ on entry). A row's columns arrive in increasing
 * order (B blocks in order, columns in order inside a block), so the reference's tie rule holds: a value
 * enters only when strictly below the window's largest, after any equal values.
 */
export function sqL2TopKU8(
  A: usize, B: usize, na: usize, nb: usize, n: i32, kk: i32, k: i32, outIndex: usize, outValue: usize, tiles: usize,
  lo: i32, hi: i32, tid: i32,
): void {
  tally(1);
  const ld = <usize>kk;
  const n4 = n & ~3;
  const tile = tiles + <usize>tid * 256;
  const last = <usize>(k - 1) << 3;
  for (let ib = lo; ib < hi; ib += IB) {
  const ihi = min(ib + IB, hi);
  for (let jb = 0; jb < n; jb += NB) {
    const jend = min(jb + NB, n);
    const j4end = min(jend, n4);
    let i = ib;
    for (; i + 1 < ihi; i += 2) {
      const a = A + <usize>i * ld;
      const nai = na + (<usize>i << 2);
      const io0 = outIndex + ((<usize>i * k) << 2), vo0 = outValue + ((<usize>i * k) << 3);
      const io1 = io0 + (<usize>k << 2), vo1 = vo0 + (<usize>k << 3);
      let j = jb;
      for (; j < j4end; j += 4) {
        dotTileU8(a, B + <usize>j * ld, kk, tile, 16, nai, nb + (<usize>j << 2));
        for (let q = 0; q < 4; q++) {
          const v0 = <f64>load<i32>(tile + (<usize>q << 2));
          if (v0 < load<f64>(vo0 + last)) insert(v0, j + q, k, k, vo0, io0);
          const v1 = <f64>load<i32>(tile + 16 + (<usize>q << 2));
          if (v1 < load<f64>(vo1 + last)) insert(v1, j + q, k, k, vo1, io1);
        }
      }
      for (; j < jend; j++) {
        const b = B + <usize>j * ld;
        const nbj = load<i32>(nb + (<usize>j << 2));
        const v0 = <f64>(load<i32>(nai) + nbj - 2 * dotOneU8(a, b, kk));
        if (v0 < load<f64>(vo0 + last)) insert(v0, j, k, k, vo0, io0);
        const v1 = <f64>(load<i32>(nai, 4) + nbj - 2 * dotOneU8(a + ld, b, kk));
        if (v1 < load<f64>(vo1 + last)) insert(v1, j, k, k, vo1, io1);
      }
    }
    if (i < ihi) {
      const a = A + <usize>i * ld;
      const nai = load<i32>(na + (<usize>i << 2));
      const io = outIndex + ((<usize>i * k) << 2), vo = outValue + ((<usize>i * k) << 3);
      for (let j = jb; j < jend; j++) {
        const v = <f64>(nai + load<i32>(nb + (<usize>j << 2)) - 2 * dotOneU8(a, B + <usize>j * ld, kk));
        if (v < load<f64>(vo + last)) insert(v, j, k, k, vo, io);
      }
    }
  }
  }
}

// Σ|a − b| on bytes: |a − b| = (a ⊖ b) | (b ⊖ a) with saturating subtraction, then widened pairwise sums.
function l1OneU8(a: usize, b: usize, kk: i32): i32 {
  let c = i32x4.splat(0);
  const vend = kk & ~15;
  for (let k = 0; k < vend; k += 16) {
    const x = v128.load(a + k);
    const w = v128.load(b + k);
    const d = v128.or(i8x16.sub_sat_u(x, w), i8x16.sub_sat_u(w, x));
    c = i32x4.add(c, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(d)));
  }
  let s = hsumi(c);
  for (let k = vend; k < kk; k++) {
    const d = <i32>load<u8>(a + k) - <i32>load<u8>(b + k);
    s += d < 0 ? -d : d;
  }
  return s;
}

/** out[i, j] = Σₖ |A[i, k] − B[j, k]|, int32, exact, rows i in [lo, hi). */
export function l1DistancesU8(A: usize, B: usize, out: usize, n: i32, kk: i32, lo: i32, hi: i32): void {
  tally(1);
  const ld = <usize>kk;
  const ldo = <usize>n << 2;
  for (let jb = 0; jb < n; jb += NB) {
    const jend = min(jb + NB, n);
    for (let i = lo; i < hi; i++) {
      const a = A + <usize>i * ld;
      const o = out + <usize>i * ldo;
      for (let j = jb; j < jend; j++) store<i32>(o + (<usize>j << 2), l1OneU8(a, B + <usize>j * ld, kk));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// top-k per row, the reference's rule: a sorted window of k; a value enters only when strictly below the
// window's largest and goes after equal values (ties keep the lower column first). The first k values are
// inserted one by one exactly like the reference (NaN included); after that, four values at a time are
// compared with the window's largest and only a lane that is smaller goes through the scalar insertion.
// The window lives in the output row itself: outIndex (int32) and outValue (float64), k each.

// @ts-ignore: decorator
@inline function insert(v: f64, j: i32, size: i32, k: i32, vo: usize, io: usize): i32 {
  let p = size == k ? k - 1 : size++;
  while (p > 0 && load<f64>(vo + (<usize>(p - 1) << 3)) > v) {
    store<f64>(vo + (<usize>p << 3), load<f64>(vo + (<usize>(p - 1) << 3)));
    store<i32>(io + (<usize>p << 2), load<i32>(io + (<usize>(p - 1) << 2)));
    p--;
  }
  store<f64>(vo + (<usize>p << 3), v);
  store<i32>(io + (<usize>p << 2), j);
  return size;
}

/** isInt = 1: D is int32; 0: D is float32. Rows [lo, hi) of D [m, n]. */
export function topK(D: usize, n: i32, k: i32, isInt: i32, outIndex: usize, outValue: usize, lo: i32, hi: i32): void {
  tally(1);
  const n4 = n & ~3;
  for (let i = lo; i < hi; i++) {
    const row = D + ((<usize>i * n) << 2);
    const io = outIndex + ((<usize>i * k) << 2);
    const vo = outValue + ((<usize>i * k) << 3);
    let size = 0;
    let j = 0;
    for (; j < k; j++) {
      const v: f64 = isInt ? <f64>load<i32>(row + (<usize>j << 2)) : <f64>load<f32>(row + (<usize>j << 2));
      size = insert(v, j, size, k, vo, io);
    }
    // Scalar up to a multiple of four, then vector screening.
    for (; j < n && (j & 3) != 0; j++) {
      const v: f64 = isInt ? <f64>load<i32>(row + (<usize>j << 2)) : <f64>load<f32>(row + (<usize>j << 2));
      if (v < load<f64>(vo + (<usize>(k - 1) << 3))) size = insert(v, j, size, k, vo, io);
    }
    if (isInt) {
      let worst = <i32>load<f64>(vo + (<usize>(k - 1) << 3));
      let wv = i32x4.splat(worst);
      for (; j < n4; j += 4) {
        const x = v128.load(row + (<usize>j << 2));
        if (v128.any_true(i32x4.lt_s(x, wv))) {
          for (let q = 0; q < 4; q++) {
            const v = load<i32>(row + (<usize>(j + q) << 2));
            if (v < worst) {
              size = insert(<f64>v, j + q, size, k, vo, io);
              worst = <i32>load<f64>(vo + (<usize>(k - 1) << 3));
            }
          }
          wv = i32x4.splat(worst);
        }
      }
    } else {
      // A NaN window end compares false with everything, so (like the reference) nothing enters after it.
      let worst = <f32>load<f64>(vo + (<usize>(k - 1) << 3));
      let wv = f32x4.splat(worst);
      for (; j < n4; j += 4) {
        const x = v128.load(row + (<usize>j << 2));
        if (v128.any_true(f32x4.lt(x, wv))) {
          for (let q = 0; q < 4; q++) {
            const v = load<f32>(row + (<usize>(j + q) << 2));
            if (v < worst) {
              size = insert(<f64>v, j + q, size, k, vo, io);
              worst = <f32>load<f64>(vo + (<usize>(k - 1) << 3));
            }
          }
          wv = f32x4.splat(worst);
        }
      }
    }
    for (; j < n; j++) {
      const v: f64 = isInt ? <f64>load<i32>(row + (<usize>j << 2)) : <f64>load<f32>(row + (<usize>j << 2));
      if (v < load<f64>(vo + (<usize>(k - 1) << 3))) size = insert(v, j, size, k, vo, io);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Row losses: the five formulations of src/losses/, one row at a time, read from float32 scores and
// computed in float64 like the reference (same operations in the same order, so values agree to the last
// bits of exp/log). Writes Lᵢ into per [n] (float64, always) and ∂(mean loss)/∂S into dS when dS ≠ 0.
// Loss ids: 0 ww, 1 ova, 2 cs, 3 squared, 4 softmax. `param` is the margin Δ, or the smoothing ε.

export function lossRows(id: i32, S: usize, labels: usize, idx: usize, dS: usize, per: usize, n: i32, c: i32, param: f64, lo: i32, hi: i32): void {
  tally(1);
  const inv: f64 = 1.0 / <f64>n;
  for (let i = lo; i < hi; i++) {
    const s = S + ((<usize>i * c) << 2);
    const g: usize = dS == 0 ? 0 : dS + ((<usize>i * c) << 2);
    const y = load<i32>(labels + (<usize>(idx == 0 ? i : load<i32>(idx + (<usize>i << 2))) << 2));
    let li: f64 = 0;
    if (id == 4) li = softmaxRow(s, g, y, c, param, inv);
    else if (id == 2) li = crammerSingerRow(s, g, y, c, param, inv);
    else if (id == 1) li = oneVsAllRow(s, g, y, c, param, inv);
    else li = westonWatkinsRow(s, g, y, c, param, inv, id == 3);
    store<f64>(per + (<usize>i << 3), li);
  }
}

// @ts-ignore: decorator
@inline function sc(s: usize, j: i32): f64 {
  return <f64>load<f32>(s + (<usize>j << 2));
}

// @ts-ignore: decorator
@inline function setg(g: usize, j: i32, v: f64): void {
  if (g != 0) store<f32>(g + (<usize>j << 2), <f32>v);
}

function westonWatkinsRow(s: usize, g: usize, y: i32, c: i32, margin: f64, inv: f64, squared: bool): f64 {
  const sy = sc(s, y);
  let li: f64 = 0;
  let gy: f64 = 0;
  for (let j = 0; j < c; j++) {
    if (j == y) continue;
    const m = sc(s, j) - sy + margin;
    if (m > 0) {
      if (squared) {
        li += m * m;
        gy += 2 * m;
        setg(g, j, 2 * m * inv);
      } else {
        li += m;
        gy += 1;
        setg(g, j, inv);
      }
    } else {
      setg(g, j, 0);
    }
  }
  setg(g, y, -gy * inv);
  return li;
}

function oneVsAllRow(s: usize, g: usize, y: i32, c: i32, margin: f64, inv: f64): f64 {
  let li: f64 = 0;
  for (let j = 0; j < c; j++) {
    const t: f64 = j == y ? 1 : -1;
    const m = margin - t * sc(s, j);
    if (m > 0) {
      li += m;
      setg(g, j, -t * inv);
    } else {
      setg(g, j, 0);
    }
  }
  return li;
}

function crammerSingerRow(s: usize, g: usize, y: i32, c: i32, margin: f64, inv: f64): f64 {
  let best = -1;
  let bestScore: f64 = -Infinity;
  for (let j = 0; j < c; j++) {
    if (j != y && sc(s, j) > bestScore) {
      bestScore = sc(s, j);
      best = j;
    }
  }
  const m = margin + bestScore - sc(s, y);
  for (let j = 0; j < c; j++) setg(g, j, 0);
  if (m > 0) {
    setg(g, best, inv);
    setg(g, y, -inv);
    return m;
  }
  return 0;
}

function softmaxRow(s: usize, g: usize, y: i32, c: i32, smoothing: f64, inv: f64): f64 {
  const off = smoothing / <f64>c;
  const on = 1 - smoothing + off;
  let max: f64 = -Infinity;
  let arg = 0;
  for (let j = 0; j < c; j++) {
    if (sc(s, j) > max) {
      max = sc(s, j);
      arg = j;
    }
  }
  let rest: f64 = 0;
  for (let j = 0; j < c; j++) if (j != arg) rest += Math.exp(sc(s, j) - max);
  let li = Math.log1p(rest) + on * (max - sc(s, y));
  if (smoothing > 0) {
    for (let j = 0; j < c; j++) if (j != y) li += off * (max - sc(s, j));
  }
  if (g != 0) {
    const z = 1 + rest;
    for (let j = 0; j < c; j++) {
      const p = j == arg ? 1 / z : Math.exp(sc(s, j) - max) / z;
      setg(g, j, (p - (j == y ? on : off)) * inv);
    }
  }
  return li;
}

// ---------------------------------------------------------------------------------------------------------
// The fused minibatch step, for rows [lo, hi) of the batch: scores S = X·Wᵀ + b, the loss rows (Lᵢ and dS),
// and these rows' part of dW = dSᵀ·X added into the chunk's own partial buffer (partials + (lo / grain)·c·d
// floats, zeroed by the caller). Partials belong to chunks, not threads: whichever thread takes a chunk, the
// same rows are summed in the same order, so a run is bit-for-bit repeatable however the threads were scheduled,
// while the rows are still in this core's cache. Batch row r is X row idx[r] (idx ≠ 0: a shuffled batch read
// in place) or X row r. With c ≤ 12, W comes packed by packSkinny (Wp) and the scores use the 3×12 tiles;
// otherwise Wp is W itself and idx must be 0. The caller sums the partials and the bias gradient afterwards.

export function linearLossGradRows(
  X: usize, idx: usize, Wp: usize, bias: usize, S: usize, dS: usize, labels: usize, per: usize, partials: usize,
  tiles: usize, n: i32, c: i32, d: i32, id: i32, param: f64, grain: i32, lo: i32, hi: i32, tid: i32,
): void {
  tally(1);
  const ld = <usize>d << 2;
  if (c <= 12) {
    const tile = tiles + <usize>tid * 256;
    const ldo = <usize>c << 2;
    let i = lo;
    while (i < hi) {
      const rows = hi - i >= 3 ? 3 : 1;
      if (rows == 3) skinny3x12(rowPtr(X, idx, i, ld), rowPtr(X, idx, i + 1, ld), rowPtr(X, idx, i + 2, ld), Wp, d, tile);
      else skinny1x12(rowPtr(X, idx, i, ld), Wp, d, tile);
      for (let r = 0; r < rows; r++) {
        const o = S + <usize>(i + r) * ldo;
        const t = tile + <usize>r * 48;
        for (let j = 0; j < c; j++) {
          const b: f32 = bias != 0 ? load<f32>(bias + (<usize>j << 2)) : 0;
          store<f32>(o + (<usize>j << 2), load<f32>(t + (<usize>j << 2)) + b);
        }
      }
      i += rows;
    }
  } else {
    matmulABt(X, Wp, bias, S, c, d, lo, hi);
    tally(-1);
  }
  lossRows(id, S, labels, 0, dS, per, n, c, param, lo, hi); // labels arrive in batch order
  // The batch's rows were just read for the scores and sit in cache: longer row blocks here mean fewer
  // read-add-writes of the partial dW (RB_CACHED; RB = 16 is for rows streaming from memory).
  const chunk = <usize>(lo / grain);
  weightGradRowsInto(dS, X, idx, partials + ((chunk * c * d) << 2), lo, hi, c, d, 0, d, true, RB_CACHED);
  tally(-2);
}

/**
 * out[k, t] = Σ_{r in [r0, r1)} dS[r, k]·X[row r, t] for columns t in [t0, t1) (overwrites out's columns);
 * row r is idx[r] when idx ≠ 0.
 */
export function weightGradRows(dS: usize, X: usize, idx: usize, out: usize, r0: i32, r1: i32, c: i32, d: i32, t0: i32, t1: i32): void {
  weightGradRowsInto(dS, X, idx, out, r0, r1, c, d, t0, t1, false);
}

/** weightGradRows, adding into out instead of overwriting it when `accumulate` is true. */
function weightGradRowsInto(dS: usize, X: usize, idx: usize, out: usize, r0: i32, r1: i32, c: i32, d: i32, t0: i32, t1: i32, accumulate: bool, rb: i32 = RB): void {
  tally(1);
  const ldx = <usize>d << 2;
  const lds = <usize>c << 2;
  if (!accumulate) for (let k = 0; k < c; k++) memory.fill(out + <usize>k * ldx + (<usize>t0 << 2), 0, <usize>(t1 - t0) << 2);
  for (let b0 = r0; b0 < r1; b0 += rb) {
    const re = min(b0 + rb, r1);
    let t = t0;
    for (; t + 8 <= t1; t += 8) {
      let k = 0;
      for (; k + 5 <= c; k += 5) wgSlab5x2(dS, X, idx, out, b0, re, k, t, lds, ldx);
      for (; k < c; k++) wgSlab1x2(dS, X, idx, out, b0, re, k, t, lds, ldx);
    }
    for (; t < t1; t++) {
      for (let k = 0; k < c; k++) {
        let s: f32 = 0;
        for (let r = b0; r < re; r++) s += load<f32>(dS + <usize>r * lds + (<usize>k << 2)) * load<f32>(rowPtr(X, idx, r, ldx) + (<usize>t << 2));
        const p = out + <usize>k * ldx + (<usize>t << 2);
        store<f32>(p, load<f32>(p) + s);
      }
    }
  }
}

/** dst[i] = Σ_{p < count} src[p·stride + i] for i in [lo, hi): sums the threads' partial gradients. */
export function sumPartials(dst: usize, src: usize, count: i32, stride: i32, lo: i32, hi: i32): void {
  tally(1);
  const st = <usize>stride << 2;
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const o = <usize>i << 2;
    let a = v128.load(src + o);
    for (let p = 1; p < count; p++) a = f32x4.add(a, v128.load(src + <usize>p * st + o));
    v128.store(dst + o, a);
  }
  for (; i < hi; i++) {
    const o = <usize>i << 2;
    let a = load<f32>(src + o);
    for (let p = 1; p < count; p++) a += load<f32>(src + <usize>p * st + o);
    store<f32>(dst + o, a);
  }
}
