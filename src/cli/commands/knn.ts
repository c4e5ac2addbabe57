/** `linclass knn`: the lecture's data-driven baseline, k-nearest neighbours, with cross-validation over k. */
import { selectKernels, KERNEL_CHOICES } from '../../kernels/select.js';
import { crossValidateK } from '../../models/knn-cv.js';
import { KNN_METRICS, type KnnMetric } from '../../models/knn-metric.js';
import { KNN_WEIGHTS, type KnnWeights } from '../../models/knn-vote.js';
import { KNearestNeighbors } from '../../models/knn.js';
import { confusionSvg } from '../../report/confusion-svg.js';
import { cvSvg } from '../../report/cv-svg.js';
import { reportHtml, type ReportTable } from '../../report/report-html.js';
import { confusionMatrix, perClassMetrics } from '../../train/metrics.js';
import { DATA_FLAGS, DATA_HELP, loadData, parseDataArgs } from '../data-args.js';
import { confusionRows, pct } from '../linear-run.js';
import { formatDuration, progressMode, startProgress } from '../progress.js';
import { defaultRunPath, prepareRunFolder } from '../run-folder.js';
import { parseChoice, parseFlags, parseInteger, UsageError } from '../usage.js';
import type { Command, Io } from './command.js';

const HELP = `linclass knn: k-nearest neighbours on raw pixels (exact), optionally choosing k by cross-validation

Usage:
  linclass knn [--data mnist] [--k 1] [--metric l2] [--train-limit N] [--test-limit M] [--json]
  linclass knn --cv 5 --ks 1,3,5,8,10,12,15,20,50,100 --train-limit 5000 --test-limit 500

Options:
${DATA_HELP}
  --k K                neighbours that vote (default 1)
  --metric M           l2 (default), l1, cosine
  --weights W          uniform (default) or distance (closer neighbours count more)
  --cv F               choose k by F-fold cross-validation over the training examples, then score the test set
                       with the best k; folds are consecutive (as CS231n's np.array_split) unless --stratified
  --ks LIST            the candidate k values for --cv (default 1,3,5,8,10,12,15,20,50,100)
  --stratified         stratified folds (shuffled per class with --seed)
  --seed S             seed for stratified folds (default 0)
  --memory MIB         working memory for distances (default 256): the test set is processed in chunks
  --kernels K          auto (default), ref, wasm, wasm-threads
  --out DIR            the run folder (default runs/<date>-knn): report.json, report.html, confusion.svg, cv.svg
  --quiet              no progress on stderr
  --json               one JSON object on stdout (the last line)
  -h, --help           this help

Ties: equal distances go to the lower training index; equal votes to the smallest label.`;

const DEFAULT_KS = '1,3,5,8,10,12,15,20,50,100';

export const knnCommand: Command = {
  name: 'knn',
  summary: 'k-nearest neighbours (L1, L2, cosine), exact, with cross-validation over k',
  help: HELP,
  async run(argv: readonly string[], io: Io): Promise<number> {
    const { values } = parseFlags('knn', argv, {
      ...DATA_FLAGS,
      k: { type: 'string', default: '1' },
      metric: { type: 'string', default: 'l2' },
      weights: { type: 'string', default: 'uniform' },
      cv: { type: 'string' },
      ks: { type: 'string' },
      stratified: { type: 'boolean', default: false },
      seed: { type: 'string', default: '0' },
      memory: { type: 'string', default: '256' },
      kernels: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      io.out(HELP);
      return 0;
    }
    parseDataArgs(values);
    const metric = parseChoice(values.metric, '--metric', KNN_METRICS) as KnnMetric;
    const weights = parseChoice(values.weights, '--weights', KNN_WEIGHTS) as KnnWeights;
    const folds = values.cv === undefined ? null : parseInteger(values.cv, '--cv', 2);
    if (values.ks !== undefined && folds === null) throw new UsageError('--ks goes with --cv F (the candidate k values to cross-validate)');
    if (values.stratified && folds === null) throw new UsageError('--stratified goes with --cv F');
    const ks = (values.ks ?? DEFAULT_KS).split(',').map((t) => parseInteger(t, '--ks', 1));
    let k = parseInteger(values.k, '--k', 1);
    const seed = parseInteger(values.seed, '--seed', 0);
    const memoryBudgetBytes = parseInteger(values.memory, '--memory', 1) * 1024 * 1024;
    const kernelChoice = parseChoice(values.kernels, '--kernels', KERNEL_CHOICES);
    const folder = prepareRunFolder(values.out ?? defaultRunPath('knn'), 1024 * 1024);

    const data = loadData(values, seed);
    const { train, test } = data;
    if (folds !== null && folds > train.X.rows) throw new UsageError(`--cv ${folds}: only ${train.X.rows} training examples`);
    if (k > train.X.rows) throw new UsageError(`--k ${k} is larger than the ${train.X.rows} training examples; choose k ≤ ${train.X.rows}`);
    const kernels = await selectKernels(kernelChoice);
    const mode = progressMode(process.stderr, values.quiet);
    const say = (line: string) => (mode === 'quiet' ? undefined : io.err(line));
    say(`linclass knn: ${metric} on ${data.source}: ${train.X.rows} training, ${test.X.rows} test examples; kernels ${kernels.info.name}: ${kernels.info.reason}`);
    const started = performance.now();

    let cv = null;
    if (folds !== null) {
      const tooBig = ks.filter((kk) => kk > train.X.rows - Math.ceil(train.X.rows / folds));
      if (tooBig.length > 0) throw new UsageError(`--ks: ${tooBig.join(', ')} exceed the examples a fold trains on (${train.X.rows - Math.ceil(train.X.rows / folds)})`);
      const bar = startProgress(`cross-validation (${folds} folds)`, folds, 'fold', { mode });
      cv = crossValidateK(train.X, train.labels, {
        ks,
        folds,
        stratified: values.stratified,
        seed,
        metric,
        weights,
        kernels,
        memoryBudgetBytes,
        classNames: train.classNames,
        onFold: (f) => bar.update(f + 1),
      });
      bar.finish();
      k = cv.bestK;
      for (let i = 0; i < cv.ks.length; i++) {
        say(`k = ${String(cv.ks[i]).padStart(3)}: ${pct(cv.mean[i]!)} ± ${pct(cv.std[i]!)}  (${cv.accuracy[i]!.map((a) => pct(a)).join(' ')})`);
      }
      say(`best k = ${cv.bestK} (${pct(cv.bestMean)})`);
    }
    const cvSeconds = (performance.now() - started) / 1000;

    const model = new KNearestNeighbors({ k, metric, weights, kernels, memoryBudgetBytes });
    model.fit(train.X, train.labels, { classNames: train.classNames, copy: false });
    const bar = startProgress('test examples', test.X.rows, 'ex', { mode });
    const t0 = performance.now();
    const predicted = model.predict(test.X, { onProgress: (done) => bar.update(done) });
    const seconds = (performance.now() - t0) / 1000;
    bar.finish();
    const C = train.classNames.length;
    const confusion = confusionMatrix(predicted, test.labels, C);
    const m = perClassMetrics(confusion);
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.labels[i]) correct++;
    const accuracy = correct / test.X.rows;

    const results = {
      k,
      metric,
      weights,
      accuracy,
      correct,
      total: test.X.rows,
      seconds,
      ...(cv
        ? {
            cv: { folds, ks: cv.ks, stratified: values.stratified, seed, foldSizes: cv.foldSizes, seconds: cvSeconds },
            folds: Object.fromEntries(cv.ks.map((kk, i) => [String(kk), cv.accuracy[i]])),
            meanAccuracy: Object.fromEntries(cv.ks.map((kk, i) => [String(kk), cv.mean[i]])),
            std: Object.fromEntries(cv.ks.map((kk, i) => [String(kk), cv.std[i]])),
            bestK: cv.bestK,
          }
        : {}),
      kernels: kernels.info,
      memoryBudgetBytes,
      chunks: model.plan(test.X.rows).chunks,
    };
    folder.write('confusion.svg', confusionSvg(confusion, train.classNames));
    const pictures = ['confusion.svg'];
    if (cv) {
      folder.write('cv.svg', cvSvg({ ks: cv.ks, accuracy: cv.accuracy, mean: cv.mean, std: cv.std, bestK: cv.bestK, title: `${folds}-fold cross-validation, ${metric}, ${train.X.rows} training examples` }));
      pictures.unshift('cv.svg');
    }
    const reportPath = folder.writeJson('report.json', {
      command: 'knn',
      argv: ['linclass', 'knn', ...argv],
      created: new Date().toISOString(),
      data: { source: data.source, train: train.X.rows, test: test.X.rows, classNames: train.classNames, testNote: data.testNote },
      results,
      perClass: { precision: Array.from(m.precision), recall: Array.from(m.recall), f1: Array.from(m.f1), support: Array.from(m.support) },
      confusion: confusionRows(confusion),
      files: ['report.json', 'report.html', ...pictures],
    });
    const tables: ReportTable[] = cv
      ? [{ heading: 'Cross-validation: mean ± std over folds (each fold)', rows: cv.ks.map((kk, i) => [`k = ${kk}`, `${pct(cv.mean[i]!)} ± ${pct(cv.std[i]!)}  (${cv.accuracy[i]!.map((a) => pct(a)).join(', ')})`] as const) }]
      : [];
    folder.write(
      'report.html',
      reportHtml({
        title: `linclass knn · k = ${k}, ${metric} on ${data.source}`,
        subtitle: ['linclass', 'knn', ...argv].join(' '),
        figures: [
          ['test accuracy', `${pct(accuracy)} (${correct}/${test.X.rows})`],
          ['k', k],
          ['metric', metric],
          ['weights', weights],
          ['seconds (test set)', seconds],
          ['kernels', `${kernels.info.name}: ${kernels.info.reason}`],
          ['data', `${data.source}: ${train.X.rows} train, ${test.X.rows} test`],
        ],
        tables,
        pictures: pictures.map((file) => ({
          file,
          caption: file === 'cv.svg' ? 'Cross-validation accuracy against k: folds (dots), mean ± std (bars)' : 'Confusion matrix on the test set',
        })),
      }),
    );
    const line = `k = ${k}, ${metric}: test accuracy ${pct(accuracy)} (${correct}/${test.X.rows}) in ${formatDuration(seconds)}; report in ${folder.path}`;
    if (values.json) {
      if (mode !== 'quiet') io.err(line);
      io.out(JSON.stringify({ ...results, reportPath, outDir: folder.path }));
    } else {
      io.out(line);
    }
    return 0;
  },
};
