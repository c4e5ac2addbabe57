/**
 * cv.svg: kNN cross-validation accuracy against k, the plot of CS231n's kNN assignment: one dot per
 * (k, fold), the mean over folds joined by a line, and a ±1 standard deviation bar per k. The x axis is
 * logarithmic when the k values span more than a factor of 20 (1…100 would otherwise crowd the small k).
 * Browser-safe.
 */
import { ArgumentError } from '../errors.js';
import { escapeXml, px } from './markup.js';
import { formatTick, niceTicks } from './ticks.js';

export interface CvPlotInput {
  readonly ks: readonly number[];
  /** accuracy[i][f] for k = ks[i] and fold f, fractions in [0, 1]. */
  readonly accuracy: readonly (readonly number[])[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly bestK: number;
  readonly title?: string;
}

export function cvSvg(input: CvPlotInput, width = 720, height = 420): string {
  const { ks, accuracy, mean, std } = input;
  if (ks.length === 0) throw new ArgumentError('ks', 'is empty: nothing to plot');
  if (accuracy.length !== ks.length || mean.length !== ks.length || std.length !== ks.length) {
    throw new ArgumentError('accuracy', `needs one row per k (${ks.length}); got ${accuracy.length} rows, ${mean.length} means, ${std.length} stds`);
  }
  const left = 64;
  const right = 20;
  const top = input.title ? 44 : 20;
  const bottom = 52;
  const w = width - left - right;
  const h = height - top - bottom;
  const all = accuracy.flat().map((a) => 100 * a);
  const lows = mean.map((m, i) => 100 * (m - std[i]!));
  const highs = mean.map((m, i) => 100 * (m + std[i]!));
  const yt = niceTicks(Math.min(...all, ...lows), Math.max(...all, ...highs), 5);
  const kmin = Math.min(...ks);
  const kmax = Math.max(...ks);
  const logX = kmin > 0 && kmax / kmin > 20;
  const fx = (k: number): number => {
    if (kmin === kmax) return left + w / 2;
    const t = logX ? Math.log(k / kmin) / Math.log(kmax / kmin) : (k - kmin) / (kmax - kmin);
    return left + 0.03 * w + t * 0.94 * w;
  };
  const fy = (pct: number): number => top + h - ((pct - yt.min) / (yt.max - yt.min)) * h;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  ];
  if (input.title) out.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">${escapeXml(input.title)}</text>`);
  for (const v of yt.values) {
    const y = px(fy(v));
    out.push(`<line x1="${left}" x2="${left + w}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${left - 6}" y="${px(fy(v) + 4)}" text-anchor="end">${formatTick(v, yt)}%</text>`);
  }
  for (const k of ks) {
    out.push(`<text x="${px(fx(k))}" y="${top + h + 18}" text-anchor="middle">${k}</text>`);
  }
  out.push(`<line x1="${left}" x2="${left + w}" y1="${top + h}" y2="${top + h}" stroke="#333"/>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + h}" stroke="#333"/>`);
  out.push(`<text x="${left + w / 2}" y="${height - 10}" text-anchor="middle">k (nearest neighbours)${logX ? ', log scale' : ''}</text>`);
  out.push(`<text transform="translate(16 ${top + h / 2}) rotate(-90)" text-anchor="middle">cross-validation accuracy</text>`);
  const line = ks.map((k, i) => `${i === 0 ? 'M' : 'L'}${px(fx(k))} ${px(fy(100 * mean[i]!))}`).join(' ');
  out.push(`<path d="${line}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  ks.forEach((k, i) => {
    const x = px(fx(k));
    out.push(`<line x1="${x}" x2="${x}" y1="${px(fy(100 * (mean[i]! - std[i]!)))}" y2="${px(fy(100 * (mean[i]! + std[i]!)))}" stroke="#1f77b4" stroke-width="1.5"/>`);
    for (const a of accuracy[i]!) out.push(`<circle cx="${x}" cy="${px(fy(100 * a))}" r="2.5" fill="#888" fill-opacity="0.7"/>`);
    const best = k === input.bestK;
    out.push(
      `<circle cx="${x}" cy="${px(fy(100 * mean[i]!))}" r="${best ? 5 : 3.5}" fill="${best ? '#d62728' : '#1f77b4'}"><title>k = ${k}: ${(100 * mean[i]!).toFixed(2)}% ± ${(100 * std[i]!).toFixed(2)}</title></circle>`,
    );
  });
  out.push(`<text x="${left + w - 4}" y="${top + 14}" text-anchor="end" fill="#d62728">best k = ${input.bestK}</text>`);
  out.push('</svg>');
  return out.join('\n');
}
