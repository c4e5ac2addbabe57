/**
 * `linclass compare` (what `npm start` runs): the lecture's models side by side on MNIST — softmax and the
 * Weston–Watkins SVM trained on the full training set, kNN on a subset — each through its own command, so
 * the figures here are exactly what `train` and `knn` report, and a table at the end.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { reportHtml } from '../../report/report-html.js';
import { DATA_FLAGS } from '../data-args.js';
import { defaultRunPath, prepareRunFolder } from '../run-folder.js';
import { parseFlags, parseInteger, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';
import { knnCommand } from './knn.js';
import { trainCommand } from './train.js';

const HELP = `linclass compare: softmax, the multiclass SVM and kNN on the same data, side by side

Usage: linclass compare [--data mnist] [--epochs 5] [--knn-train-limit N] [--knn-test-limit 1000] [--out DIR]

Trains a softmax classifier and a Weston–Watkins SVM with the default settings (as 'linclass train'), runs
k-nearest neighbours (k = 1, L2, raw pixels) on the first --knn-train-limit training and --knn-test-limit
test examples, and prints a table of test accuracies and times. Each model's run folder (model, report,
pictures) is inside the output folder, with a report.html that links them.

Options:
  --data, --data-dir, --train-limit, --test-limit    as for 'linclass train'
  --epochs N               epochs for both linear models (default: train's default)
  --kernels K              auto (default), ref, wasm, wasm-threads
  --knn-train-limit N      training examples kNN searches (default 0: all of them)
  --knn-test-limit M       test examples kNN classifies (default 1000; 0 for all)
  --out DIR                default runs/<date>-compare
  --quiet                  no progress on stderr
  --json                   one JSON object on stdout (the last line)
  -h, --help               this help`;

interface Row {
  readonly model: string;
  readonly testAccuracy: number;
  readonly testCorrect: number;
  readonly testTotal: number;
  readonly seconds: number;
  readonly folder: string;
}

/** Runs another command in-process with --json, relaying its progress, and returns its JSON. */
async function runJson(command: Command, argv: string[], io: Io): Promise<Record<string, unknown>> {
  let last = '';
  const code = await command.run([...argv, '--json'], { out: (line) => (last = line), err: (line) => io.err(line) });
  if (code !== 0) throw new UsageError(`compare: 'linclass ${command.name} ${argv.join(' ')}' stopped with status ${code}`);
  return JSON.parse(last) as Record<string, unknown>;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'softmax vs SVM vs kNN on MNIST, side by side (what npm start runs)',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('compare', argv, {
      ...DATA_FLAGS,
      epochs: { type: 'string' },
      kernels: { type: 'string' },
      'knn-train-limit': { type: 'string', default: '0' },
      'knn-test-limit': { type: 'string', default: '1000' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const knnTrain = parseInteger(values['knn-train-limit'], '--knn-train-limit', 0);
    const knnTest = parseInteger(values['knn-test-limit'], '--knn-test-limit', 0);
    const out = values.out ?? defaultRunPath('compare');
    const folder = prepareRunFolder(out, 8 * 1024 * 1024);
    const common: string[] = [];
    for (const flag of ['data', 'data-dir', 'test-data', 'kernels'] as const) {
      if (values[flag] !== undefined) common.push(`--${flag}`, values[flag]);
    }
    if (values.quiet) common.push('--quiet');
    const limits = (train: string | undefined, test: string | undefined): string[] => [
      ...(train !== undefined ? ['--train-limit', train] : []),
      ...(test !== undefined ? ['--test-limit', test] : []),
    ];
    const trainLimits = limits(values['train-limit'], values['test-limit']);
    const epochs = values.epochs !== undefined ? ['--epochs', values.epochs] : [];

    const rows: Row[] = [];
    for (const [loss, title] of [
      ['softmax', 'softmax (linear)'],
      ['ww', 'multiclass SVM (Weston–Watkins, linear)'],
    ] as const) {
      const dir = join(out, loss);
      const j = await runJson(trainCommand, ['--loss', loss, ...common, ...trainLimits, ...epochs, '--out', dir], io);
      const report = j as { testAccuracy: number; testCorrect: number; testTotal: number; seconds: number };
      rows.push({ model: title, ...pick(report), seconds: report.seconds, folder: loss });
    }
    const knnDir = join(out, 'knn');
    const knnLimits = limits(knnTrain > 0 ? String(knnTrain) : values['train-limit'], knnTest > 0 ? String(knnTest) : values['test-limit']);
    const k = await runJson(knnCommand, ['--k', '1', ...common, ...knnLimits, '--out', knnDir], io);
    rows.push({
      model: 'kNN (k = 1, L2, raw pixels)',
      testAccuracy: k['accuracy'] as number,
      testCorrect: k['correct'] as number,
      testTotal: k['total'] as number,
      seconds: k['seconds'] as number,
      folder: 'knn',
    });

    const width = Math.max(...rows.map((r) => r.model.length));
    const table = [
      `${'model'.padEnd(width)}  test accuracy          seconds  report`,
      ...rows.map(
        (r) =>
          `${r.model.padEnd(width)}  ${`${(100 * r.testAccuracy).toFixed(2)}% (${r.testCorrect}/${r.testTotal})`.padEnd(21)}  ${`${r.seconds.toFixed(1)} s`.padStart(7)}  ${join(out, r.folder, 'report.html')}`,
      ),
    ];
    folder.writeJson('report.json', { command: 'compare', argv: ['linclass', 'compare', ...argv], created: new Date().toISOString(), rows });
    folder.write(
      'report.html',
      reportHtml({
        title: 'linclass compare · softmax vs SVM vs kNN',
        subtitle: ['linclass', 'compare', ...argv].join(' '),
        figures: rows.map((r) => [r.model, `${(100 * r.testAccuracy).toFixed(2)}% (${r.testCorrect}/${r.testTotal}), ${r.seconds.toFixed(1)} s — see ${r.folder}/report.html`] as const),
        pictures: [
          { file: 'softmax/weights.png', caption: 'Softmax: learned templates' },
          { file: 'ww/weights.png', caption: 'Multiclass SVM: learned templates' },
        ].filter((p) => existsSync(join(out, p.file))),
      }),
    );
    if (values.json) {
      io.out(JSON.stringify({ rows, outDir: out }));
    } else {
      io.out('');
      for (const line of table) io.out(line);
      io.out('');
      io.out(`report: ${join(out, 'report.html')}`);
    }
    return 0;
  },
};

function pick(r: { testAccuracy: number; testCorrect: number; testTotal: number }) {
  return { testAccuracy: r.testAccuracy, testCorrect: r.testCorrect, testTotal: r.testTotal };
}
