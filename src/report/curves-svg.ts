/**
 * curves.svg: the training history in two panels side by side, loss (data loss, regularization loss λR(W),
 * total = data + λR) and accuracy (train, validation), against epoch or step. Browser-safe.
 *
 * What is drawn is what was measured. A record without a value (undefined or null) was not measured there
 * and is skipped, so per-epoch accuracies join up across per-step loss records; a non-finite value (NaN,
 * ±Infinity, e.g. from a diverged step) was measured but cannot be drawn and leaves a gap in its line. A
 * point with no neighbour on either side is drawn as a dot, so a single measurement still shows. Nothing is computed from other
 * values (a missing total is not data + reg). An empty history draws the axes with "no data".
 * Accuracies are fractions in [0, 1] and are labelled as percentages.
 */
import { ArgumentError } from '../errors.js';
import { escapeXml, estimateTextWidth, px } from './markup.js';
import { formatTick, niceTicks, type Ticks } from './ticks.js';

/** One row of the training history (an epoch's end, or a step). */
export interface HistoryRecord {
  /** Epochs done; may be fractional (step / steps per epoch) for per-step records. */
  readonly epoch: number;
  /** Optimisation steps done (needed only to plot against steps). */
  readonly step?: number | null | undefined;
  readonly dataLoss?: number | null | undefined;
  readonly regLoss?: number | null | undefined;
  readonly totalLoss?: number | null | undefined;
  /** Fractions in [0, 1]. */
  readonly trainAccuracy?: number | null | undefined;
  readonly valAccuracy?: number | null | undefined;
}

export interface CurvesOptions {
  /** The horizontal axis: 'epoch' (default) or 'step' (records without a step are left out). */
  readonly x?: 'epoch' | 'step';
  /** A line above the panels, e.g. "softmax · MNIST". */
  readonly title?: string;
  /** Size of the whole picture in pixels (default 960 × 380). */
  readonly width?: number;
  readonly height?: number;
}

type SeriesKey = 'dataLoss' | 'regLoss' | 'totalLoss' | 'trainAccuracy' | 'valAccuracy';

interface SeriesStyle {
  readonly key: SeriesKey;
  readonly label: string;
  readonly color: string;
  readonly dash?: string;
  readonly width: number;
}

const LOSS_SERIES: readonly SeriesStyle[] = [
  { key: 'totalLoss', label: 'total', color: '#222222', width: 2.5 },
  { key: 'dataLoss', label: 'data loss', color: '#1f6fb4', width: 1.75 },
  { key: 'regLoss', label: 'regularization λR(W)', color: '#e0701b', dash: '6 4', width: 1.75 },
];

const ACCURACY_SERIES: readonly SeriesStyle[] = [
  { key: 'trainAccuracy', label: 'train', color: '#1f6fb4', width: 2 },
  { key: 'valAccuracy', label: 'validation', color: '#e0701b', dash: '6 4', width: 2 },
];

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
/** Up to this many points per line, every point also gets a dot. */
const DOTS_UP_TO = 40;

interface Point {
  readonly x: number;
  readonly y: number;
}

interface Panel {
  readonly title: string;
  readonly series: readonly SeriesStyle[];
  readonly percent: boolean;
}

function valueOf(r: HistoryRecord, key: SeriesKey): number | null {
  const v = r[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Runs of finite points: a missing value is skipped, a non-finite one ends the run. */
function segments(xs: readonly number[], records: readonly HistoryRecord[], key: SeriesKey): Point[][] {
  const out: Point[][] = [];
  let run: Point[] = [];
  records.forEach((r, i) => {
    const v = r[key];
    if (v === undefined || v === null) return;
    if (!Number.isFinite(v)) {
      if (run.length > 0) out.push(run);
      run = [];
    } else run.push({ x: xs[i]!, y: v });
  });
  if (run.length > 0) out.push(run);
  return out;
}

/** Smallest and largest of values (Math.min(...v) would overflow the stack on a long per-step history). */
function extent(values: readonly number[], empty: [number, number]): [number, number] {
  if (values.length === 0) return empty;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * A line with more points than the plot has pixel columns, thinned by the M4 rule: in each column keep the
 * first, lowest, highest and last point, which draws the same picture as all of them (Jugel et al., 2014).
 */
function thinToColumns(seg: readonly Point[], toColumn: (x: number) => number): Point[] {
  const out: Point[] = [];
  let i = 0;
  while (i < seg.length) {
    const col = Math.floor(toColumn(seg[i]!.x));
    let j = i;
    let lo = i;
    let hi = i;
    while (j + 1 < seg.length && Math.floor(toColumn(seg[j + 1]!.x)) === col) {
      j++;
      if (seg[j]!.y < seg[lo]!.y) lo = j;
      if (seg[j]!.y > seg[hi]!.y) hi = j;
    }
    for (const k of [...new Set([i, lo, hi, j])].sort((a, b) => a - b)) out.push(seg[k]!);
    i = j + 1;
  }
  return out;
}

function validate(history: readonly HistoryRecord[], x: 'epoch' | 'step'): void {
  history.forEach((r, i) => {
    if (typeof r.epoch !== 'number' || !Number.isFinite(r.epoch)) {
      throw new ArgumentError(`history[${i}].epoch`, `must be a finite number, got ${String(r.epoch)}`);
    }
    if (x === 'step' && r.step !== undefined && r.step !== null && !Number.isFinite(r.step)) {
      throw new ArgumentError(`history[${i}].step`, `must be a finite number, got ${String(r.step)}`);
    }
    for (const key of ['trainAccuracy', 'valAccuracy'] as const) {
      const v = valueOf(r, key);
      if (v !== null && (v < 0 || v > 1)) {
        throw new ArgumentError(`history[${i}].${key}`, `is ${v}; accuracies are fractions in [0, 1] (divide percentages by 100)`);
      }
    }
  });
}

/** The SVG document (a string) of the loss and accuracy curves. */
export function curvesSvg(history: readonly HistoryRecord[], options: CurvesOptions = {}): string {
  const axis = options.x ?? 'epoch';
  if (axis !== 'epoch' && axis !== 'step') throw new ArgumentError('x', `must be 'epoch' or 'step', got ${String(axis)}`);
  validate(history, axis);
  const width = options.width ?? 960;
  const height = options.height ?? 380;
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isFinite(v) || v < 200) throw new ArgumentError(name, `must be a number ≥ 200, got ${v}`);
  }
  const records = axis === 'step' ? history.filter((r) => typeof r.step === 'number') : history;
  const xs = records.map((r) => (axis === 'step' ? (r.step as number) : r.epoch));

  const titleHeight = options.title === undefined ? 0 : 30;
  const panels: Panel[] = [
    { title: 'Loss', series: LOSS_SERIES, percent: false },
    { title: 'Accuracy', series: ACCURACY_SERIES, percent: true },
  ];
  const panelWidth = width / 2;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" ${FONT} font-size="12">`,
    `<title>${escapeXml(options.title ?? 'Training curves')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  );
  if (options.title !== undefined) {
    parts.push(`<text x="${px(width / 2)}" y="21" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(options.title)}</text>`);
  }
  panels.forEach((panel, k) => {
    parts.push(renderPanel(panel, records, xs, axis, k * panelWidth, titleHeight, panelWidth, height - titleHeight));
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function renderPanel(
  panel: Panel,
  records: readonly HistoryRecord[],
  xs: readonly number[],
  axis: 'epoch' | 'step',
  left: number,
  top: number,
  width: number,
  height: number,
): string {
  const m = { left: 64, right: 18, top: 44, bottom: 46 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const x0 = left + m.left;
  const y0 = top + m.top;

  const lines = panel.series.map((s) => ({ style: s, segs: segments(xs, records, s.key) }));
  const ys = lines.flatMap((l) => l.segs.flat().map((p) => p.y));
  const hasData = ys.length > 0;

  const allIntegers = xs.every((v) => Number.isInteger(v));
  const [xLo, xHi] = extent(xs, [0, 1]);
  const xTicks = niceTicks(xLo, xHi, 6, allIntegers ? 1 : 0);
  const [yLo, yHi] = extent(ys, [0, 1]);
  let yTicks: Ticks;
  if (panel.percent) {
    const lo = yLo;
    const hi = yHi;
    const t = niceTicks(Math.max(0, lo - 0.02), Math.min(1, hi + 0.02), 5);
    yTicks = t.min >= 0 && t.max <= 1 ? t : niceTicks(Math.max(0, t.min), Math.min(1, t.max), 5);
  } else {
    // The loss axis starts at 0 (or below, for a negative value) and leaves 4% headroom above the largest value.
    const lo = Math.min(0, yLo);
    const highest = yHi;
    yTicks = niceTicks(lo, highest + 0.04 * (highest - lo || Math.abs(highest) || 1), 5);
  }
  const sx = (v: number) => x0 + ((v - xTicks.min) / (xTicks.max - xTicks.min)) * plotW;
  const sy = (v: number) => y0 + plotH - ((v - yTicks.min) / (yTicks.max - yTicks.min)) * plotH;

  const out: string[] = [`<g class="panel ${panel.percent ? 'accuracy' : 'loss'}">`];
  out.push(`<text x="${px(x0)}" y="${px(top + 22)}" font-size="14" font-weight="600">${escapeXml(panel.title)}</text>`);

  // Legend, right-aligned on the title line.
  let lx = left + width - m.right;
  const legend: string[] = [];
  for (const s of [...panel.series].reverse()) {
    const tw = estimateTextWidth(s.label, 12);
    lx -= tw;
    legend.push(`<text x="${px(lx)}" y="${px(top + 22)}">${escapeXml(s.label)}</text>`);
    lx -= 24;
    legend.push(
      `<line x1="${px(lx)}" y1="${px(top + 18)}" x2="${px(lx + 18)}" y2="${px(top + 18)}" stroke="${s.color}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
    );
    lx -= 14;
  }
  out.push(`<g class="legend">`, ...legend, `</g>`);

  // Grid and ticks.
  out.push(`<g class="grid" stroke="#e6e6e6" stroke-width="1">`);
  for (const v of yTicks.values) out.push(`<line x1="${px(x0)}" y1="${px(sy(v))}" x2="${px(x0 + plotW)}" y2="${px(sy(v))}"/>`);
  for (const v of xTicks.values) out.push(`<line x1="${px(sx(v))}" y1="${px(y0)}" x2="${px(sx(v))}" y2="${px(y0 + plotH)}"/>`);
  out.push(`</g>`);
  out.push(`<g class="y-ticks" text-anchor="end" fill="#444444">`);
  for (const v of yTicks.values) {
    const label = panel.percent ? `${formatTick(v * 100, { ...yTicks, decimals: Math.max(0, yTicks.decimals - 2), step: yTicks.step * 100 })}%` : formatTick(v, yTicks);
    out.push(`<text x="${px(x0 - 6)}" y="${px(sy(v) + 4)}">${escapeXml(label)}</text>`);
  }
  out.push(`</g>`);
  out.push(`<g class="x-ticks" text-anchor="middle" fill="#444444">`);
  for (const v of xTicks.values) out.push(`<text x="${px(sx(v))}" y="${px(y0 + plotH + 16)}">${escapeXml(formatTick(v, xTicks))}</text>`);
  out.push(`</g>`);
  out.push(`<rect class="frame" x="${px(x0)}" y="${px(y0)}" width="${px(plotW)}" height="${px(plotH)}" fill="none" stroke="#999999"/>`);
  out.push(`<text class="x-label" x="${px(x0 + plotW / 2)}" y="${px(y0 + plotH + 36)}" text-anchor="middle">${axis}</text>`);
  const yLabel = panel.percent ? 'accuracy' : 'loss';
  out.push(
    `<text class="y-label" transform="translate(${px(left + 16)} ${px(y0 + plotH / 2)}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  );

  if (!hasData) {
    out.push(`<text class="no-data" x="${px(x0 + plotW / 2)}" y="${px(y0 + plotH / 2)}" text-anchor="middle" fill="#888888" font-size="14">no data</text>`);
  }
  for (const { style, segs } of lines) {
    const count = segs.reduce((n, s) => n + s.length, 0);
    out.push(`<g class="series ${style.key}" stroke="${style.color}" fill="${style.color}">`);
    for (const seg of segs) {
      if (seg.length > 1) {
        const drawn = seg.length > 4 * plotW ? thinToColumns(seg, sx) : seg;
        const pts = drawn.map((p) => `${px(sx(p.x))},${px(sy(p.y))}`).join(' ');
        out.push(`<polyline points="${pts}" fill="none" stroke-width="${style.width}" stroke-linejoin="round"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
      }
      if (seg.length === 1 || count <= DOTS_UP_TO) {
        for (const p of seg) out.push(`<circle cx="${px(sx(p.x))}" cy="${px(sy(p.y))}" r="${seg.length === 1 ? 3.5 : 2.5}" stroke="none"/>`);
      }
    }
    out.push(`</g>`);
  }
  out.push(`</g>`);
  return out.join('\n');
}
