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
export const ARGS_BYTE_OFFSET = 64;
export const MAX_ARGS = 24;
export const CONTROL_BYTES = ARGS_BYTE_OFFSET + MAX_ARGS * 8;

/** Thread t's share [lo, hi) of `units`, in multiples of `align` (the same formula runs in the workers). */
export function share(units: number, threads: number, align: number, t: number): [number, number] {
  const chunk = Math.ceil(units / threads / align) * align;
  const lo = Math.min(units, t * chunk);
  return [lo, Math.min(units, lo + chunk)];
}
