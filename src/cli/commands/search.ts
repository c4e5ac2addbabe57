/**
 * `linclass search`: random or grid search over learning rate, λ, loss and batch size, each trial trained
 * like `linclass train` and scored on a validation split held out of the training examples; the trials run
 * in parallel on worker threads (one thread each). Every finished trial is saved at once (trials.json,
 * trials.csv, its model), so a killed search resumes where it was (--resume) and ends with the same ranked
 * table. The best trial's model is evaluated on the test set once, at the end.
 */
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Dataset } from '../../data/types.js';
import { DataFormatError, IoError, LinclassError } from '../../errors.js';
import { KERNEL_CHOICES } from '../../kernels/select.js';
import { LOSS_NAMES, LOSS_TITLES, type LossName } from '../../losses/spec.js';
import { LinearClassifier } from '../../models/linear-classifier.js';
import type { LinearClassifierConfig } from '../../models/linear-config.js';
import { fingerprintData, sameFingerprint } from '../../train/checkpoint.js';
import {
  DEFAULT_LAMBDA_RANGE,
  defaultLearningRateRange,
  MAX_TRIALS,
  planTrials,
  trialCount,
  rankTrials,
  type LogRange,
  type SearchMode,
  type Trial,
  type TrialResult,
} from '../../train/search.js';
import { DATA_FLAGS, DATA_HELP, holdOutValidation, loadData, parseDataArgs, parseValidationSize } from '../data-args.js';
import { onInterrupt } from '../interrupt.js';
import { confusionRows, evaluateTest, pct, perClassTable, writePictures, writeReportPage } from '../linear-run.js';
import { formatDuration, progressMode, startProgress } from '../progress.js';
import { defaultRunPath, prepareRunFolder, removeStaleTemporaries } from '../run-folder.js';
import {
  PLAN_FILE,
  readFinishedTrials,
  readPlan,
  trialModelName,
  trialsCsv,
  trialsJson,
  TRIALS_CSV,
  TRIALS_DIR,
  TRIALS_JSON,
  type SearchPlan,
} from '../search-files.js';
import { describeTrial, fmtLambda, fmtRate, rankedTable } from '../search-table.js';
import type { SearchWorkerData, SharedSplit, TrialMessage, TrialReply } from '../search-worker.js';
import { hookCounter, testHook } from '../test-hooks.js';
import { parseTrainArgs } from '../train-args.js';
import { givenFlags, parseChoice, parseFlags, parseInteger, parseNumber, UsageError } from '../usage.js';
import { runPool } from '../worker-pool.js';
import type { Command, Io } from './command.js';

const HELP = `linclass search: random or grid search over learning rate, λ, loss and batch size, scored on validation

Usage: linclass search (--trials N | --grid) [--data mnist] [--loss softmax,ww] [--workers W] [--out DIR] …
       linclass search --resume DIR

Search (random: each trial draws every setting; grid: every combination):
  --trials N           random search with N trials
  --grid               grid search: --grid-points values of η and of λ (log-spaced), × losses × batch sizes
  --grid-points K      values per log-scale axis in a grid (default 3)
  --lr LO:HI           η range, searched on a log scale; or one value (default: from a tenth of the training
                       default to three times it, per loss: 0.03:0.9, and 0.001:0.03 for the squared hinge)
  --lambda LO:HI       λ range, on a log scale; or one value, 0 for none (default 1e-6:1e-2)
  --loss L1,L2,…       losses to try: ww, ova, cs, squared, softmax (default softmax,ww)
  --batch-size B1,B2,… batch sizes to try (default 64,128,256)
  --reg l2|l1          the regularizer λ scales (default l2)
  --seed S             seed of the plan: every trial's settings and training seed are drawn from it up front,
                       so results do not depend on which worker runs what, or when (default 0)
Every trial trains like 'linclass train' with:
  --epochs N --optimizer NAME --mu μ --schedule SPEC --warmup E --init-scale σ --reg-bias
  --kernels K          per trial (default: one thread per trial, WebAssembly where built, else reference)
Data:
${DATA_HELP}
  --val V              the validation split that scores trials: a fraction (default 0.1) or a count of the
                       training examples, the last ones in official order; the test set is used once, for
                       the best trial only
Running:
  --workers W          trials at a time, one worker thread each (default: the number of cores)
  --out DIR            the run folder (default runs/<date>-search): trials.csv, trials.json, trials/,
                       model.safetensors (the best trial's), report.json, report.html, weights.png, confusion.svg
  --resume DIR         finish the search in DIR: its finished trials are kept, the others run (only --workers,
                       --quiet and --json may be added)
  --quiet              no progress on stderr
  --json               one JSON object on stdout (the last line)
  -h, --help           this help

A trial that diverges or fails is recorded as failed with its error; the others go on. A worker that dies
is replaced and its trial given once more; if it dies again, the trial is recorded as failed.
Ctrl-C stops the running trials and writes the table of those finished; --resume DIR continues.`;

const FLAGS = {
  ...DATA_FLAGS,
  trials: { type: 'string' },
  grid: { type: 'boolean', default: false },
  'grid-points': { type: 'string' },
  lr: { type: 'string' },
  lambda: { type: 'string' },
  loss: { type: 'string' },
  'batch-size': { type: 'string' },
  reg: { type: 'string' },
  seed: { type: 'string' },
  epochs: { type: 'string' },
  optimizer: { type: 'string' },
  mu: { type: 'string' },
  schedule: { type: 'string' },
  warmup: { type: 'string' },
  'init-scale': { type: 'string' },
  'reg-bias': { type: 'boolean', default: false },
  kernels: { type: 'string' },
  val: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

/** "LO:HI" or one value; log-scale ranges need lo > 0 unless the value is fixed. */
function parseRange(text: string, flag: string, allowZero: boolean): LogRange {
  const parts = text.split(':');
  if (parts.length > 2) throw new UsageError(`${flag}: write LO:HI or one value (got '${text}')`);
  const lo = parseNumber(parts[0]!, flag);
  const hi = parts.length === 2 ? parseNumber(parts[1]!, flag) : lo;
  if (lo < 0 || hi < lo) throw new UsageError(`${flag}: '${text}' must be LO:HI with 0 ≤ LO ≤ HI`);
  if (lo === 0 && (!allowZero || hi > 0)) {
    throw new UsageError(`${flag}: '${text}' ${allowZero ? 'is a log-scale range, which cannot start at 0; start it at a small value such as 1e-7, or write 0 alone for none' : 'must be > 0'}`);
  }
  return { lo, hi };
}

function parseList<T>(text: string, flag: string, item: (t: string) => T): T[] {
  const items = text.split(',').map((t) => item(t.trim()));
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(String(it))) throw new UsageError(`${flag}: '${String(it)}' is listed twice`);
    seen.add(String(it));
  }
  return items;
}

interface ParsedSearch {
  readonly mode: SearchMode;
  readonly losses: LossName[];
  readonly batchSizes: number[];
  readonly lr: LogRange | null;
  readonly lambda: LogRange;
  readonly reg: 'l2' | 'l1';
  readonly seed: number;
  /** Optimizer, schedule, epochs… shared by every trial; the schedule is sized per batch size. */
  readonly base: ReturnType<typeof parseTrainArgs>;
  readonly kernels: (typeof KERNEL_CHOICES)[number] | null;
  readonly val: (n: number) => number;
}

/** Every search flag, checked without touching a file. */
function parseSearch(values: Values): ParsedSearch {
  parseDataArgs(values);
  if (values.trials !== undefined && values.grid) throw new UsageError('search: give --trials N (random search) or --grid (grid search), not both');
  if (values.trials === undefined && !values.grid) throw new UsageError('search: give --trials N for a random search or --grid for a grid search');
  if (values['grid-points'] !== undefined && !values.grid) throw new UsageError('--grid-points applies to --grid only');
  const mode: SearchMode =
    values.trials !== undefined
      ? { kind: 'random', trials: parseInteger(values.trials, '--trials', 1) }
      : { kind: 'grid', points: values['grid-points'] === undefined ? 3 : parseInteger(values['grid-points'], '--grid-points', 1) };
  const losses = parseList(values.loss ?? 'softmax,ww', '--loss', (t) => parseChoice(t, '--loss', LOSS_NAMES) as LossName);
  const batchSizes = parseList(values['batch-size'] ?? '64,128,256', '--batch-size', (t) => parseInteger(t, '--batch-size', 1));
  const lr = values.lr === undefined ? null : parseRange(values.lr, '--lr', false);
  const lambda = values.lambda === undefined ? DEFAULT_LAMBDA_RANGE : parseRange(values.lambda, '--lambda', true);
  const reg = values.reg === undefined ? 'l2' : parseChoice(values.reg, '--reg', ['l2', 'l1'] as const);
  const seed = values.seed === undefined ? 0 : parseInteger(values.seed, '--seed', 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed: '${values.seed}' must be at most 4294967295`);
  const base = parseTrainArgs({
    epochs: values.epochs,
    optimizer: values.optimizer,
    mu: values.mu,
    schedule: values.schedule,
    warmup: values.warmup,
    'init-scale': values['init-scale'],
    'reg-bias': values['reg-bias'],
  });
  const count = trialCount({ losses, batchSizes, learningRate: (loss) => lr ?? defaultLearningRateRange(loss), lambda }, mode);
  if (count > MAX_TRIALS) {
    throw new UsageError(`search: ${mode.kind === 'random' ? '--trials' : 'the grid'} asks for ${count} trials; at most ${MAX_TRIALS} (${mode.kind === 'random' ? 'use fewer' : 'use fewer --grid-points, losses or batch sizes'})`);
  }
  const kernels = values.kernels === undefined ? null : parseChoice(values.kernels, '--kernels', KERNEL_CHOICES);
  const val = parseValidationSize(values.val, 0.1);
  if (values.val !== undefined && Number(values.val) === 0) throw new UsageError('--val: a search scores its trials on a validation split; give a fraction > 0 or a count ≥ 1');
  return { mode, losses, batchSizes, lr, lambda, reg, seed, base, kernels, val };
}


/** A copy of a split's arrays in shared memory, for every worker to read without copying. */
function share(d: Dataset): SharedSplit {
  const X = d.X.data;
  const features = new SharedArrayBuffer(X.byteLength);
  new Uint8Array(features).set(new Uint8Array(X.buffer, X.byteOffset, X.byteLength));
  const labels = new SharedArrayBuffer(d.labels.byteLength);
  new Int32Array(labels).set(d.labels);
  return { features, kind: X instanceof Uint8Array ? 'u8' : 'f32', rows: d.X.rows, cols: d.X.cols, labels };
}

/** The configuration of one trial: the shared settings plus the trial's own. */
function trialConfig(p: ParsedSearch, t: Trial, trainRows: number): LinearClassifierConfig {
  const { kernels: _k, ...rest } = p.base.config;
  const schedule = p.base.schedule(Math.ceil(trainRows / Math.min(t.batchSize, trainRows)));
  return {
    ...rest,
    loss: t.loss,
    learningRate: t.learningRate,
    ...(t.lambda === 0 ? { reg: 'none' as const } : { reg: p.reg, lambda: t.lambda }),
    batchSize: t.batchSize,
    seed: t.seed,
    ...(schedule ? { schedule } : {}),
  };
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'search learning rate, λ, loss and batch size in parallel; rank trials on validation, save the best',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('search', argv, FLAGS);
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    const workersFlag = values.workers === undefined ? null : parseInteger(values.workers, '--workers', 1);
    if (values.resume === undefined) return search(argv, values, null, workersFlag, io);
    const extra = givenFlags(argv).filter((f) => !['resume', 'workers', 'quiet', 'json'].includes(f));
    if (extra.length > 0) {
      throw new UsageError(`--resume finishes the search with the arguments recorded in ${PLAN_FILE}; drop ${extra.map((f) => `--${f}`).join(', ')} (only --workers, --quiet and --json may be added)`);
    }
    const plan = readPlan(values.resume);
    const { values: recorded } = parseFlags('search', plan.argv, FLAGS);
    if (recorded.resume !== undefined) throw new DataFormatError(join(values.resume, PLAN_FILE), 'its argv may not hold --resume');
    const cwd = plan.cwd;
    const abs = (p: string): string => (isAbsolute(p) ? p : resolvePath(cwd, p));
    const merged: Values = {
      ...recorded,
      ...(recorded.data?.startsWith('csv:') ? { data: `csv:${abs(recorded.data.slice(4))}` } : {}),
      ...(recorded['test-data']?.startsWith('csv:') ? { 'test-data': `csv:${abs(recorded['test-data'].slice(4))}` } : {}),
      ...(recorded['data-dir'] !== undefined ? { 'data-dir': abs(recorded['data-dir']) } : {}),
      quiet: values.quiet,
      json: values.json,
    };
    return search(plan.argv, merged, { dir: values.resume, plan }, workersFlag, io);
  },
};

async function search(argv: readonly string[], values: Values, resume: { dir: string; plan: SearchPlan } | null, workersFlag: number | null, io: Io): Promise<number> {
  const p = parseSearch(values);
  const hook = testHook();
  const outPath = resume ? resume.dir : (values.out ?? defaultRunPath('search'));
  const folder = prepareRunFolder(outPath, 4 * 1024 * 1024);
  if (resume) {
    removeStaleTemporaries(folder.path);
    removeStaleTemporaries(join(folder.path, TRIALS_DIR));
  }
  const mode = progressMode(process.stderr, values.quiet);
  const say = (line: string): void => {
    if (mode !== 'quiet') io.err(line);
  };
  const t0 = performance.now();

  const data = loadData(values, p.seed);
  const { train, validation } = holdOutValidation(data.train, p.val(data.train.X.rows));
  if (!validation) throw new UsageError('--val: a search scores its trials on a validation split; give a fraction > 0 or a count ≥ 1');
  const trials = planTrials(
    { losses: p.losses, batchSizes: p.batchSizes, learningRate: (loss) => p.lr ?? defaultLearningRateRange(loss), lambda: p.lambda },
    p.mode,
    p.seed,
  );
  const fingerprints = { train: fingerprintData(train), validation: fingerprintData(validation) };
  const planFile = join(folder.path, PLAN_FILE);
  let finished: TrialResult[] = [];
  if (resume) {
    if (JSON.stringify(resume.plan.trials) !== JSON.stringify(trials)) {
      throw new DataFormatError(planFile, 'its trials are not the ones its arguments draw (was it edited, or written by another version of linclass?); start a new search');
    }
    const d = resume.plan.data as { train?: unknown; validation?: unknown };
    if (!sameFingerprint(d.train as never, fingerprints.train) || !sameFingerprint(d.validation as never, fingerprints.validation)) {
      throw new DataFormatError(planFile, 'the data has changed since the search started (its fingerprints differ); resume on the same data or start a new search');
    }
    finished = readFinishedTrials(folder.path, trials);
  }
  const C = data.train.classNames.length;
  const modelBytes = 4 * C * (train.X.cols + 1) + 8 * train.X.cols + 16 * 1024;
  folder.ensureSpace(trials.length * modelBytes * 1.1 + 2 * 1024 * 1024, `the search (${trials.length} trial models)`);
  if (!resume) {
    const plan: SearchPlan = { format: 'linclass-search-plan', version: 1, command: 'search', argv: [...argv], cwd: process.cwd(), data: fingerprints, trials };
    folder.writeJson(PLAN_FILE, plan);
  }
  mkdirSync(join(folder.path, TRIALS_DIR), { recursive: true });

  const done = new Set(finished.map((r) => r.id));
  const todo = trials.filter((t) => !done.has(t.id));
  const cores = availableParallelism();
  const workers = Math.max(1, Math.min(workersFlag ?? cores, todo.length));
  say(
    `linclass search: ${p.mode.kind === 'random' ? `random search, ${trials.length} trials` : `grid search, ${trials.length} trials`} on ${data.source}: ` +
      `${train.X.rows} training, ${validation.X.rows} validation examples; ${workers} worker thread${workers === 1 ? '' : 's'} ` +
      `(${cores} core${cores === 1 ? '' : 's'}), one thread per trial` +
      (resume ? `; resuming ${folder.path}: ${finished.length} trial(s) already finished, ${todo.length} to run` : ''),
  );

  const results = new Map<number, TrialResult>(finished.map((r) => [r.id, r]));
  const afterTrial = hookCounter(hook, 'after-trials');
  // A bar on a terminal; in a log, the one line per trial is the progress.
  const bar = startProgress('trials', trials.length, 'trial', { mode: mode === 'bar' ? 'bar' : 'quiet' });
  const note = (line: string): void => (mode === 'bar' ? bar.log(line) : say(line));
  bar.update(results.size);
  const record = (r: TrialResult): void => {
    results.set(r.id, r);
    const all = [...results.values()];
    folder.writeJson(TRIALS_JSON, trialsJson(all));
    folder.write(TRIALS_CSV, trialsCsv(all));
    note(
      `trial ${r.id} of ${trials.length} (${describeTrial(r)}): ` +
        (r.status === 'ok' ? `validation ${pct(r.valAccuracy)}, train ${pct(r.trainAccuracy)}, ${r.seconds.toFixed(1)} s` : `failed: ${r.error}`),
    );
    bar.update(results.size);
    afterTrial(`after recording trial ${r.id}`);
  };

  let stopped = false;
  if (todo.length > 0) {
    const shared: SearchWorkerData = {
      train: share(train),
      validation: share(validation),
      classNames: data.train.classNames,
      imageShape: data.train.imageShape,
    };
    const workerUrl = new URL('../search-worker.js', import.meta.url);
    // Worker threads run JavaScript: from the TypeScript sources (as tests import them) there is none to run.
    if (!existsSync(fileURLToPath(workerUrl))) throw new IoError(fileURLToPath(workerUrl), 'is missing: search runs its trials from the built CLI (npm run build)');
    const run = runPool<Trial>({
      size: workers,
      spawn: () => new Worker(workerUrl, { workerData: shared }),
      tasks: todo,
      message: (t, attempt): TrialMessage => ({ trial: t, config: trialConfig(p, t, train.X.rows), kernels: p.kernels, attempt }),
      onResult: (t, reply, attempt) => {
        const m = reply as TrialReply;
        if (m.status === 'ok') {
          // The model first: a trial in trials.json always has its model beside it.
          folder.write(trialModelName(t.id), m.model);
          record({ ...t, status: 'ok', valAccuracy: m.valAccuracy, trainAccuracy: m.trainAccuracy, dataLoss: m.dataLoss, regLoss: m.regLoss, epochs: m.epochs, seconds: m.seconds, attempts: attempt, kernels: m.kernels });
        } else {
          record({ ...t, status: 'failed', error: m.error, code: m.code, seconds: m.seconds, attempts: attempt });
        }
      },
      onLost: (t, reason, attempts) => {
        record({ ...t, status: 'failed', error: `${reason}, on each of ${attempts} attempts`, code: 'E_WORKER', seconds: 0, attempts });
      },
      onRetry: (t, reason, attempt) => note(`trial ${t.id}: ${reason}; a new worker runs it again (attempt ${attempt})`),
    });
    const interrupt = onInterrupt(
      (line) => io.err(line),
      () => run.stop(),
      'linclass: stopping the running trials and writing the table of the finished ones (Ctrl-C again to quit now)',
    );
    try {
      stopped = (await run.done) === 'stopped';
    } finally {
      interrupt.dispose();
    }
  }
  bar.finish();

  const ranked = rankTrials([...results.values()]);
  const okCount = ranked.filter((r) => r.status === 'ok').length;
  const failedCount = ranked.length - okCount;
  const best = ranked[0]?.status === 'ok' ? ranked[0] : null;
  const seconds = (performance.now() - t0) / 1000;

  let test = null;
  let pictures: string[] = [];
  let modelPath: string | null = null;
  if (best && !stopped && results.size === trials.length) {
    const bestFile = join(folder.path, trialModelName(best.id));
    const model = LinearClassifier.fromBytes(readFileSync(bestFile), { file: bestFile });
    modelPath = folder.write('model.safetensors', readFileSync(bestFile));
    // The test set, once, for the chosen model only.
    test = evaluateTest(model, data.test, C);
    pictures = writePictures(folder, { model, history: null, test, title: `linclass search · best trial ${best.id}` });
  }
  const complete = !stopped && results.size === trials.length;
  const bestOut = best
    ? {
        ...best,
        ...(test ? { testAccuracy: test.accuracy, testCorrect: test.correct, testTotal: test.total } : {}),
      }
    : null;
  const rankedOut = ranked.map((r, i) => ({ rank: r.status === 'ok' ? i + 1 : null, ...r }));
  const report = {
    command: 'search',
    argv: ['linclass', 'search', ...argv],
    created: new Date().toISOString(),
    complete,
    data: {
      source: data.source,
      train: train.X.rows,
      validation: validation.X.rows,
      test: data.test.X.rows,
      classNames: data.train.classNames,
      imageShape: data.train.imageShape,
      testNote: data.testNote,
    },
    space: {
      mode: p.mode,
      losses: p.losses,
      batchSizes: p.batchSizes,
      learningRate: Object.fromEntries(p.losses.map((l) => [l, p.lr ?? defaultLearningRateRange(l)])),
      lambda: p.lambda,
      reg: p.reg,
      seed: p.seed,
    },
    workers,
    trials: rankedOut,
    best: bestOut,
    ...(test ? { confusion: confusionRows(test.confusion), perClass: { precision: test.precision, recall: test.recall, f1: test.f1, support: test.support } } : {}),
    seconds,
    files: [PLAN_FILE, TRIALS_JSON, TRIALS_CSV, `${TRIALS_DIR}/`, ...(modelPath ? ['model.safetensors'] : []), 'report.json', 'report.html', ...pictures],
  };
  const reportPath = folder.writeJson('report.json', report);
  writeReportPage(
    folder,
    `linclass search · ${trials.length} trials on ${data.source}`,
    report.argv.join(' '),
    [
      ['best trial', best ? `${best.id}: ${LOSS_TITLES[best.loss]}, batch ${best.batchSize}, η ${fmtRate(best.learningRate)}, λ ${fmtLambda(best.lambda)}` : null],
      ['best validation accuracy', best ? pct(best.valAccuracy) : null],
      ['test accuracy of the best model (measured once)', test ? `${pct(test.accuracy)} (${test.correct}/${test.total})` : null],
      ['trials finished / failed / planned', `${okCount} / ${failedCount} / ${trials.length}`],
      ['workers', workers],
      ['seconds', seconds],
      ['data', `${data.source}: ${train.X.rows} train, ${validation.X.rows} validation, ${data.test.X.rows} test`],
    ],
    [
      {
        heading: 'Trials, best first (validation accuracy)',
        rows: ranked.map((r, i) => [
          `${r.status === 'ok' ? `#${i + 1}` : 'failed'} · trial ${r.id}`,
          `${describeTrial(r)}: ${r.status === 'ok' ? `validation ${pct(r.valAccuracy)}, train ${pct(r.trainAccuracy)}` : `${r.code}: ${r.error}`}`,
        ]),
      },
      ...(test ? [perClassTable(data.train.classNames, test)] : []),
    ],
    pictures,
  );

  const table = rankedTable(ranked);
  const lines = [
    ...table,
    '',
    best
      ? `best: trial ${best.id} (${describeTrial(best)}), validation ${pct(best.valAccuracy)}` +
        (test ? `; test accuracy ${pct(test.accuracy)} (${test.correct}/${test.total}), measured once, on this model only` : '')
      : 'no trial finished: every one failed (see the errors above and trials.csv)',
    `${okCount} finished, ${failedCount} failed${complete ? '' : `, ${trials.length - results.size} not run`} in ${formatDuration(seconds)}; ` +
      `wrote ${folder.path}${folder.path.endsWith('/') ? '' : '/'} (trials.csv, trials.json, ${modelPath ? 'model.safetensors, ' : ''}report.json, report.html${pictures.length ? `, ${pictures.join(', ')}` : ''})`,
  ];
  if (!values.json || mode !== 'quiet') for (const l of lines) (values.json ? io.err : io.out)(l);
  if (!complete) say(`linclass search: continue with: linclass search --resume ${folder.path}`);
  if (values.json) {
    io.out(
      JSON.stringify({
        complete,
        trials: trials.length,
        finished: okCount,
        failed: failedCount,
        workers,
        seconds,
        best: bestOut,
        ranked: rankedOut,
        outDir: folder.path,
        modelPath,
        reportPath,
        trialsCsv: join(folder.path, TRIALS_CSV),
        trialsJson: join(folder.path, TRIALS_JSON),
      }),
    );
  }
  if (stopped) return 130;
  if (!best) throw new SearchFailedError(join(folder.path, TRIALS_CSV));
  return 0;
}

/** Every trial failed: the search has no model to offer (exit 1). */
class SearchFailedError extends LinclassError {
  constructor(file: string) {
    super('E_DIVERGED', `every trial failed, so there is no best model; the errors are in ${file} (try a smaller --lr range)`);
  }
}
