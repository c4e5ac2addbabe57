/**
 * What this engine can run, found out rather than assumed: WebAssembly SIMD, relaxed SIMD (for fused
 * multiply-add), SharedArrayBuffer, blocking waits on this thread, workers, and the number of cores.
 */
import { relaxedShared, relaxedPrivate, simdPrivate, simdShared } from './binaries.generated.js';

export interface Features {
  readonly wasm: boolean;
  readonly simd: boolean;
  readonly relaxedSimd: boolean;
  /** How relaxed SIMD became available (or why not), for `info.reason`. */
  readonly relaxedNote: string;
  readonly sharedMemory: boolean;
  readonly threads: boolean;
  /** Why threads can or cannot be used, for `info.reason`. */
  readonly threadsNote: string;
  readonly cores: number;
  readonly node: boolean;
}

const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';

export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

export function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const BINARIES = {
  simdShared: () => decodeBase64(simdShared),
  relaxedShared: () => decodeBase64(relaxedShared),
  simdPrivate: () => decodeBase64(simdPrivate),
  relaxedPrivate: () => decodeBase64(relaxedPrivate),
} as const;

export interface DetectOptions {
  /**
   * Whether to turn on relaxed SIMD in Node 20 with `v8.setFlagsFromString('--experimental-wasm-relaxed-simd')`
   * when the engine does not have it on (default true). The flag is process-wide and only affects modules
   * compiled afterwards; engines that have relaxed SIMD on by default (Node ≥ 22, Chromium ≥ 114) need nothing.
   */
  readonly enableRelaxedFlag?: boolean;
}

let relaxedFlagTried: 'no' | 'set' | 'failed' = 'no';

/** Detects the engine's features. Validates the real binaries, so "has relaxed SIMD" means "ours will load". */
export async function detectFeatures(options: DetectOptions = {}): Promise<Features> {
  const node = isNode();
  const cores = await coreCount(node);
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
    return { wasm: false, simd: false, relaxedSimd: false, relaxedNote: '', sharedMemory: false, threads: false, threadsNote: '', cores, node };
  }
  const shared = sharedMemoryUsable();
  const plain = shared ? BINARIES.simdShared() : BINARIES.simdPrivate();
  const simd = WebAssembly.validate(plain);
  let relaxedSimd = false;
  let relaxedNote = 'this engine has no relaxed SIMD, so multiply and add run as two instructions';
  if (simd) {
    const relaxed = shared ? BINARIES.relaxedShared() : BINARIES.relaxedPrivate();
    relaxedSimd = WebAssembly.validate(relaxed);
    if (relaxedSimd) {
      relaxedNote = relaxedFlagTried === 'set'
        ? `relaxed-SIMD fused multiply-add turned on with V8's ${RELAXED_FLAG} (off by default in this Node)`
        : 'relaxed-SIMD fused multiply-add is on in this engine';
    }
    else if (node && (options.enableRelaxedFlag ?? true)) {
      if (relaxedFlagTried === 'no') relaxedFlagTried = (await setV8Flag(RELAXED_FLAG)) ? 'set' : 'failed';
      relaxedSimd = relaxedFlagTried === 'set' && WebAssembly.validate(relaxed);
      relaxedNote = relaxedSimd
        ? `relaxed-SIMD fused multiply-add turned on with V8's ${RELAXED_FLAG} (off by default in this Node)`
        : `relaxed SIMD is unavailable even with ${RELAXED_FLAG}, so multiply and add run as two instructions`;
    } else if (node) {
      relaxedNote = `relaxed SIMD is off in this Node and turning it on (${RELAXED_FLAG}) was not allowed`;
    }
  }
  const threads = threadSupport(node, shared, cores);
  return { wasm: true, simd, relaxedSimd, relaxedNote, sharedMemory: shared, threads: threads.ok, threadsNote: threads.note, cores, node };
}

async function setV8Flag(flag: string): Promise<boolean> {
  try {
    // A variable specifier keeps bundlers from trying to resolve a Node built-in for the browser.
    const name = 'node:v8';
    const v8 = (await import(/* @vite-ignore */ name)) as { setFlagsFromString(flag: string): void };
    v8.setFlagsFromString(flag); // an unknown flag is ignored by V8 (it prints nothing and throws nothing)
    return true;
  } catch {
    return false;
  }
}

function sharedMemoryUsable(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  try {
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return m.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** Whether this thread may block in Atomics.wait (Node's main thread and workers may; a browser page may not). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

function threadSupport(node: boolean, shared: boolean, cores: number): { ok: boolean; note: string } {
  if (!shared) {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const why = !node && g.crossOriginIsolated === false
      ? 'the page is not cross-origin isolated (serve it with COOP/COEP headers), so SharedArrayBuffer is unavailable'
      : 'SharedArrayBuffer is unavailable in this engine';
    return { ok: false, note: why };
  }
  if (!canBlock()) return { ok: false, note: 'this thread may not block in Atomics.wait (a browser main thread): run the kernels in a Web Worker for threads' };
  if (!node && typeof Worker !== 'function') return { ok: false, note: 'Web Workers are unavailable here' };
  if (cores < 2) return { ok: false, note: 'only one core is available' };
  return { ok: true, note: `${cores} cores, shared memory and blocking waits are available` };
}

async function coreCount(node: boolean): Promise<number> {
  if (node) {
    try {
      const name = 'node:os';
      const os = (await import(/* @vite-ignore */ name)) as { availableParallelism?: () => number; cpus(): unknown[] };
      return Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length);
    } catch {
      return 1;
    }
  }
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n > 0 ? n : 1;
}
