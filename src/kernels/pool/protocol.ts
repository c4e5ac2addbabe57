/**
 * The layout of the pool's control block, a SharedArrayBuffer apart from the WebAssembly memory (so growing
 * that memory never moves it). Int32 slots first, then float64 job arguments.
 */
export const SEQ = 0; // job generation: bumped by the caller to start a job, waited on by the workers
export const DONE = 1; // workers that finished the current job
export const FN = 2; // index of the kernel export to run
export const NARGS = 3;
export const THREADS = 4; // threads taking part (the caller is thread 0)
export const ERROR = 5; // set to 1 by a worker whose kernel threw
export const UNITS = 6; // rows (or columns) to split
export const ALIGN = 7; // each share but the last is a multiple of this
export const STOP = 8; // 1 asks the workers to exit
export const NEXT = 9; // the next chunk to take (threads take chunks with Atomics.add until none is left)
export const GRAIN = 10; // units per chunk (a multiple of ALIGN)
export const ARGS_BYTE_OFFSET = 64;
export const MAX_ARGS = 24;
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;

/**
 * Chunks per thread. Threads take chunks from a shared counter rather than one fixed share each, so a thread
 * that the OS deschedules (other processes on the cores, a browser tab in the background) delays only its
 * current chunk: the others take the rest. Four per thread keeps the per-chunk call overhead negligible.
 */
export const CHUNKS_PER_THREAD = 4;

/** Units per chunk: a multiple of `align`, about units / (threads · CHUNKS_PER_THREAD). */
export function grainOf(units: number, threads: number, align: number): number {
  return Math.max(align, Math.ceil(units / (threads * CHUNKS_PER_THREAD) / align) * align);
}
