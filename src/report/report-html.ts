/**
 * report.html: one page that shows a run's figures and pictures together and opens from disk. No scripts,
 * no network: the pictures are <img> elements with paths relative to the page (the run folder), the CSS is
 * inline, and every piece of text the caller passes is escaped. Browser-safe.
 *
 * Values are printed as given, only formatted: whole numbers as they are, other numbers with 4 significant
 * digits (exponent notation below 0.001 or from 1e6 on), NaN and ±Infinity spelled out, null as "–",
 * booleans as yes / no. Nothing is computed or filled in.
 */
import { ArgumentError } from '../errors.js';
import { escapeXml } from './markup.js';

export type ReportValue = string | number | boolean | null;

export interface ReportTable {
  readonly heading: string;
  /** Rows in order: [label, value]. */
  readonly rows: readonly (readonly [string, ReportValue])[];
}

export interface ReportPicture {
  /** Path relative to the page, e.g. "weights.png". */
  readonly file: string;
  readonly caption: string;
  /** Text for readers that cannot show the picture (default: the caption). */
  readonly alt?: string;
}

export interface ReportPageInput {
  /** The page's heading, e.g. "linclass train · softmax on MNIST". */
  readonly title: string;
  /** A line under the heading, e.g. the command line or the date. */
  readonly subtitle?: string;
  /** The key figures: the first table on the page. */
  readonly figures: Readonly<Record<string, ReportValue>> | readonly (readonly [string, ReportValue])[];
  /** More tables after the figures (per-class metrics, a comparison of models, …). */
  readonly tables?: readonly ReportTable[];
  /** The pictures that exist, in order (leave out those the run did not write). */
  readonly pictures?: readonly ReportPicture[];
  /** Relative path of the machine-readable report to link (default "report.json"; null for none). */
  readonly reportJson?: string | null;
}

/** The standard pictures of a run folder, for callers to filter by what they wrote. */
export const RUN_PICTURES: readonly ReportPicture[] = [
  { file: 'curves.svg', caption: 'Loss (data, regularization, total) and accuracy (train, validation) during training' },
  { file: 'weights.png', caption: 'Learned templates: each class’s row of W reshaped to the image, scaled to 0..255 per class' },
  { file: 'confusion.svg', caption: 'Confusion matrix on the test set: rows are true classes, columns predictions' },
];

/** A figure for a table cell: formatted, never rounded to something it is not. */
export function formatReportValue(v: ReportValue): string {
  if (v === null) return '\u2013';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** A relative path for href/src: no scheme (no javascript:, no http:), no absolute path. */
function checkRelative(path: string, argument: string): void {
  if (path.length === 0 || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith('/') || path.startsWith('\\')) {
    throw new ArgumentError(argument, `must be a path relative to the report (e.g. "weights.png"), got ${JSON.stringify(path)}`);
  }
}

/** Percent-encode what a URL path may not hold as is (spaces, #, ?, %, non-ASCII); keeps / and . */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const CSS = `
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; background: #fafafa; margin: 0; }
  main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  h2 { font-size: 17px; margin: 28px 0 8px; }
  .subtitle { color: #555; margin: 0 0 8px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
  table { border-collapse: collapse; background: #fff; border: 1px solid #ddd; }
  th, td { padding: 4px 12px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
  th { font-weight: 600; color: #444; }
  td.value { font-variant-numeric: tabular-nums; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
  figure { margin: 0 0 20px; background: #fff; border: 1px solid #ddd; padding: 12px; }
  figure img { max-width: 100%; height: auto; display: block; }
  figcaption { color: #555; font-size: 13px; margin-top: 6px; }
  footer { margin-top: 28px; color: #555; font-size: 13px; }
`;

function table(rows: readonly (readonly [string, ReportValue])[]): string {
  if (rows.length === 0) return '<p class="empty">(none)</p>';
  const body = rows.map(([k, v]) => `      <tr><th scope="row">${escapeXml(k)}</th><td class="value">${escapeXml(formatReportValue(v))}</td></tr>`);
  return ['<table>', '    <tbody>', ...body, '    </tbody>', '  </table>'].join('\n');
}

/** The HTML document (a string). */
export function reportHtml(input: ReportPageInput): string {
  const figures = Array.isArray(input.figures)
    ? (input.figures as readonly (readonly [string, ReportValue])[])
    : Object.entries(input.figures as Readonly<Record<string, ReportValue>>);
  const pictures = input.pictures ?? [];
  pictures.forEach((p, i) => checkRelative(p.file, `pictures[${i}].file`));
  const json = input.reportJson === undefined ? 'report.json' : input.reportJson;
  if (json !== null) checkRelative(json, 'reportJson');

  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No network, no scripts: the page shows only its own text and the pictures beside it.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; style-src 'unsafe-inline'">`,
    `<title>${escapeXml(input.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeXml(input.title)}</h1>`,
  ];
  if (input.subtitle !== undefined) parts.push(`<p class="subtitle">${escapeXml(input.subtitle)}</p>`);
  parts.push('<h2>Key figures</h2>', `  ${table(figures)}`);
  for (const t of input.tables ?? []) parts.push(`<h2>${escapeXml(t.heading)}</h2>`, `  ${table(t.rows)}`);
  if (pictures.length > 0) {
    parts.push('<h2>Pictures</h2>');
    for (const p of pictures) {
      const src = escapeXml(encodePath(p.file));
      parts.push(
        '<figure>',
        `  <a href="${src}"><img src="${src}" alt="${escapeXml(p.alt ?? p.caption)}"></a>`,
        `  <figcaption>${escapeXml(p.caption)}</figcaption>`,
        '</figure>',
      );
    }
  }
  if (json !== null) {
    const href = escapeXml(encodePath(json));
    parts.push(`<footer>Every figure measured in this run: <a href="${href}">${escapeXml(json)}</a></footer>`);
  }
  parts.push('</main>', '</body>', '</html>');
  return parts.join('\n') + '\n';
}
