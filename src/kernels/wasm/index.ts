/**
 * Loading the WASM kernels: pick the binary this engine runs (relaxed-SIMD FMA or plain SIMD; shared memory
 * when threads are possible), instantiate it on a fresh memory, start the thread pool when asked, and say
 * what was chosen and why in `info`.
 */
import type { KernelInfo, KernelName } from '../api.js';
import { ThreadPool } from '../pool/pool.js';
import { BINARIES, detectFeatures, type Features } from './features.js';
import { WasmHeap } from './heap.js';
import { createWasmKernels, DEFAULT_PARALLEL_WORK, POOL_EXPORTS, type WasmKernels } from './kernels.js';

export interface WasmOptions {
  /** Threads in all, the caller's included (default: the cores available). 1 means no worker threads. */
  readonly threads?: number;
  /** Allow relaxed-SIMD fused multiply-add (default true; in Node 20 this sets a V8 flag, see features.ts). */
  readonly relaxedSimd?: boolean;
  /**
   * Jobs with fewer multiply-adds than this run on the calling thread (default 2¹⁹ ≈ 0.5 M: waking a worker
   * costs tens of microseconds). The parity suite sets 0 to put even tiny fixtures on every thread.
   */
  readonly minParallelWork?: number;
  /**
   * Use a private (non-shared) memory even where SharedArrayBuffer exists, as an engine without it would
   * (one thread). For tests of that path; default false.
   */
  readonly privateMemory?: boolean;
}

export interface WasmLoad {
  readonly kernels: WasmKernels | null;
  readonly features: Features;
  /** Why the WASM kernels could not be loaded, when `kernels` is null. */
  readonly failure: string;
}

const cache = new Map<string, Promise<WasmKernels>>();
const modules = new Map<string, Promise<WebAssembly.Module>>();

/**
 * WASM kernels with up to `threads` threads. `name` is what the caller asked for; `why` starts the reason.
 * Resolves to null kernels (with the features and the failure) when the engine cannot run them.
 */
export async function loadWasmKernels(name: KernelName, why: string, options: WasmOptions = {}): Promise<WasmLoad> {
  const allowRelaxed = options.relaxedSimd ?? true;
  const features = await detectFeatures({ enableRelaxedFlag: allowRelaxed });
  if (!features.wasm) return { kernels: null, features, failure: 'this engine has no WebAssembly' };
  if (!features.simd) return { kernels: null, features, failure: 'this engine has WebAssembly but not its SIMD extension' };
  const wantThreads = name === 'wasm-threads' ? Math.max(1, Math.floor(options.threads ?? features.cores)) : 1;
  const shared = features.sharedMemory && !(options.privateMemory ?? false);
  const threads = features.threads && shared ? wantThreads : 1;
  const relaxed = features.relaxedSimd && allowRelaxed;
  const minWork = options.minParallelWork ?? DEFAULT_PARALLEL_WORK;
  const key = `${relaxed ? 'relaxed' : 'simd'}/${shared ? 'shared' : 'private'}/${threads}/${minWork}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = instantiate(relaxed, shared, threads, features, minWork);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  const base = await pending;
  const parts = [why];
  parts.push(relaxed ? features.relaxedNote : allowRelaxed ? features.relaxedNote : 'relaxed SIMD was not allowed by the caller, so multiply and add run as two instructions');
  if (name === 'wasm-threads') {
    const why = options.privateMemory && features.sharedMemory ? 'a private memory was asked for' : features.threadsNote;
    parts.push(threads > 1 ? `${threads} threads (${features.threadsNote})` : `one thread, because ${why}`);
  }
  const info: KernelInfo = { name: threads > 1 ? 'wasm-threads' : 'wasm', threads, simd: true, relaxedSimd: relaxed, reason: parts.join('; ') };
  return { kernels: { ...base, info }, features, failure: '' };
}

async function instantiate(relaxed: boolean, shared: boolean, threads: number, features: Features, minWork: number): Promise<WasmKernels> {
  const variant = `${relaxed ? 'relaxed' : 'simd'}${shared ? 'Shared' : 'Private'}` as keyof typeof BINARIES;
  let mod = modules.get(variant);
  if (!mod) {
    mod = WebAssembly.compile(BINARIES[variant]());
    modules.set(variant, mod);
  }
  const module = await mod;
  // 17 pages is what the binaries declare as their initial size; the heap grows from there.
  const memory = WasmHeap.createMemory(shared, 17);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = instance.exports as unknown as { heapBase(): number; relaxed(): number };
  const heap = new WasmHeap(memory, shared, exports.heapBase());
  const pool = threads > 1 ? await ThreadPool.start(threads, module, memory, POOL_EXPORTS, features.node, relaxed) : null;
  const placeholder: KernelInfo = { name: pool ? 'wasm-threads' : 'wasm', threads, simd: true, relaxedSimd: exports.relaxed() === 1, reason: '' };
  return createWasmKernels(instance.exports, heap, pool, placeholder, minWork);
}
