/** `linclass bench` (and `npm run bench`): every workload, linclass beside every peer present, in one run. */
import { join } from 'node:path';
import { runBenchmarks, toMarkdown, WORKLOADS, type WorkloadId } from '../../bench/index.js';
import { prepareRunFolder } from '../run-folder.js';
import { parseFlags, parseInteger, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass bench: linclass's kernels beside numpy, PyTorch, scikit-learn, tfjs, ml.js and plain JS

Usage: linclass bench [--quick] [--workloads W1,W2,W3,W4] [--repeats N] [--threads N] [--out runs/bench]

Workloads (MNIST from the package where data is needed):
  W1  sgemm 1024³ and 2048³ (float32)
  W2  the skinny products of a linear classifier: 60000×784 by 784×10, and dSᵀ·X
  W3  one softmax minibatch-SGD epoch on full MNIST (batch 256)
  W4  kNN on full MNIST: 10000 test × 60000 train, L2, k = 1, raw bytes

Each figure is the median of repeated runs; ratios are to numpy's time in the same run. Peers that are
not installed are listed as absent. Writes bench-<date>.md and .json into --out.

Options:
  --quick          every workload at a small size, one run (a smoke test, not a measurement)
  --workloads LIST a subset, e.g. W1,W4
  --repeats N      timed runs per measurement after a warm-up (default 5)
  --threads N      threads for linclass's threaded kernels and the Python peers (default: all cores)
  --out DIR        where the tables go (default runs/bench)
  --json           print the JSON report on stdout instead of the Markdown table
  -h, --help       this help`;

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmark the kernels against numpy, PyTorch, sklearn, tfjs, ml.js and plain JS',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('bench', argv, {
      quick: { type: 'boolean', default: false },
      workloads: { type: 'string' },
      repeats: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string', default: join('runs', 'bench') },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const workloads = values.workloads?.split(',').map((w) => w.trim().toUpperCase());
    const unknown = workloads?.filter((w) => !(WORKLOADS as readonly string[]).includes(w)) ?? [];
    if (unknown.length > 0) throw new UsageError(`--workloads: ${unknown.join(', ')} unknown; choose from ${WORKLOADS.join(',')}`);
    const repeats = values.repeats === undefined ? undefined : parseInteger(values.repeats, '--repeats', 1);
    const threads = values.threads === undefined ? undefined : parseInteger(values.threads, '--threads', 1);
    const folder = prepareRunFolder(values.out, 1024 * 1024);
    const report = await runBenchmarks({
      quick: values.quick,
      ...(repeats !== undefined ? { repeats } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(workloads ? { workloads: workloads as WorkloadId[] } : {}),
      onProgress: (line) => io.err(`… ${line}`),
    });
    const md = toMarkdown(report);
    const stamp = report.date.replace(/[:.]/g, '-');
    folder.write(`bench-${stamp}.md`, md);
    folder.writeJson(`bench-${stamp}.json`, report);
    if (values.json) io.out(JSON.stringify(report));
    else io.out(md.replace(/\n$/, ''));
    io.err(`wrote ${join(folder.path, `bench-${stamp}`)}.{md,json}`);
    return 0;
  },
};
