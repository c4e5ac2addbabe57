/**
 * Choosing kernels. `'ref'` is the readable TypeScript reference, available everywhere. Faster
 * implementations plug in here; until one is built into the package, every choice resolves to the reference
 * and `info.reason` says so, so no caller is ever told it got something it did not.
 */
import { ArgumentError } from '../errors.js';
import type { KernelChoice, Kernels } from './api.js';
import { refKernels, refKernelsBecause } from './ref/index.js';

export const KERNEL_CHOICES: readonly KernelChoice[] = ['auto', 'ref', 'wasm', 'wasm-threads'];

export async function selectKernels(choice: KernelChoice = 'auto'): Promise<Kernels> {
  switch (choice) {
    case 'ref':
      return refKernels;
    case 'auto':
      return refKernelsBecause('auto: no faster kernels are built into this version, so the reference kernels run');
    case 'wasm':
    case 'wasm-threads':
      throw new ArgumentError('kernels', `'${choice}' kernels are not built into this version; use 'auto' or 'ref'`);
    default:
      throw new ArgumentError('kernels', `unknown choice '${String(choice)}'; expected ${KERNEL_CHOICES.join(', ')}`);
  }
}
