/**
 * A seeded random number generator that gives the same stream in Node and in the browser.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 32-bit integer arithmetic only (Math.imul, >>>), seeded by
 * splitmix32, so the integer stream is identical on every JavaScript engine. Normals use Marsaglia's polar
 * method, which needs Math.log and Math.sqrt: sqrt is exact by IEEE 754, and V8 (Node and Chromium) computes
 * log with the same fdlibm port everywhere, so the normal stream also matches between Node and Chromium.
 *
 * The whole state (four words plus a cached spare normal) can be read and restored, which is what makes
 * checkpoints resume bit for bit.
 */
import { ArgumentError } from '../errors.js';

export interface RngState {
  readonly s: readonly [number, number, number, number];
  /** The second normal of the last polar pair, not yet returned (null when none is cached). */
  readonly spare: number | null;
}

function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** `seed` is any whole number in 0..2^32−1 (larger ones are reduced modulo 2^32). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0) throw new ArgumentError('seed', `must be a whole number ≥ 0, got ${seed}`);
    // Reduce big seeds without losing their high bits entirely.
    const lo = seed % 4294967296;
    const hi = Math.floor(seed / 4294967296) % 4294967296;
    const next = splitmix32((lo ^ Math.imul(hi, 0x27d4eb2d)) >>> 0);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  getState(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  setState(state: RngState): void {
    const [a, b, c, d] = state.s;
    for (const w of state.s) {
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) throw new ArgumentError('state.s', `words must be uint32, got ${w}`);
    }
    if ((a | b | c | d) === 0) throw new ArgumentError('state.s', 'the all-zero state is not a valid xoshiro128** state');
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
    this.spare = state.spare;
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** A seed for another generator (one per worker, drawn before work is split). */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformRange(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A standard normal (mean 0, standard deviation 1). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** A whole number uniform in 0..n−1, without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new ArgumentError('n', `must be a whole number in 1..2^32, got ${n}`);
    if (n > 2 ** 31) return Math.floor(this.uniform() * n);
    // Rejection: accept only draws below the largest multiple of n that fits in 2^32.
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Fill `out` with normals of the given mean and standard deviation. */
  fillNormal(out: { length: number; [i: number]: number }, std = 1, mean = 0): void {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
  }

  /** Fill `out` with uniforms in [lo, hi). */
  fillUniform(out: { length: number; [i: number]: number }, lo = 0, hi = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform();
  }

  /** Shuffle in place (Fisher–Yates). */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError('n', `must be a whole number ≥ 0, got ${n}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * k indices drawn from 0..n−1. Without replacement (the default) they are distinct, in the order drawn
   * (a partial Fisher–Yates over a sparse map, so choosing 10 of 10⁹ costs 10 steps, not 10⁹).
   */
  choice(n: number, k: number, replace = false): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError('n', `must be a whole number ≥ 0, got ${n}`);
    if (!Number.isInteger(k) || k < 0) throw new ArgumentError('k', `must be a whole number ≥ 0, got ${k}`);
    const out = new Int32Array(k);
    if (replace) {
      if (k > 0 && n === 0) throw new ArgumentError('n', 'cannot choose from an empty range');
      for (let i = 0; i < k; i++) out[i] = this.int(n);
      return out;
    }
    if (k > n) throw new ArgumentError('k', `cannot choose ${k} distinct items out of ${n}`);
    const swapped = new Map<number, number>();
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const vj = swapped.get(j) ?? j;
      const vi = swapped.get(i) ?? i;
      swapped.set(j, vi);
      out[i] = vj;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
