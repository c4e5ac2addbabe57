import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runPool } from './worker-pool.js';

/**
 * A worker (plain JS, eval'd) that doubles task.value; task.die makes it exit with code 3 on the listed
 * attempts, task.crash makes it throw an uncaught exception.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.task.die && m.task.die.includes(m.attempt)) process.exit(3);
  if (m.task.crash && m.task.crash.includes(m.attempt)) setImmediate(() => { throw new Error('boom in ' + m.task.id); });
  else setTimeout(() => parentPort.postMessage({ type: 'result', id: m.task.id, value: 2 * m.task.value, attempt: m.attempt }), m.task.ms || 0);
});`;
const spawn = () => new Worker(SOURCE, { eval: true });

interface Task {
  readonly id: number;
  readonly value: number;
  readonly die?: number[];
  readonly crash?: number[];
  readonly ms?: number;
}

function pool(tasks: Task[], size = 2) {
  const results: Record<number, unknown> = {};
  const lost: Record<number, string> = {};
  const retries: string[] = [];
  const run = runPool<Task>({
    size,
    spawn,
    tasks,
    message: (task, attempt) => ({ task, attempt }),
    onResult: (task, r) => {
      results[task.id] = (r as { value: number }).value;
    },
    onLost: (task, reason, attempts) => {
      lost[task.id] = `${reason} (${attempts} attempts)`;
    },
    onRetry: (task, reason, attempt) => retries.push(`${task.id}: ${reason}, attempt ${attempt}`),
  });
  return { run, results, lost, retries };
}

describe('runPool', () => {
  it('runs every task once and reports each result', async () => {
    const p = pool(Array.from({ length: 7 }, (_, i) => ({ id: i + 1, value: i, ms: (i * 7) % 5 })), 3);
    await expect(p.run.done).resolves.toBe('completed');
    expect(p.results).toEqual({ 1: 0, 2: 2, 3: 4, 4: 6, 5: 8, 6: 10, 7: 12 });
    expect(p.retries).toEqual([]);
  });

  it('replaces a worker that exits and retries its task once; a task that kills its worker twice is lost', async () => {
    const p = pool([
      { id: 1, value: 1 },
      { id: 2, value: 2, die: [1] },
      { id: 3, value: 3, die: [1, 2] },
      { id: 4, value: 4 },
      { id: 5, value: 5, crash: [1] },
    ]);
    await expect(p.run.done).resolves.toBe('completed');
    expect(p.results).toEqual({ 1: 2, 2: 4, 4: 8, 5: 10 });
    expect(p.lost).toEqual({ 3: 'its worker exited with code 3 (2 attempts)' });
    expect(p.retries.sort()).toEqual([
      '2: its worker exited with code 3, attempt 2',
      '3: its worker exited with code 3, attempt 2',
      '5: its worker crashed (Error: boom in 5), attempt 2',
    ]);
  });

  it('stop() ends the run at once', async () => {
    const p = pool([{ id: 1, value: 1, ms: 10_000 }, { id: 2, value: 2, ms: 10_000 }, { id: 3, value: 3 }]);
    setTimeout(() => p.run.stop(), 50);
    await expect(p.run.done).resolves.toBe('stopped');
    expect(p.results).toEqual({});
  });

  it('a throwing callback stops the pool and rejects with its error', async () => {
    const run = runPool<Task>({
      size: 2,
      spawn,
      tasks: [1, 2, 3, 4].map((id) => ({ id, value: id })),
      message: (task, attempt) => ({ task, attempt }),
      onResult: () => {
        throw new Error('disk full');
      },
      onLost: () => {},
    });
    await expect(run.done).rejects.toThrow('disk full');
  });

  it('no tasks: done at once', async () => {
    await expect(pool([]).run.done).resolves.toBe('completed');
  });
});
