/**
 * TEST HOOKS — for the crash-safety tests only (test/crash-train.test.ts, test/crash-search.test.ts).
 *
 * They make the moments those tests need reachable deterministically: a process killed right after a given
 * update, or in the middle of writing its K-th checkpoint file, or a search worker dying on a given trial.
 * They are read from the environment variable LINCLASS_TEST_HOOK, which nothing but those tests sets; with
 * it unset (always, for users) every function here does nothing.
 *
 *   kill-after-step:N           SIGKILL this process right after update N of the run (train)
 *   pause-after-step:N          write "linclass-test-hook: paused" on stderr and block (the test kills us)
 *   kill-in-checkpoint-write:K  SIGKILL when half of this process's K-th checkpoint file is written
 *   pause-in-checkpoint-write:K the same, but block instead (the test kills us)
 *   kill-after-trials:N         SIGKILL the search process once N trials are recorded in this process
 *   search-worker-exit:T[:A]    the search worker that starts trial T calls process.exit(3) (on attempt A only)
 *   search-worker-crash:T[:A]   the search worker that starts trial T throws an uncaught exception
 *
 * A paused process waits until the file named by LINCLASS_TEST_HOOK_CONTINUE exists (or 60 s pass), then
 * goes on: a test can fill a disk while the run stands still, then let it continue.
 */
import { existsSync, writeSync } from 'node:fs';

export type TestHook =
  | { readonly action: 'kill' | 'pause'; readonly at: 'after-step' | 'in-checkpoint-write' | 'after-trials'; readonly n: number }
  | { readonly action: 'worker-exit' | 'worker-crash'; readonly trial: number; readonly attempt: number | null };

const PATTERN = /^(kill|pause)-(after-step|in-checkpoint-write|after-trials):(\d+)$|^search-worker-(exit|crash):(\d+)(?::(\d+))?$/;

/** The hook named by LINCLASS_TEST_HOOK, or null (unset or empty). A malformed value is an error, not ignored. */
export function testHook(env: NodeJS.ProcessEnv = process.env): TestHook | null {
  const text = env['LINCLASS_TEST_HOOK'];
  if (text === undefined || text === '') return null;
  const m = PATTERN.exec(text);
  if (!m) throw new Error(`LINCLASS_TEST_HOOK: '${text}' is not a test hook (see src/cli/test-hooks.ts)`);
  if (m[1]) return { action: m[1] as 'kill' | 'pause', at: m[2] as 'after-step' | 'in-checkpoint-write' | 'after-trials', n: Number(m[3]) };
  return { action: m[4] === 'exit' ? 'worker-exit' : 'worker-crash', trial: Number(m[5]), attempt: m[6] === undefined ? null : Number(m[6]) };
}

/** Kill this process with SIGKILL (nothing runs after it: no handlers, no flushing), or pause it. */
export function fire(hook: TestHook, where: string): void {
  if (hook.action === 'kill') {
    process.kill(process.pid, 'SIGKILL');
    return;
  }
  writeSync(2, `linclass-test-hook: paused ${where}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const continueFile = process.env['LINCLASS_TEST_HOOK_CONTINUE'];
  const until = Date.now() + 60_000;
  // Block the whole thread, as a process stuck in a write would be; poll for the file that lets us go on.
  while (Date.now() < until && !(continueFile && existsSync(continueFile))) Atomics.wait(cell, 0, 0, 20);
}

/** Counts events of one kind and fires the hook when the count reaches its number. */
export function hookCounter(hook: TestHook | null, at: 'after-step' | 'in-checkpoint-write' | 'after-trials'): (where: string) => void {
  if (!hook || !('at' in hook) || hook.at !== at) return () => {};
  let count = 0;
  return (where) => {
    if (++count === hook.n) fire(hook, where);
  };
}
