/** `linclass train`: fit a linear classifier, evaluate it, and write the run folder (with checkpoints if asked). */
import { existsSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { ArgumentError, ModelFormatError } from '../../errors.js';
import { LinearClassifier } from '../../models/linear-classifier.js';
import { LOSS_TITLES } from '../../losses/spec.js';
import type { HistoryRecord } from '../../report/curves-svg.js';
import { checkpointEvents, type TrainingCheckpoint } from '../../train/checkpoint.js';
import { saveCheckpoint } from '../../train/checkpoint-file.js';
import type { TrainEvent } from '../../train/events.js';
import {
  CHECKPOINT_FILE,
  estimateTrainBytes,
  formatCheckpointEvery,
  parseCheckpointEvery,
  readTrainCheckpoint,
  type CheckpointEvery,
  type TrainApp,
} from '../checkpoint-args.js';
import { DATA_FLAGS, DATA_HELP, holdOutValidation, loadData, parseDataArgs, parseValidationSize } from '../data-args.js';
import { onInterrupt } from '../interrupt.js';
import { confusionRows, evaluateTest, pct, perClassTable, scoreSplit, writePictures, writeReportPage } from '../linear-run.js';
import { formatDuration, progressMode, startProgress, type ProgressTask } from '../progress.js';
import { defaultRunPath, prepareRunFolder, removeStaleTemporaries } from '../run-folder.js';
import { fire, hookCounter, testHook } from '../test-hooks.js';
import { parseTrainArgs, TRAIN_FLAGS, TRAIN_HELP } from '../train-args.js';
import { givenFlags, parseFlags, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass train: fit a linear classifier (SVM or softmax loss) and write a report

Usage: linclass train [--data mnist] [--loss softmax] [--epochs 5] [--out DIR] [--json] …

Data:
${DATA_HELP}
  --val V              validation: a fraction of the training examples (default 0.1) or a count; the
                       last ones in official order are held out (as CS231n does); 0 for none
Training:
${TRAIN_HELP}
Output:
  --out DIR            the run folder (default runs/<date>-train): model.safetensors, report.json,
                       report.html, weights.png, curves.svg, confusion.svg
  --checkpoint-every N write checkpoint.safetensors into the run folder every N steps (500 or 500steps)
                       or every N epochs (1epoch, 2epochs); it is replaced atomically each time, kept when
                       the run stops early, and removed once the run's results are written
  --resume DIR         continue the run in DIR from its checkpoint, with the arguments recorded there
                       (only --quiet and --json may be added); the run ends as if never interrupted
  --quiet              no progress on stderr
  --json               one JSON object on stdout (the last line) with every figure measured
  -h, --help           this help

Ctrl-C stops after the current step; what was trained so far is still evaluated and written (and, with
--checkpoint-every, a checkpoint of where it stopped, for --resume).`;

const FLAGS = {
  ...DATA_FLAGS,
  ...TRAIN_FLAGS,
  val: { type: 'string' },
  out: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** What a resumed run brings: its folder, the checkpoint, and the arguments it was started with. */
interface Resume {
  readonly dir: string;
  readonly checkpoint: TrainingCheckpoint;
  readonly app: TrainApp;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a linear classifier (ww, ova, cs, squared hinge or softmax) and write model + report',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('train', argv, FLAGS);
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.resume === undefined) return trainRun(argv, io, null, { quiet: values.quiet, json: values.json });
    // A resumed run takes every argument from its checkpoint; only how it reports may change.
    const extra = givenFlags(argv).filter((f) => !['resume', 'quiet', 'json'].includes(f));
    if (extra.length > 0) {
      throw new UsageError(`--resume continues with the arguments recorded in the checkpoint; drop ${extra.map((f) => `--${f}`).join(', ')} (only --quiet and --json may be added)`);
    }
    const { checkpoint, app } = readTrainCheckpoint(values.resume);
    return trainRun(app.argv, io, { dir: values.resume, checkpoint, app }, { quiet: values.quiet, json: values.json });
  },
};

/**
 * One training run: `argv` are the train flags the run was started with (the recorded ones when resuming),
 * `output` how this process reports.
 */
async function trainRun(argv: readonly string[], io: Io, resume: Resume | null, output: { quiet: boolean; json: boolean }): Promise<number> {
  const { values: given } = parseFlags('train', argv, FLAGS);
  const values = resume ? { ...resolveRecordedPaths(given, resume.app.cwd), quiet: output.quiet, json: output.json } : given;
  // Every flag is checked before any file is touched.
  parseDataArgs(values);
  const parsed = parseTrainArgs(values);
  const valSize = parseValidationSize(values.val, 0.1);
  const every: CheckpointEvery | null = values['checkpoint-every'] === undefined ? null : parseCheckpointEvery(values['checkpoint-every']);
  const hook = testHook();
  const outPath = resume ? resume.dir : (values.out ?? defaultRunPath('train'));
  const folder = prepareRunFolder(outPath, 4 * 1024 * 1024);
  const checkpointPath = join(folder.path, CHECKPOINT_FILE);
  if (resume) removeStaleTemporaries(folder.path);

  const data = loadData(values, parsed.seed);
  const { train, validation } = holdOutValidation(data.train, valSize(data.train.X.rows));
  const stepsPerEpoch = Math.ceil(train.X.rows / parsed.batchSize);
  const schedule = parsed.schedule(stepsPerEpoch);
  const model = new LinearClassifier({ ...parsed.config, ...(schedule ? { schedule } : {}) });
  // Now that the sizes are known: room for the model, the pictures and (twice, while one replaces the other) a checkpoint.
  folder.ensureSpace(estimateTrainBytes(model.config, train, every !== null), every ? 'the run (with its checkpoints)' : 'the run');

  const mode = progressMode(process.stderr, values.quiet);
  const history: HistoryRecord[] = [];
  const epochs: Extract<TrainEvent, { type: 'epoch' }>[] = [];
  let bar: ProgressTask | null = null;
  let totalEpochs = 0;
  let kernelsLine = '';
  const record = (e: TrainEvent): void => {
    if (e.type === 'step') {
      history.push({ epoch: e.epoch - 1 + e.batch / stepsPerEpoch, step: e.step, dataLoss: e.dataLoss, regLoss: e.regLoss, totalLoss: e.loss });
    } else if (e.type === 'epoch') {
      epochs.push(e);
      history.push({ epoch: e.epoch, step: e.step, trainAccuracy: e.trainAccuracy, valAccuracy: e.validationAccuracy });
    }
  };
  // A resumed run's curves and tables start with what happened before the checkpoint.
  if (resume) for (const e of checkpointEvents(resume.checkpoint)) record(e);
  const onEvent = (e: TrainEvent): void => {
    record(e);
    switch (e.type) {
      case 'start': {
        const from = e.resumedFrom;
        totalEpochs = (from?.epoch ?? 0) + e.epochs;
        kernelsLine = `${e.kernels.name} (${e.kernels.threads} thread${e.kernels.threads === 1 ? '' : 's'}): ${e.kernels.reason}`;
        if (mode !== 'quiet') {
          io.err(
            `linclass train: ${LOSS_TITLES[model.config.loss ?? 'softmax']} on ${data.source}: ${train.X.rows} training, ` +
              `${validation?.X.rows ?? 0} validation, ${data.test.X.rows} test examples; kernels ${kernelsLine}`,
          );
          if (from) io.err(`linclass train: resuming ${folder.path} at step ${from.step} (epoch ${from.epoch + 1}, minibatch ${from.batch + 1})`);
        }
        bar = startProgress(`epoch ${(from?.epoch ?? 0) + 1}/${totalEpochs}`, e.stepsPerEpoch, 'step', { mode });
        break;
      }
      case 'step':
        bar?.update(e.batch, { loss: e.loss.toFixed(4), acc: pct(e.batchAccuracy), lr: e.learningRate.toPrecision(3) });
        if (hook && 'at' in hook && hook.at === 'after-step' && e.step === hook.n) fire(hook, `after step ${e.step}`);
        break;
      case 'epoch': {
        bar?.finish({ loss: e.loss.toFixed(4) });
        bar?.log(
          `epoch ${e.epoch}/${totalEpochs}: loss ${e.loss.toFixed(4)} (data ${e.dataLoss.toFixed(4)} + reg ${e.regLoss.toFixed(4)}), ` +
            `train ${pct(e.trainAccuracy)}${e.validationAccuracy === null ? '' : `, validation ${pct(e.validationAccuracy)}`}, ${e.elapsed.toFixed(1)} s`,
        );
        if (e.epoch < totalEpochs) bar = startProgress(`epoch ${e.epoch + 1}/${totalEpochs}`, stepsPerEpoch, 'step', { mode });
        break;
      }
      case 'end':
        break;
    }
  };

  const app: TrainApp = resume ? resume.app : { command: 'train', argv: [...argv], cwd: process.cwd() };
  const midCheckpointWrite = hookCounter(hook, 'in-checkpoint-write');
  const checkpoint = every
    ? {
        every: every.count,
        unit: every.unit,
        save: (cp: TrainingCheckpoint) =>
          saveCheckpoint(checkpointPath, cp, { ...app }, { midWrite: () => midCheckpointWrite(`in a write of ${checkpointPath}`) }),
      }
    : undefined;
  const interrupt = onInterrupt((line) => io.err(line));
  let summary;
  try {
    summary = await model.fit(train, {
      ...(validation ? { validation } : {}),
      onEvent,
      signal: interrupt.signal,
      ...(checkpoint ? { checkpoint } : {}),
      ...(resume ? { resume: resume.checkpoint } : {}),
    });
  } catch (err) {
    // A checkpoint that does not fit this data or configuration is a fault of the checkpoint, not of flags.
    if (resume && err instanceof ArgumentError && err.argument === 'resume') throw new ModelFormatError(checkpointPath, `cannot resume: ${err.message}`);
    throw err;
  } finally {
    interrupt.dispose();
  }

  const classes = data.train.classNames.length;
  const trainScore = scoreSplit(model, train);
  const valScore = validation ? scoreSplit(model, validation) : null;
  const test = evaluateTest(model, data.test, classes);
  const modelPath = folder.write('model.safetensors', model.toBytes());
  const title = `linclass train · ${LOSS_TITLES[model.state.config.loss.name]} on ${data.source}`;
  const pictures = writePictures(folder, { model, history, test, title });

  const cfg = model.state.config;
  const results = {
    testAccuracy: test.accuracy,
    testCorrect: test.correct,
    testTotal: test.total,
    trainAccuracy: trainScore.accuracy,
    valAccuracy: valScore?.accuracy ?? null,
    dataLoss: summary.dataLoss,
    regLoss: summary.regLoss,
    totalLoss: summary.dataLoss === null || summary.regLoss === null ? null : summary.dataLoss + summary.regLoss,
    epochs: summary.epochs,
    steps: summary.steps,
    seconds: summary.seconds,
    secondsPerEpoch: summary.epochs > 0 ? summary.seconds / summary.epochs : null,
    stopReason: summary.reason,
    kernels: summary.kernels,
    macroF1: test.macroF1,
  };
  const report = {
    command: 'train',
    argv: ['linclass', 'train', ...argv],
    ...(every ? { checkpointEvery: formatCheckpointEvery(every) } : {}),
    created: new Date().toISOString(),
    data: {
      source: data.source,
      train: train.X.rows,
      validation: validation?.X.rows ?? 0,
      test: data.test.X.rows,
      classNames: data.train.classNames,
      imageShape: data.train.imageShape,
      testNote: data.testNote,
    },
    config: cfg,
    results,
    perClass: { precision: test.precision, recall: test.recall, f1: test.f1, support: test.support },
    confusion: confusionRows(test.confusion),
    history: epochs.map(({ type: _type, kernels: _k, ...rest }) => rest),
    files: ['model.safetensors', 'report.json', 'report.html', ...pictures],
  };
  const reportPath = folder.writeJson('report.json', report);
  writeReportPage(
    folder,
    title,
    report.argv.join(' '),
    [
      ['test accuracy', `${pct(test.accuracy)} (${test.correct}/${test.total})`],
      ['train accuracy', pct(trainScore.accuracy)],
      ['validation accuracy', valScore ? pct(valScore.accuracy) : null],
      ['data loss (last epoch)', summary.dataLoss],
      ['regularization loss λR(W)', summary.regLoss],
      ['epochs', summary.epochs],
      ['seconds', summary.seconds],
      ['seconds per epoch', results.secondsPerEpoch],
      ['stopped because', summary.reason],
      ['kernels', kernelsLine],
      ['loss', LOSS_TITLES[cfg.loss.name]],
      ['regularizer', `${cfg.regularizer.name} λ=${cfg.regularizer.lambda}`],
      ['optimizer', `${cfg.optimizer.name}, η=${cfg.learningRate}, schedule ${cfg.schedule.kind}, batch ${cfg.batchSize}`],
      ['data', `${data.source}: ${train.X.rows} train, ${validation?.X.rows ?? 0} validation, ${data.test.X.rows} test`],
    ],
    [perClassTable(data.train.classNames, test)],
    pictures,
  );

  if (!values.json || mode !== 'quiet') {
    const lines = [
      `test accuracy ${pct(test.accuracy)} (${test.correct}/${test.total}), train ${pct(trainScore.accuracy)}` +
        `${valScore ? `, validation ${pct(valScore.accuracy)}` : ''}; ${summary.epochs} epoch(s) in ${formatDuration(summary.seconds)}` +
        `${summary.reason === 'completed' ? '' : ` (stopped: ${summary.reason})`}`,
      `wrote ${folder.path}${folder.path.endsWith('/') ? '' : '/'} (model.safetensors, report.json, report.html${pictures.length ? `, ${pictures.join(', ')}` : ''})`,
    ];
    for (const l of lines) (values.json ? io.err : io.out)(l);
  }
  // The results are written: a finished run needs its checkpoint no more; a stopped one keeps it for --resume.
  const finished = summary.reason === 'completed' || summary.reason === 'early-stopped';
  if (every && finished && existsSync(checkpointPath)) unlinkSync(checkpointPath);
  if (every && !finished && mode !== 'quiet') io.err(`linclass train: continue this run with: linclass train --resume ${folder.path}`);
  if (values.json) {
    io.out(
      JSON.stringify({
        ...results,
        modelPath,
        reportPath,
        outDir: folder.path,
        reportHtml: join(folder.path, 'report.html'),
        ...(every ? { checkpoint: finished ? null : checkpointPath } : {}),
        ...(resume ? { resumedFromStep: resume.checkpoint.training.step } : {}),
      }),
    );
  }
  return summary.reason === 'aborted' ? 130 : 0;
}

/** Relative data paths are relative to where the run was started, which need not be where it is resumed. */
function resolveRecordedPaths<T extends { data?: string | undefined; 'data-dir'?: string | undefined; 'test-data'?: string | undefined }>(values: T, cwd: string): T {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolvePath(cwd, p));
  const out = { ...values };
  if (out.data?.startsWith('csv:')) out.data = `csv:${abs(out.data.slice(4))}`;
  if (out['test-data']?.startsWith('csv:')) out['test-data'] = `csv:${abs(out['test-data'].slice(4))}`;
  if (out['data-dir'] !== undefined) out['data-dir'] = abs(out['data-dir']);
  return out;
}
