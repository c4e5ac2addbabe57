/**
 * `npm run bench [-- --quick] [--repeats N] [--threads N] [--workloads W1,W4] [--out DIR]`: runs every
 * workload side by side, prints the Markdown table, and writes bench-<date>.md and .json into DIR
 * (default runs/bench). The `linclass bench` command can call `runBenchmarks` the same way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../io/atomic.js';
import { runBenchmarks, toMarkdown, WORKLOADS, type WorkloadId } from './index.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    threads: { type: 'string' },
    workloads: { type: 'string' },
    out: { type: 'string', default: 'runs/bench' },
  },
});

const workloads = values.workloads?.split(',').map((w) => w.trim().toUpperCase()) as WorkloadId[] | undefined;
if (workloads?.some((w) => !WORKLOADS.includes(w))) {
  process.stderr.write(`--workloads: expected a comma-separated subset of ${WORKLOADS.join(',')}\n`);
  process.exit(2);
}
const report = await runBenchmarks({
  quick: values.quick,
  ...(values.repeats ? { repeats: Number(values.repeats) } : {}),
  ...(values.threads ? { threads: Number(values.threads) } : {}),
  ...(workloads ? { workloads } : {}),
  onProgress: (line) => process.stderr.write(`… ${line}\n`),
});
const md = toMarkdown(report);
mkdirSync(values.out, { recursive: true });
const stamp = report.date.replace(/[:.]/g, '-');
writeFileAtomic(join(values.out, `bench-${stamp}.md`), md);
writeFileAtomic(join(values.out, `bench-${stamp}.json`), JSON.stringify(report, null, 2));
process.stdout.write(md);
process.stderr.write(`wrote ${join(values.out, `bench-${stamp}`)}.{md,json}\n`);
