/**
 * The fuzz suite's shared runner. Every target is a seeded fast-check property over one reader of outside
 * input (data files, images, model files, checkpoints, search files, CLI arguments, the lab server's request
 * paths) that must either accept its input or refuse it with a typed error (a LinclassError, or for the CLI
 * an exit code 1 or 2 with one line) — never another exception, a hang or an allocation out of proportion.
 *
 * Size: LINCLASS_FUZZ_RUNS cases per target (default 10 000, what CI runs); LINCLASS_FUZZ_SEED changes the
 * base seed (default fixed, so every run is the same). Each target's seed is the base seed mixed with a hash
 * of its name, and a failure prints fast-check's seed and path to replay it.
 *
 * Counts: each target writes test-output/fuzz/<target>.json (cases, accepted, refused by kind, the slowest
 * case), and test/setup/fuzz-reporter.ts merges them into test-output/fuzz-summary.json and prints the table
 * after the run (tests themselves may not log: the console guard fails them).
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { LinclassError } from '../../src/errors.js';

export const FUZZ_OUTPUT = join(process.cwd(), 'test-output', 'fuzz');

/** A scratch directory, in memory (/dev/shm) where there is one: the file targets write thousands of files. */
export function scratchDir(prefix: string): { dir: string; cleanup: () => void } {
  let base = tmpdir();
  try {
    accessSync('/dev/shm', constants.W_OK);
    base = '/dev/shm';
  } catch {
    // no /dev/shm (macOS, Windows): the ordinary temporary directory
  }
  const dir = mkdtempSync(join(base, prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function runsFromEnv(): number {
  const text = process.env['LINCLASS_FUZZ_RUNS'];
  if (text === undefined || text === '') return 10_000;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`LINCLASS_FUZZ_RUNS: '${text}' must be a whole number ≥ 1`);
  return n;
}

/** Cases per target. */
export const RUNS = runsFromEnv();
const BASE_SEED = process.env['LINCLASS_FUZZ_SEED'] ? Number(process.env['LINCLASS_FUZZ_SEED']) : 20261130;

/** The seed of a target: the base seed mixed with its name, so targets do not share streams. */
export function seedFor(target: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < target.length; i++) h = Math.imul(h ^ target.charCodeAt(i), 0x01000193);
  return (h ^ BASE_SEED) >>> 0 & 0x7fffffff;
}

/** What a target saw: cases, how many were accepted, how many refused (by error kind), the slowest case. */
export class Tally {
  cases = 0;
  accepted = 0;
  refused = 0;
  readonly kinds: Record<string, number> = {};
  /** Refusals by the start of their message (file name dropped, digits as #): which checks the inputs reached. */
  readonly reasons: Record<string, number> = {};
  slowestMs = 0;

  accept(): void {
    this.accepted++;
  }

  /** Counts a refusal; anything but a LinclassError fails the case (rethrown). Returns the error. */
  refuse(err: unknown, kind?: string): LinclassError {
    if (!(err instanceof LinclassError)) throw err;
    this.refused++;
    const k = kind ?? `${err.name}`;
    this.kinds[k] = (this.kinds[k] ?? 0) + 1;
    const reason = err.message.replace(/^[^:]*: /, '').replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, '#').slice(0, 60);
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    return err;
  }

  /** For readers that refuse by exit code rather than by exception (the CLI). */
  refuseAs(kind: string): void {
    this.refused++;
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
  }

  time(ms: number): void {
    this.cases++;
    if (ms > this.slowestMs) this.slowestMs = ms;
  }
}

/**
 * A case slower than this fails (a reader must refuse a forged size before it allocates or loops over it);
 * generous, since the machine is shared. LINCLASS_FUZZ_CASE_MS changes it.
 */
export const MAX_CASE_MS = Number(process.env['LINCLASS_FUZZ_CASE_MS'] ?? 2000);

function timed(target: string, ms: number, tally: Tally, max: number): void {
  tally.time(ms);
  if (ms > max) throw new Error(`${target}: a case took ${ms.toFixed(0)} ms (limit ${max} ms): a hang or an allocation out of proportion`);
}

/** Runs `run` on `runs` generated inputs (the target's seed); returns the tally. */
export function fuzzSync<T>(target: string, arb: fc.Arbitrary<T>, run: (input: T, tally: Tally) => void, runs = RUNS, maxCaseMs = MAX_CASE_MS): Tally {
  const tally = new Tally();
  fc.assert(
    fc.property(arb, (input) => {
      const t0 = performance.now();
      run(input, tally);
      timed(target, performance.now() - t0, tally, maxCaseMs);
    }),
    { seed: seedFor(target), numRuns: runs },
  );
  return tally;
}

export async function fuzzAsync<T>(
  target: string,
  arb: fc.Arbitrary<T>,
  run: (input: T, tally: Tally) => Promise<void>,
  runs = RUNS,
  maxCaseMs = MAX_CASE_MS,
): Promise<Tally> {
  const tally = new Tally();
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      const t0 = performance.now();
      await run(input, tally);
      timed(target, performance.now() - t0, tally, maxCaseMs);
    }),
    { seed: seedFor(target), numRuns: runs },
  );
  return tally;
}

/**
 * Records a target's counts (test-output/fuzz/<target>.json) and checks the run was real: every case ran,
 * and both outcomes happened often enough that neither "accept all" nor "refuse all" can pass unnoticed.
 */
export function report(target: string, tally: Tally, expected = RUNS, minEach = 0.01, extra: Record<string, unknown> = {}): void {
  mkdirSync(FUZZ_OUTPUT, { recursive: true });
  const record = {
    target,
    seed: seedFor(target),
    cases: tally.cases,
    accepted: tally.accepted,
    refused: tally.refused,
    refusedBy: tally.kinds,
    slowestCaseMs: Math.round(tally.slowestMs * 10) / 10,
    distinctReasons: Object.keys(tally.reasons).length,
    topReasons: Object.fromEntries(Object.entries(tally.reasons).sort((a, b) => b[1] - a[1]).slice(0, 12)),
    ...extra,
  };
  writeFileSync(join(FUZZ_OUTPUT, `${target}.json`), `${JSON.stringify(record, null, 2)}\n`);
  expect(tally.cases, `${target}: cases run`).toBe(expected);
  expect(tally.accepted, `${target}: accepted inputs`).toBeGreaterThanOrEqual(Math.floor(expected * minEach));
  expect(tally.refused, `${target}: refused inputs`).toBeGreaterThanOrEqual(Math.floor(expected * minEach));
}
