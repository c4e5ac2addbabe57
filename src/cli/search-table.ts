/** How `linclass search` prints trials: the ranked table (no timings in it, so a resumed search prints the same one). */
import { formatReportValue } from '../report/report-html.js';
import type { Trial, TrialResult } from '../train/search.js';
import { pct } from './linear-run.js';

/** η and λ with 4 significant digits, exponent notation below 0.001 (as report.html prints them). */
export const fmtRate = (v: number): string => formatReportValue(v);
export const fmtLambda = fmtRate;

/** The first sentence of an error (the table has no room for the remedy; trials.csv has all of it). */
function firstSentence(text: string): string {
  const m = /^(.*?[^.]\.)(\s|$)/.exec(text);
  return m ? m[1]! : text;
}

export function describeTrial(t: Trial): string {
  return `${t.loss}, batch ${t.batchSize}, η ${fmtRate(t.learningRate)}, λ ${fmtLambda(t.lambda)}`;
}

/** The ranked table, as printed (no timings in it: a resumed search prints the same table). */
export function rankedTable(ranked: readonly TrialResult[]): string[] {
  const head = ['rank', 'trial', 'loss', 'batch', 'η', 'λ', 'validation', 'train'];
  const rows = ranked.map((r, i) => [
    r.status === 'ok' ? String(i + 1) : '–',
    String(r.id),
    r.loss,
    String(r.batchSize),
    fmtRate(r.learningRate),
    fmtLambda(r.lambda),
    r.status === 'ok' ? pct(r.valAccuracy) : 'failed',
    r.status === 'ok' ? pct(r.trainAccuracy) : `${r.code}: ${firstSentence(r.error)}`,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.filter((r) => r[0] !== '–' || c < 7).map((r) => r[c]!.length)));
  const left = new Set([2]);
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === cells.length - 1 && cells[6] === 'failed' ? cell : left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}
