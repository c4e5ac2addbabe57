/** `linclass eval`: score a saved model on a dataset's test (or training) examples and write a report. */
import { selectKernels } from '../../kernels/select.js';
import { LinearClassifier } from '../../models/linear-classifier.js';
import { loadModelFile } from '../../models/serialize.js';
import { LOSS_TITLES } from '../../losses/spec.js';
import { DATA_FLAGS, DATA_HELP, loadData, parseDataArgs } from '../data-args.js';
import { confusionRows, evaluateTest, pct, perClassTable, writePictures, writeReportPage } from '../linear-run.js';
import { checkModelFitsData } from '../model-data.js';
import { defaultRunPath, prepareRunFolder } from '../run-folder.js';
import { KERNEL_CHOICES } from '../../kernels/select.js';
import { parseChoice, parseFlags, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass eval: accuracy, per-class metrics and the confusion matrix of a saved model

Usage: linclass eval --model runs/…/model.safetensors [--data mnist] [--split test] [--json]

Options:
  --model FILE         a model file written by 'linclass train' (or LinearClassifier.save)
${DATA_HELP}
  --split test|train   which examples to score (default test)
  --kernels K          auto (default), ref, wasm, wasm-threads
  --out DIR            the run folder (default runs/<date>-eval): report.json, report.html, confusion.svg,
                       weights.png
  --json               one JSON object on stdout (the last line)
  -h, --help           this help`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a saved model on a dataset (accuracy, per-class metrics, confusion matrix)',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('eval', argv, {
      ...DATA_FLAGS,
      model: { type: 'string' },
      split: { type: 'string', default: 'test' },
      kernels: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    if (values.model === undefined) throw new UsageError('eval: --model FILE is required (a model.safetensors from linclass train)');
    parseDataArgs(values);
    const split = parseChoice(values.split, '--split', ['test', 'train'] as const);
    const kernelChoice = parseChoice(values.kernels, '--kernels', KERNEL_CHOICES);
    const folder = prepareRunFolder(values.out ?? defaultRunPath('eval'), 1024 * 1024);

    const file = loadModelFile(values.model, 'linear');
    const kernels = await selectKernels(kernelChoice);
    const model = LinearClassifier.fromModelFile(file, values.model, kernels);
    const data = loadData(values, 0);
    const examples = split === 'test' ? data.test : data.train;
    checkModelFitsData(model.state, examples, values.model, data.source);

    const started = performance.now();
    const e = evaluateTest(model, examples, model.state.classNames.length);
    const seconds = (performance.now() - started) / 1000;
    const title = `linclass eval · ${LOSS_TITLES[model.state.config.loss.name]} model on ${data.source} (${split})`;
    const pictures = writePictures(folder, { model, history: null, test: e, title });
    const results = {
      accuracy: e.accuracy,
      correct: e.correct,
      total: e.total,
      macroF1: e.macroF1,
      seconds,
      kernels: kernels.info,
      modelPath: values.model,
    };
    const reportPath = folder.writeJson('report.json', {
      command: 'eval',
      argv: ['linclass', 'eval', ...argv],
      created: new Date().toISOString(),
      data: { source: data.source, split, examples: e.total, classNames: model.state.classNames, testNote: data.testNote },
      model: { path: values.model, loss: model.state.config.loss, regularizer: model.state.config.regularizer },
      results,
      perClass: { precision: e.precision, recall: e.recall, f1: e.f1, support: e.support },
      confusion: confusionRows(e.confusion),
      files: ['report.json', 'report.html', ...pictures],
    });
    writeReportPage(
      folder,
      title,
      ['linclass', 'eval', ...argv].join(' '),
      [
        ['accuracy', `${pct(e.accuracy)} (${e.correct}/${e.total})`],
        ['macro F1', pct(e.macroF1)],
        ['seconds', seconds],
        ['kernels', `${kernels.info.name}: ${kernels.info.reason}`],
        ['model', values.model],
      ],
      [perClassTable(model.state.classNames, e)],
      pictures,
    );
    const line = `accuracy ${pct(e.accuracy)} (${e.correct}/${e.total}) on ${data.source} ${split}; report in ${folder.path}`;
    if (values.json) {
      io.err(line);
      io.out(JSON.stringify({ ...results, reportPath, outDir: folder.path }));
    } else {
      io.out(line);
    }
    return 0;
  },
};
