/**
 * A pool of worker threads that runs tasks one at a time per worker and survives its workers: a worker that
 * dies while it holds a task (process.exit inside it, an uncaught exception, running out of memory) is
 * replaced by a fresh one, and its task is given again, up to `maxAttempts` times in all; after that the
 * task is reported lost with the reason. Tasks are handed out in order; results arrive in completion order
 * (the caller must not let that order matter).
 *
 * Protocol: the pool posts `message(task, attempt)` to a worker; the worker answers with one message whose
 * `type` is 'result' when the task is done (anything else it posts goes to `onMessage`).
 */
import type { Worker } from 'node:worker_threads';

export interface PoolOptions<T extends { readonly id: number }> {
  /** Workers at most (fewer when there are fewer tasks). */
  readonly size: number;
  /** Starts a worker (the pool adds its own listeners). */
  readonly spawn: () => Worker;
  readonly tasks: readonly T[];
  /** What to post to a worker for a task. */
  readonly message: (task: T, attempt: number) => unknown;
  /** A worker finished a task: `result` is its 'result' message. A throw stops the pool and rejects `done`. */
  readonly onResult: (task: T, result: unknown, attempt: number) => void;
  /** A task whose worker died on its last attempt. A throw stops the pool and rejects `done`. */
  readonly onLost: (task: T, reason: string, attempts: number) => void;
  /** A task whose worker died and that is given again (to a new worker). */
  readonly onRetry?: (task: T, reason: string, nextAttempt: number) => void;
  /** Messages other than results. */
  readonly onMessage?: (task: T | null, message: unknown) => void;
  /** Attempts per task, the first included (default 2: one retry). */
  readonly maxAttempts?: number;
}

export interface PoolRun {
  /** 'completed' when every task got a result or was lost; 'stopped' after stop(). */
  readonly done: Promise<'completed' | 'stopped'>;
  /** Terminates every worker now; tasks in progress get no result. */
  stop(): void;
}

interface Job<T> {
  readonly task: T;
  readonly attempt: number;
}

interface Slot<T> {
  readonly worker: Worker;
  job: Job<T> | null;
  lastError: string | null;
}

export function runPool<T extends { readonly id: number }>(o: PoolOptions<T>): PoolRun {
  const maxAttempts = o.maxAttempts ?? 2;
  const queue: Job<T>[] = o.tasks.map((task) => ({ task, attempt: 1 }));
  const slots = new Set<Slot<T>>();
  let stopped = false;
  let failure: unknown = null;
  let settle: (v: 'completed' | 'stopped') => void = () => {};
  let fail: (err: unknown) => void = () => {};
  const done = new Promise<'completed' | 'stopped'>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });

  const finishIfIdle = (): void => {
    if (slots.size > 0) return;
    if (failure !== null) fail(failure);
    else if (stopped) settle('stopped');
    else if (queue.length === 0) settle('completed');
  };

  const stopAll = (): void => {
    stopped = true;
    for (const s of slots) void s.worker.terminate();
    finishIfIdle();
  };

  /** Runs a caller's callback; a throw stops the pool and becomes `done`'s rejection. */
  const guarded = (f: () => void): void => {
    try {
      f();
    } catch (err) {
      if (failure === null) failure = err;
      stopAll();
    }
  };

  const next = (slot: Slot<T>): void => {
    const job = stopped ? undefined : queue.shift();
    if (!job) {
      slot.job = null;
      void slot.worker.terminate();
      return;
    }
    slot.job = job;
    slot.worker.postMessage(o.message(job.task, job.attempt));
  };

  const start = (): void => {
    const worker = o.spawn();
    const slot: Slot<T> = { worker, job: null, lastError: null };
    slots.add(slot);
    worker.on('message', (m: unknown) => {
      if (stopped) return;
      if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'result' && slot.job) {
        const job = slot.job;
        slot.job = null;
        guarded(() => o.onResult(job.task, m, job.attempt));
        if (!stopped) next(slot);
      } else {
        o.onMessage?.(slot.job?.task ?? null, m);
      }
    });
    worker.on('error', (err: Error) => {
      slot.lastError = `${err.name}: ${err.message}`;
    });
    worker.on('exit', (code: number) => {
      slots.delete(slot);
      const job = slot.job;
      if (job && !stopped) {
        const reason = slot.lastError ? `its worker crashed (${slot.lastError})` : `its worker exited with code ${code}`;
        if (job.attempt < maxAttempts) {
          queue.unshift({ task: job.task, attempt: job.attempt + 1 });
          o.onRetry?.(job.task, reason, job.attempt + 1);
        } else {
          guarded(() => o.onLost(job.task, reason, job.attempt));
        }
      }
      // Replace the worker while there is work for it.
      if (!stopped && queue.length > 0 && slots.size < o.size) start();
      finishIfIdle();
    });
    next(slot);
  };

  const initial = Math.max(0, Math.min(o.size, queue.length));
  if (initial === 0) settle('completed');
  for (let i = 0; i < initial; i++) start();
  return { done, stop: stopAll };
}
