/**
 * Choosing kernels, and saying what was chosen and why (`info.reason`), so no caller is ever told it got
 * something it did not.
 *
 * - `'ref'`: the readable TypeScript reference, available everywhere.
 * - `'wasm'`: the WebAssembly SIMD kernels on the calling thread.
 * - `'wasm-threads'`: the same on a pool of worker threads over shared memory (default: one per core).
 *   Without SharedArrayBuffer (a page that is not cross-origin isolated) or where this thread may not block
 *   (a browser main thread), it runs on one thread and the reason says so.
 * - `'auto'` (default): 'wasm-threads' when threads are possible, else 'wasm', else 'ref'.
 *
 * Relaxed SIMD: the kernels use its fused multiply-add when the engine validates our relaxed binary. Node 20
 * has it behind a V8 flag; 'auto', 'wasm' and 'wasm-threads' turn that flag on
 * (`v8.setFlagsFromString('--experimental-wasm-relaxed-simd')`, process-wide, affecting only WebAssembly
 * compiled afterwards) unless `relaxedSimd: false` is passed. It is a deliberate choice: the flag only adds
 * instructions that newer Node and every current Chromium ship on by default, and FMA rounds once where
 * multiply-then-add rounds twice, so results move in the last bits only (within the parity tolerances).
 */
import { ArgumentError } from '../errors.js';
import type { KernelChoice, Kernels } from './api.js';
import { refKernels, refKernelsBecause } from './ref/index.js';
import { loadWasmKernels, type WasmOptions } from './wasm/index.js';

export const KERNEL_CHOICES: readonly KernelChoice[] = ['auto', 'ref', 'wasm', 'wasm-threads'];

export type SelectOptions = WasmOptions;

export async function selectKernels(choice: KernelChoice = 'auto', options: SelectOptions = {}): Promise<Kernels> {
  switch (choice) {
    case 'ref':
      return refKernels;
    case 'auto': {
      const { kernels, failure } = await loadWasmKernels('wasm-threads', 'auto: WebAssembly SIMD is available', options);
      if (kernels) return kernels;
      return refKernelsBecause(`auto: ${failure}, so the reference TypeScript kernels run`);
    }
    case 'wasm':
    case 'wasm-threads': {
      if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
        throw new ArgumentError('threads', `must be a whole number ≥ 1, got ${options.threads}`);
      }
      const { kernels, failure } = await loadWasmKernels(choice, `'${choice}' was asked for`, options);
      if (!kernels) throw new ArgumentError('kernels', `'${choice}' cannot run here: ${failure}; use 'auto' or 'ref'`);
      return kernels;
    }
    default:
      throw new ArgumentError('kernels', `unknown choice '${String(choice)}'; expected ${KERNEL_CHOICES.join(', ')}`);
  }
}
