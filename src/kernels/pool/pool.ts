/**
 * A pool of threads that run the WASM kernels over shared memory, synchronously from the caller's point of
 * view: the calling thread writes the job into the control block, wakes the workers, computes its own
 * chunks too (thread 0), then blocks in Atomics.wait until every worker has counted itself done. Work is
 * split by output rows (or columns) into contiguous chunks that the threads take from a shared counter
 * (protocol.ts says why). Workers start once, are reused for every call, and are unref'd so they never keep
 * a Node process alive.
 */
import { LinclassError } from '../../errors.js';
import {
  ALIGN,
  ARGS_BYTE_OFFSET,
  CONTROL_BYTES,
  DONE,
  ERROR,
  FN,
  GRAIN,
  MAX_ARGS,
  NARGS,
  NEXT,
  SEQ,
  STOP,
  THREADS,
  UNITS,
  grainOf,
} from './protocol.js';
import { WORKER_SOURCE } from './worker-source.js';

type KernelFn = (...args: number[]) => unknown;

interface AnyWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

export class ThreadPool {
  /** Threads including the caller's. */
  readonly threads: number;
  private readonly ctrl: Int32Array;
  private readonly args: Float64Array;
  private readonly index: Map<string, number>;
  private closed = false;

  private constructor(threads: number, control: SharedArrayBuffer, names: readonly string[]) {
    this.threads = threads;
    this.ctrl = new Int32Array(control, 0, ARGS_BYTE_OFFSET / 4);
    this.args = new Float64Array(control, ARGS_BYTE_OFFSET, MAX_ARGS);
    this.index = new Map(names.map((n, i) => [n, i]));
  }

  /**
   * Starts `threads − 1` workers, each instantiating `module` on `memory`, and resolves once all are ready.
   * `names` are the exports jobs may run.
   */
  static async start(threads: number, module: WebAssembly.Module, memory: WebAssembly.Memory, names: readonly string[], node: boolean, relaxedFlag: boolean): Promise<ThreadPool> {
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const workers: AnyWorker[] = [];
    const ready: Promise<void>[] = [];
    for (let index = 1; index < threads; index++) {
      const init = { module, memory, control, names, index };
      if (node) {
        const name = 'node:worker_threads';
        const wt = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
        const w = new wt.Worker(WORKER_SOURCE, { eval: true, env: { ...process.env, LINCLASS_RELAXED_FLAG: relaxedFlag ? '1' : '0' } });
        ready.push(
          new Promise<void>((resolve, reject) => {
            w.once('message', (m: { type: string; message?: string }) => (m.type === 'ready' ? resolve() : reject(new Error(m.message))));
            w.once('error', reject);
          }),
        );
        w.postMessage(init);
        workers.push(w);
      } else {
        const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
        const w = new Worker(url);
        ready.push(
          new Promise<void>((resolve, reject) => {
            w.onmessage = (e: MessageEvent<{ type: string; message?: string }>) => (e.data.type === 'ready' ? resolve() : reject(new Error(e.data.message)));
            w.onerror = (e) => reject(new Error(e.message));
          }),
        );
        w.postMessage(init);
        workers.push(w);
      }
    }
    try {
      await Promise.all(ready);
      // Only now: an unref'd worker that is still starting would let Node exit under a pending await.
      for (const w of workers) (w as { unref?: () => void }).unref?.();
    } catch (e) {
      for (const w of workers) void w.terminate();
      throw new LinclassError('E_ARGUMENT', `kernel worker threads failed to start: ${String((e as Error).message ?? e)}`);
    }
    return new ThreadPool(threads, control, names);
  }

  /**
   * Runs `fn(...args, lo, hi, t)` over chunks [lo, hi) of `units` (multiples of `align`, every unit exactly
   * once) on threads t = 0 (the caller) … threads − 1; `parallel` false runs it all on the caller's thread
   * (small jobs are not worth a wake-up). A kernel may be called several times per thread.
   */
  run(fn: KernelFn, name: string, args: readonly number[], units: number, align: number, parallel: boolean): void {
    const t = this.threads;
    if (!parallel || t === 1 || units <= align || this.closed) {
      fn(...args, 0, units, 0);
      return;
    }
    const ctrl = this.ctrl;
    const id = this.index.get(name);
    if (id === undefined || args.length > MAX_ARGS) throw new Error(`pool: unknown kernel ${name} or too many arguments`);
    for (let i = 0; i < args.length; i++) this.args[i] = args[i]!;
    ctrl[FN] = id;
    ctrl[NARGS] = args.length;
    ctrl[THREADS] = t;
    ctrl[UNITS] = units;
    ctrl[ALIGN] = align;
    const grain = grainOf(units, t, align);
    ctrl[GRAIN] = grain;
    ctrl[ERROR] = 0;
    Atomics.store(ctrl, NEXT, 0);
    Atomics.store(ctrl, DONE, 0);
    Atomics.add(ctrl, SEQ, 1);
    Atomics.notify(ctrl, SEQ);
    let failure: unknown = null;
    try {
      const a = [...args, 0, 0, 0];
      const n = args.length;
      for (let c = Atomics.add(ctrl, NEXT, 1); c * grain < units; c = Atomics.add(ctrl, NEXT, 1)) {
        a[n] = c * grain;
        a[n + 1] = Math.min(units, (c + 1) * grain);
        fn(...a);
      }
    } catch (e) {
      failure = e;
      Atomics.store(ctrl, NEXT, 1 << 30); // the workers stop taking chunks
    }
    for (let d = Atomics.load(ctrl, DONE); d < t - 1; d = Atomics.load(ctrl, DONE)) Atomics.wait(ctrl, DONE, d);
    if (failure) throw failure;
    if (ctrl[ERROR] !== 0) throw new LinclassError('E_ARGUMENT', `a kernel worker failed while running ${name}`);
  }

  /** Asks the workers to exit (they also end with the process: they are unref'd). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, SEQ, 1);
    Atomics.notify(this.ctrl, SEQ);
  }
}
