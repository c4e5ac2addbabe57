/** `linclass train`: fit a linear classifier, evaluate it, and write the run folder. */
import { join } from 'node:path';
import { LinearClassifier } from '../../models/linear-classifier.js';
import { LOSS_TITLES } from '../../losses/spec.js';
import type { HistoryRecord } from '../../report/curves-svg.js';
import type { TrainEvent } from '../../train/events.js';
import { DATA_FLAGS, DATA_HELP, holdOutValidation, loadData, parseDataArgs, parseValidationSize } from '../data-args.js';
import { onInterrupt } from '../interrupt.js';
import { confusionRows, evaluateTest, pct, perClassTable, scoreSplit, writePictures, writeReportPage } from '../linear-run.js';
import { formatDuration, progressMode, startProgress, type ProgressTask } from '../progress.js';
import { defaultRunPath, prepareRunFolder } from '../run-folder.js';
import { parseTrainArgs, TRAIN_FLAGS, TRAIN_HELP } from '../train-args.js';
import { parseFlags } from '../usage.js';
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
  --quiet              no progress on stderr
  --json               one JSON object on stdout (the last line) with every figure measured
  -h, --help           this help

Ctrl-C stops after the current step; what was trained so far is still evaluated and written.`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a linear classifier (ww, ova, cs, squared hinge or softmax) and write model + report',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('train', argv, {
      ...DATA_FLAGS,
      ...TRAIN_FLAGS,
      val: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    // Every flag is checked before any file is touched.
    parseDataArgs(values);
    const parsed = parseTrainArgs(values);
    const valSize = parseValidationSize(values.val, 0.1);
    const outPath = values.out ?? defaultRunPath('train');
    const folder = prepareRunFolder(outPath, 4 * 1024 * 1024);

    const data = loadData(values, parsed.seed);
    const { train, validation } = holdOutValidation(data.train, valSize(data.train.X.rows));
    const stepsPerEpoch = Math.ceil(train.X.rows / parsed.batchSize);
    const schedule = parsed.schedule(stepsPerEpoch);
    const model = new LinearClassifier({ ...parsed.config, ...(schedule ? { schedule } : {}) });

    const mode = progressMode(process.stderr, values.quiet);
    const history: HistoryRecord[] = [];
    const epochs: Extract<TrainEvent, { type: 'epoch' }>[] = [];
    let bar: ProgressTask | null = null;
    let totalEpochs = 0;
    let kernelsLine = '';
    const onEvent = (e: TrainEvent): void => {
      switch (e.type) {
        case 'start':
          totalEpochs = e.epochs;
          kernelsLine = `${e.kernels.name} (${e.kernels.threads} thread${e.kernels.threads === 1 ? '' : 's'}): ${e.kernels.reason}`;
          if (mode !== 'quiet') {
            io.err(
              `linclass train: ${LOSS_TITLES[model.config.loss ?? 'softmax']} on ${data.source}: ${train.X.rows} training, ` +
                `${validation?.X.rows ?? 0} validation, ${data.test.X.rows} test examples; kernels ${kernelsLine}`,
            );
          }
          bar = startProgress(`epoch 1/${e.epochs}`, e.stepsPerEpoch, 'step', { mode });
          break;
        case 'step':
          history.push({ epoch: e.epoch - 1 + e.batch / stepsPerEpoch, step: e.step, dataLoss: e.dataLoss, regLoss: e.regLoss, totalLoss: e.loss });
          bar?.update(e.batch, { loss: e.loss.toFixed(4), acc: pct(e.batchAccuracy), lr: e.learningRate.toPrecision(3) });
          break;
        case 'epoch': {
          epochs.push(e);
          history.push({ epoch: e.epoch, step: e.step, trainAccuracy: e.trainAccuracy, valAccuracy: e.validationAccuracy });
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

    const interrupt = onInterrupt((line) => io.err(line));
    let summary;
    try {
      summary = await model.fit(train, { ...(validation ? { validation } : {}), onEvent, signal: interrupt.signal });
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
    if (values.json) {
      io.out(JSON.stringify({ ...results, modelPath, reportPath, outDir: folder.path, reportHtml: join(folder.path, 'report.html') }));
    }
    return summary.reason === 'aborted' ? 130 : 0;
  },
};
