/**
 * confusion.svg: the confusion matrix as a heat map. Row i is the true class, column j the predicted one,
 * cell (i, j) the count of examples of class i predicted as j (scikit-learn's layout, as src/train/metrics.ts
 * builds it). Browser-safe.
 *
 * - A cell's shade shows its share of the row, f = M[i][j] / Σ_j M[i][j], so a rare class is as readable as
 *   a common one: the colour is heatColor(√f), white at 0 to dark blue at 1. The square root makes the few
 *   percent that mistakes usually are visible next to a diagonal near 100%; a key under the recall column
 *   shows the colours of 0, 1, 5, 25 and 100%. The count itself is written in the cell (when cells are
 *   large enough).
 * - Beside each row: recall_i = M[i][i] / Σ_j M[i][j] and the row's total n_i; a class without examples
 *   shows "–" (its recall is undefined; nothing is made up).
 * - Under the title: accuracy = Σ_i M[i][i] / Σ M.
 * - Long class names are cut to 16 characters with '…' (the full name is the label's tooltip); column
 *   labels turn 45° when they would not fit across a cell. With many classes (cells under 11 px) only every
 *   k-th class is labelled, and above 40 classes cells carry no tooltip, to keep the file small.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { escapeXml, estimateTextWidth, px, truncate } from './markup.js';
import type { MatrixLike } from './templates.js';

export interface ConfusionOptions {
  /** A line above the matrix, e.g. "softmax · MNIST test". */
  readonly title?: string;
  /** Side of a cell in pixels (default: 480 / C, between 6 and 48). */
  readonly cellSize?: number;
  /** Longest class name shown before it is cut (default 16 characters). */
  readonly maxLabelChars?: number;
}

const KEY_SHARES: readonly number[] = [0, 0.01, 0.05, 0.25, 1];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Matrix rows as arrays, checked: square, C = classNames.length, entries finite and ≥ 0. */
function readMatrix(matrix: MatrixLike | readonly ArrayLike<number>[], c: number): number[][] {
  let rows: number[][];
  if ('rows' in matrix && 'cols' in matrix && 'data' in matrix && !Array.isArray(matrix)) {
    const m = matrix as MatrixLike;
    if (m.rows !== c || m.cols !== c) throw new ShapeError('matrix', `has shape [${m.rows}, ${m.cols}], expected [${c}, ${c}] for ${c} class names`);
    if (m.data.length < c * c) throw new ShapeError('matrix', `holds ${m.data.length} values, [${c}, ${c}] needs ${c * c}`);
    rows = Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => m.data[i * c + j]!));
  } else {
    const nested = matrix as readonly ArrayLike<number>[];
    if (nested.length !== c) throw new ShapeError('matrix', `has ${nested.length} rows, expected ${c} (one per class name)`);
    rows = nested.map((r, i) => {
      if (r.length !== c) throw new ShapeError(`matrix[${i}]`, `has ${r.length} entries, expected ${c}`);
      return Array.from(r);
    });
  }
  rows.forEach((r, i) =>
    r.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0) throw new ArgumentError(`matrix[${i}][${j}]`, `is ${v}; counts must be finite and ≥ 0`);
    }),
  );
  return rows;
}

/** Shade for a share f in [0, 1]: white through light blue to dark blue, as "rgb(r,g,b)". */
export function heatColor(f: number): string {
  const stops: readonly (readonly [number, number, number])[] = [
    [255, 255, 255],
    [198, 219, 239],
    [107, 174, 214],
    [33, 113, 181],
    [8, 48, 107],
  ];
  const t = Math.min(1, Math.max(0, f)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(t));
  const u = t - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * u);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

function formatCount(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

function percent(num: number, den: number): string {
  return den === 0 ? '\u2013' : `${((100 * num) / den).toFixed(1)}%`;
}

/** The SVG document (a string) of the confusion matrix. */
export function confusionSvg(matrix: MatrixLike | readonly ArrayLike<number>[], classNames: readonly string[], options: ConfusionOptions = {}): string {
  const c = classNames.length;
  if (c === 0) throw new ArgumentError('classNames', 'is empty: a confusion matrix needs at least one class');
  const m = readMatrix(matrix, c);
  const cell = options.cellSize ?? Math.min(48, Math.max(6, Math.floor(480 / c)));
  if (!Number.isFinite(cell) || cell < 4) throw new ArgumentError('cellSize', `must be a number ≥ 4, got ${cell}`);
  const maxChars = options.maxLabelChars ?? 16;
  if (!Number.isInteger(maxChars) || maxChars < 2) throw new ArgumentError('maxLabelChars', `must be a whole number ≥ 2, got ${maxChars}`);

  const labelFont = cell >= 24 ? 12 : 10;
  // With many classes, label every k-th row and column so labels do not overlap; tooltips only while the
  // file stays small (one per cell is C² of them).
  const labelEvery = Math.max(1, Math.ceil((labelFont + 1) / cell));
  const cellTips = c <= 40;
  const names = classNames.map((n) => truncate(n, maxChars));
  const longest = Math.max(...names.map((n) => estimateTextWidth(n, labelFont)));
  const rotate = longest > cell * labelEvery - 4;
  const rowTotals = m.map((r) => r.reduce((s, v) => s + v, 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const correct = m.reduce((s, r, i) => s + r[i]!, 0);
  const countFont = Math.min(13, Math.max(8, Math.floor(cell * 0.3)));
  const showCounts = cell >= 18 && m.every((r) => r.every((v) => estimateTextWidth(formatCount(v), countFont) * 0.9 <= cell - 2));

  const titleBlock = 46;
  const left = 24 + longest + 10; // axis title, row labels
  const top = titleBlock + 20; // header row ("recall", "n")
  const gridSize = c * cell;
  const sideX = left + gridSize + 12;
  const sideWidth = 170;
  const colLabelHeight = rotate ? longest * Math.SQRT1_2 + labelFont + 8 : labelFont + 10;
  const width = Math.ceil(Math.max(sideX + sideWidth, 360));
  const height = Math.ceil(top + gridSize + Math.max(colLabelHeight + 44, 54));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<title>${escapeXml(options.title ?? 'Confusion matrix')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  );
  const heading = options.title ?? 'Confusion matrix';
  out.push(`<text x="12" y="20" font-size="15" font-weight="600">${escapeXml(heading)}</text>`);
  out.push(
    `<text class="accuracy" x="12" y="38" fill="#444444">accuracy ${escapeXml(percent(correct, total))} (${formatCount(correct)} of ${formatCount(total)}) · rows: true class, columns: predicted · shade: share of the row</text>`,
  );

  // Cells.
  out.push(`<g class="cells">`);
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < c; j++) {
      const v = m[i]![j]!;
      const f = rowTotals[i]! === 0 ? 0 : v / rowTotals[i]!;
      const shade = Math.sqrt(f);
      const x = left + j * cell;
      const y = top + i * cell;
      out.push(
        `<rect class="cell" data-row="${i}" data-col="${j}" x="${px(x)}" y="${px(y)}" width="${px(cell)}" height="${px(cell)}" fill="${heatColor(shade)}"${cell >= 10 ? ' stroke="#ffffff" stroke-width="1"' : ''}>` +
          (cellTips ? `<title>${escapeXml(`true ${classNames[i]}, predicted ${classNames[j]}: ${formatCount(v)} (${percent(v, rowTotals[i]!)} of the row)`)}</title>` : '') +
          `</rect>`,
      );
      if (showCounts) {
        out.push(
          `<text class="count" x="${px(x + cell / 2)}" y="${px(y + cell / 2 + countFont * 0.35)}" text-anchor="middle" font-size="${countFont}" fill="${shade > 0.62 ? '#ffffff' : '#222222'}"${i === j ? ' font-weight="600"' : ''}>${formatCount(v)}</text>`,
        );
      }
    }
  }
  out.push(`</g>`);
  out.push(`<rect x="${px(left)}" y="${px(top)}" width="${px(gridSize)}" height="${px(gridSize)}" fill="none" stroke="#999999"/>`);

  // Row labels (true classes), right-aligned against the grid.
  out.push(`<g class="row-labels" text-anchor="end" font-size="${labelFont}">`);
  names.forEach((n, i) => {
    if (i % labelEvery !== 0) return;
    out.push(`<text x="${px(left - 6)}" y="${px(top + i * cell + cell / 2 + labelFont * 0.35)}"><title>${escapeXml(classNames[i]!)}</title>${escapeXml(n)}</text>`);
  });
  out.push(`</g>`);
  out.push(
    `<text class="axis-title" transform="translate(16 ${px(top + gridSize / 2)}) rotate(-90)" text-anchor="middle" font-weight="600">true class</text>`,
  );

  // Column labels (predicted classes), under the grid.
  const colY = top + gridSize + 6;
  out.push(`<g class="col-labels" font-size="${labelFont}">`);
  names.forEach((n, j) => {
    if (j % labelEvery !== 0) return;
    const cx = left + j * cell + cell / 2;
    if (rotate) {
      out.push(
        `<text text-anchor="end" transform="translate(${px(cx + labelFont * 0.35)} ${px(colY + 2)}) rotate(-45)"><title>${escapeXml(classNames[j]!)}</title>${escapeXml(n)}</text>`,
      );
    } else {
      out.push(`<text text-anchor="middle" x="${px(cx)}" y="${px(colY + labelFont)}"><title>${escapeXml(classNames[j]!)}</title>${escapeXml(n)}</text>`);
    }
  });
  out.push(`</g>`);
  out.push(
    `<text class="axis-title" x="${px(left + gridSize / 2)}" y="${px(colY + colLabelHeight + 18)}" text-anchor="middle" font-weight="600">predicted class</text>`,
  );

  // Recall and row totals beside the rows: as text while rows are tall enough for it, else as bars
  // (0 to 100% over 100 px, every row) with the numbers left to report.json.
  out.push(`<g class="recall" font-size="${labelFont}">`);
  if (labelEvery === 1) {
    out.push(`<text x="${px(sideX + 52)}" y="${px(top - 8)}" text-anchor="end" font-weight="600">recall</text>`);
    out.push(`<text x="${px(sideX + 120)}" y="${px(top - 8)}" text-anchor="end" font-weight="600">n</text>`);
    for (let i = 0; i < c; i++) {
      const y = top + i * cell + cell / 2 + labelFont * 0.35;
      out.push(`<text class="recall-value" data-row="${i}" x="${px(sideX + 52)}" y="${px(y)}" text-anchor="end">${escapeXml(percent(m[i]![i]!, rowTotals[i]!))}</text>`);
      out.push(`<text class="row-total" x="${px(sideX + 120)}" y="${px(y)}" text-anchor="end" fill="#666666">${formatCount(rowTotals[i]!)}</text>`);
    }
  } else {
    out.push(`<text x="${px(sideX)}" y="${px(top - 8)}" font-weight="600">recall (0–100%)</text>`);
    out.push(`<rect x="${px(sideX)}" y="${px(top)}" width="100" height="${px(gridSize)}" fill="#f4f4f4"/>`);
    for (let i = 0; i < c; i++) {
      if (rowTotals[i] === 0) continue;
      const r = m[i]![i]! / rowTotals[i]!;
      out.push(`<rect class="recall-bar" data-row="${i}" x="${px(sideX)}" y="${px(top + i * cell + 0.5)}" width="${px(100 * r)}" height="${px(cell - 1)}" fill="#4a7fb5"/>`);
    }
  }
  out.push(`</g>`);

  // Colour key: the shades of a few shares of the row.
  const keyY = top + gridSize + 14;
  out.push(`<g class="key" font-size="10" fill="#444444">`);
  out.push(`<text x="${px(sideX)}" y="${px(keyY)}">share of the row</text>`);
  KEY_SHARES.forEach((share, k) => {
    const x = sideX + k * 32;
    out.push(`<rect x="${px(x)}" y="${px(keyY + 6)}" width="30" height="14" fill="${heatColor(Math.sqrt(share))}" stroke="#bbbbbb" stroke-width="0.5"/>`);
    out.push(`<text x="${px(x + 15)}" y="${px(keyY + 32)}" text-anchor="middle">${100 * share}%</text>`);
  });
  out.push(`</g>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
