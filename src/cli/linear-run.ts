/**
 * What `train` and `eval` share: scoring a linear model on the splits, and writing the run folder's
 * pictures and report page from measured figures only.
 */
import type { Dataset } from '../data/types.js';
import type { LinearClassifier } from '../models/linear-classifier.js';
import { confusionSvg } from '../report/confusion-svg.js';
import { curvesSvg, type HistoryRecord } from '../report/curves-svg.js';
import { weightsPng } from '../report/pictures.js';
import { RUN_PICTURES, reportHtml, type ReportTable, type ReportValue } from '../report/report-html.js';
import type { IntMatrix } from '../tensor/matrix.js';
import { accuracy, confusionMatrix, perClassMetrics } from '../train/metrics.js';
import type { RunFolder } from './run-folder.js';

export interface SplitScore {
  readonly accuracy: number;
  readonly correct: number;
  readonly total: number;
}

export interface TestEvaluation extends SplitScore {
  readonly confusion: IntMatrix;
  readonly precision: number[];
  readonly recall: number[];
  readonly f1: number[];
  readonly support: number[];
  readonly macroF1: number;
}

export function scoreSplit(model: LinearClassifier, data: Dataset): SplitScore {
  const predicted = model.predict(data.X);
  const acc = accuracy(predicted, data.labels);
  return { accuracy: acc, correct: Math.round(acc * data.labels.length), total: data.labels.length };
}

export function evaluateTest(model: LinearClassifier, test: Dataset, classes: number): TestEvaluation {
  const predicted = model.predict(test.X);
  const confusion = confusionMatrix(predicted, test.labels, classes);
  const m = perClassMetrics(confusion);
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.labels[i]) correct++;
  return {
    accuracy: correct / test.labels.length,
    correct,
    total: test.labels.length,
    confusion,
    precision: Array.from(m.precision),
    recall: Array.from(m.recall),
    f1: Array.from(m.f1),
    support: Array.from(m.support),
    macroF1: m.macro.f1,
  };
}

export function confusionRows(c: IntMatrix): number[][] {
  return Array.from({ length: c.rows }, (_, i) => Array.from(c.data.subarray(i * c.cols, (i + 1) * c.cols)));
}

export function perClassTable(classNames: readonly string[], e: TestEvaluation): ReportTable {
  return {
    heading: 'Per class on the test set (precision / recall / F1, support)',
    rows: classNames.map((name, k) => [
      name,
      `${pct(e.precision[k]!)} / ${pct(e.recall[k]!)} / ${pct(e.f1[k]!)}  (${e.support[k]})`,
    ]),
  };
}

export function pct(v: number | null): string {
  return v === null || Number.isNaN(v) ? '–' : `${(100 * v).toFixed(2)}%`;
}

export interface PicturesInput {
  readonly model: LinearClassifier;
  readonly history: readonly HistoryRecord[] | null;
  readonly test: TestEvaluation | null;
  readonly title: string;
}

/** Writes weights.png (image data only), curves.svg (when there is a history), confusion.svg; returns the names. */
export function writePictures(folder: RunFolder, input: PicturesInput): string[] {
  const written: string[] = [];
  const st = input.model.state;
  if (st.imageShape) {
    folder.write('weights.png', weightsPng({ weights: st.W, imageShape: st.imageShape, classNames: st.classNames }));
    written.push('weights.png');
  }
  if (input.history && input.history.length > 0) {
    folder.write('curves.svg', curvesSvg(input.history, { title: input.title }));
    written.push('curves.svg');
  }
  if (input.test) {
    folder.write('confusion.svg', confusionSvg(input.test.confusion, st.classNames));
    written.push('confusion.svg');
  }
  return written;
}

export function writeReportPage(
  folder: RunFolder,
  title: string,
  subtitle: string,
  figures: readonly (readonly [string, ReportValue])[],
  tables: readonly ReportTable[],
  pictures: readonly string[],
): void {
  folder.write(
    'report.html',
    reportHtml({ title, subtitle, figures, tables, pictures: RUN_PICTURES.filter((p) => pictures.includes(p.file)) }),
  );
}
