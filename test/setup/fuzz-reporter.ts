/**
 * A vitest reporter for the fuzz suite (test/fuzz/): at the end of the run, before the default reporter's
 * summary (it is listed first, so vitest's own summary stays the last thing printed), it merges what each target recorded in this run
 * (test-output/fuzz/<target>.json written since the run started; older files are other runs') into
 * test-output/fuzz-summary.json and prints one line per target (cases, accepted, refused, slowest case).
 * Printing happens here, outside any test, because tests may not log.
 */
import type { Reporter } from 'vitest/reporters';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), 'test-output', 'fuzz');

interface TargetRecord {
  readonly target: string;
  readonly cases: number;
  readonly accepted: number;
  readonly refused: number;
  readonly slowestCaseMs: number;
}

export default class FuzzSummaryReporter implements Reporter {
  private started = Date.now();

  onInit(): void {
    this.started = Date.now();
  }

  onTestRunEnd(): void {
    const started = this.started;
    if (!existsSync(dir)) return;
    const records = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.current.json') && statSync(join(dir, f)).mtimeMs >= started)
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TargetRecord)
      .sort((a, b) => a.target.localeCompare(b.target));
    if (records.length === 0) return;
    const runs = process.env['LINCLASS_FUZZ_RUNS'] ?? '10000 (default)';
    writeFileSync(join(dir, '..', 'fuzz-summary.json'), `${JSON.stringify({ runsPerTarget: runs, targets: records }, null, 2)}\n`);
    const width = Math.max(...records.map((r) => r.target.length));
    const lines = records.map(
      (r) => `  ${r.target.padEnd(width)}  ${String(r.cases).padStart(7)} cases  ${String(r.accepted).padStart(7)} accepted  ${String(r.refused).padStart(7)} refused (typed)  slowest ${r.slowestCaseMs} ms`,
    );
    process.stdout.write(`\nfuzz suite (LINCLASS_FUZZ_RUNS=${runs}), test-output/fuzz-summary.json:\n${lines.join('\n')}\n`);
  }
}
