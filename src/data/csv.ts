/**
 * CSV datasets: numeric feature columns plus one label column (no Node APIs).
 *
 * Format (RFC 4180 with the usual leniencies): fields separated by `delimiter` (default ','); a field may
 * be double-quoted, with "" for a quote inside, and may then hold delimiters and line breaks; spaces around
 * fields are ignored; lines end in \n, \r\n or \r; blank lines are skipped; a UTF-8 byte-order mark is
 * dropped. Every record must have as many fields as the first.
 *
 * - Label column: `label` names it (header required) or gives a 0-based index (−1 = last, the default).
 * - Header: 'auto' (default) takes the first row as a header when one of its feature cells is text (neither
 *   a number nor empty), so a data row with a missing value is reported, not mistaken for a header.
 * - Labels: 'auto' (default) reads them as class indices when every one is a whole number ≥ 0 (class
 *   names "0".."max"), else as names mapped to 0..C−1 in sorted order (or in the order of `classNames`).
 * - Features are decimal numbers (1, -2.5, .5, 1e-3); anything else, empty cells and values that
 *   overflow are errors. They are stored as float32.
 *
 * Errors name the file, the row as a text editor numbers lines (1-based, header and blank lines counted;
 * a record spanning lines is numbered by its first line) and the column (1-based, as spreadsheets count).
 */
import { ArgumentError, DataFormatError } from '../errors.js';
import { decodeUtf8 } from './bytes.js';
import { createDataset } from './dataset.js';
import type { Dataset } from './types.js';

export interface CsvOptions {
  /** Label column: a header name, or a 0-based index where negative counts from the end. Default −1 (last). */
  readonly label?: string | number;
  /** Whether the first row is a header; 'auto' (default) decides from its feature cells. */
  readonly header?: boolean | 'auto';
  /** Field separator, one character (default ','; '\t' for TSV, ';' for European CSV). */
  readonly delimiter?: string;
  /** How to read labels (default 'auto', see above). */
  readonly labels?: 'auto' | 'integer' | 'string';
  /** Class names in label order. For string labels they fix the mapping (other labels are errors). */
  readonly classNames?: readonly string[];
  /** Dataset name (default: the file name). */
  readonly name?: string;
}

/** Integer labels above this are refused: a class count is small, and a typo must not allocate gigabytes. */
export const MAX_CSV_CLASSES = 65536;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WHOLE = /^\d+$/;

const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/**
 * Split `text` into records, calling `onRecord(fields, row)` for each non-blank one; `row` is the 1-based
 * line where the record starts. Fields are trimmed; quotes are removed from quoted fields.
 */
export function forEachCsvRecord(text: string, fileName: string, delimiter: string, onRecord: (fields: string[], row: number) => void): void {
  const delim = delimiter.charCodeAt(0);
  const isBlank = (c: number) => (c === SPACE || c === TAB) && c !== delim;
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const row = line;
    const fields: string[] = [];
    let blank = true;
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      let j = i;
      while (j < n && isBlank(text.charCodeAt(j))) j++;
      let value: string;
      if (j < n && text.charCodeAt(j) === QUOTE) {
        blank = false;
        const openRow = line;
        const openCol = fields.length + 1;
        let parts = '';
        let k = j + 1;
        for (;;) {
          const q = text.indexOf('"', k);
          if (q < 0) throw new DataFormatError(fileName, `quoted field opened at row ${openRow} column ${openCol} is never closed`);
          for (let t = k; t < q; t++) {
            const c = text.charCodeAt(t);
            if (c === LF || (c === CR && text.charCodeAt(t + 1) !== LF)) line++;
          }
          parts += text.slice(k, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            k = q + 2;
          } else {
            k = q + 1;
            break;
          }
        }
        while (k < n && isBlank(text.charCodeAt(k))) k++;
        const c = k < n ? text.charCodeAt(k) : -1;
        if (c !== -1 && c !== delim && c !== LF && c !== CR) {
          throw new DataFormatError(fileName, `unexpected ${JSON.stringify(text[k])} after the closing quote at row ${line} column ${fields.length + 1}`);
        }
        value = parts.trim();
        i = k;
      } else {
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === LF || c === CR) break;
          k++;
        }
        value = text.slice(j, k).trim();
        if (value.length > 0 || (k < n && text.charCodeAt(k) === delim)) blank = false;
        i = k;
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      break;
    }
    // At a line break or the end.
    if (i < n) {
      if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else i++;
      line++;
    }
    if (!blank) onRecord(fields, row);
  }
}

function columnName(header: readonly string[] | null, c: number): string {
  const name = header?.[c];
  return name !== undefined && name.length > 0 ? ` (${JSON.stringify(name)})` : '';
}

/** Parse CSV text into a Dataset (float32 features, imageShape null). See the module comment for the rules. */
export function parseCsv(text: string, fileName: string, options: CsvOptions = {}): Dataset {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ArgumentError('delimiter', `must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const labelMode = options.labels ?? 'auto';
  if (labelMode !== 'auto' && labelMode !== 'integer' && labelMode !== 'string') {
    throw new ArgumentError('labels', `must be 'auto', 'integer' or 'string', got ${JSON.stringify(labelMode)}`);
  }
  const labelOpt = options.label ?? -1;
  const headerOpt = options.header ?? (typeof labelOpt === 'string' ? true : 'auto');
  if (typeof labelOpt === 'string' && headerOpt === false) {
    throw new ArgumentError('label', `names a column (${JSON.stringify(labelOpt)}) but header is false; give a column index instead`);
  }

  let width = -1;
  let labelCol = -1;
  let header: string[] | null = null;
  let firstRow = 0;
  let D = 0;
  let X = new Float32Array(1024);
  let N = 0;
  const labelCells: string[] = [];
  const labelRows: number[] = [];

  const resolveLabel = (fields: readonly string[], hasHeader: boolean): number => {
    if (typeof labelOpt === 'string') {
      const c = hasHeader ? fields.indexOf(labelOpt) : -1;
      if (c < 0) {
        throw new DataFormatError(
          fileName,
          `has no column named ${JSON.stringify(labelOpt)} (option label); its header's columns are ${fields.map((f) => JSON.stringify(f)).join(', ')}`,
        );
      }
      return c;
    }
    if (!Number.isInteger(labelOpt) || labelOpt >= fields.length || labelOpt < -fields.length) {
      throw new DataFormatError(
        fileName,
        `has ${fields.length} columns, so the label column index ${labelOpt} is outside 0..${fields.length - 1} (or −1..−${fields.length} from the end)`,
      );
    }
    return labelOpt < 0 ? fields.length + labelOpt : labelOpt;
  };

  forEachCsvRecord(text, fileName, delimiter, (fields, row) => {
    if (width < 0) {
      width = fields.length;
      firstRow = row;
      if (width < 2) {
        throw new DataFormatError(fileName, `row ${row} has ${width} column; a CSV dataset needs at least one feature column and a label column`);
      }
      let hasHeader: boolean;
      if (headerOpt === 'auto' && typeof labelOpt !== 'string') {
        const c = resolveLabel(fields, false);
        hasHeader = fields.some((f, j) => j !== c && f.length > 0 && !NUMBER.test(f));
      } else hasHeader = headerOpt !== false;
      labelCol = resolveLabel(fields, hasHeader);
      D = width - 1;
      if (hasHeader) {
        header = fields;
        return;
      }
    }
    if (fields.length !== width) {
      throw new DataFormatError(
        fileName,
        `row ${row} has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${width} like row ${firstRow} (a ragged row: check for a missing or extra ${JSON.stringify(delimiter)})`,
      );
    }
    if ((N + 1) * D > X.length) {
      const grown = new Float32Array(Math.max(2 * X.length, (N + 1) * D));
      grown.set(X);
      X = grown;
    }
    let o = N * D;
    for (let c = 0; c < width; c++) {
      const cell = fields[c]!;
      if (c === labelCol) {
        if (cell.length === 0) throw new DataFormatError(fileName, `empty label at row ${row} column ${c + 1}${columnName(header, c)}`);
        labelCells.push(cell);
        labelRows.push(row);
        continue;
      }
      if (!NUMBER.test(cell)) {
        throw new DataFormatError(
          fileName,
          cell.length === 0
            ? `empty cell at row ${row} column ${c + 1}${columnName(header, c)}; every feature needs a number`
            : `non-numeric cell ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)} at row ${row} column ${c + 1}${columnName(header, c)}`,
        );
      }
      const v = Number(cell);
      if (!Number.isFinite(v) || !Number.isFinite(Math.fround(v))) {
        throw new DataFormatError(fileName, `cell ${JSON.stringify(cell)} at row ${row} column ${c + 1}${columnName(header, c)} is too large for float32`);
      }
      X[o++] = v;
    }
    N++;
  });

  if (width < 0) throw new DataFormatError(fileName, 'is empty; a CSV dataset needs rows of numbers and a label column');
  if (N === 0) throw new DataFormatError(fileName, 'has a header but no data rows');

  const { labels, classNames } = mapLabels(labelCells, labelRows, labelCol + 1, fileName, labelMode, options.classNames);
  return createDataset({
    name: options.name ?? fileName,
    X: { data: X.length === N * D ? X : X.slice(0, N * D), rows: N, cols: D },
    labels,
    classNames,
    imageShape: null,
  });
}

function mapLabels(
  cells: readonly string[],
  rows: readonly number[],
  col: number,
  fileName: string,
  mode: 'auto' | 'integer' | 'string',
  names: readonly string[] | undefined,
): { labels: Int32Array; classNames: string[] } {
  const n = cells.length;
  const labels = new Int32Array(n);
  const integer = mode === 'integer' || (mode === 'auto' && cells.every((c) => WHOLE.test(c)));
  if (integer) {
    const limit = names?.length ?? MAX_CSV_CLASSES;
    let max = -1;
    for (let i = 0; i < n; i++) {
      const cell = cells[i]!;
      if (!WHOLE.test(cell)) {
        throw new DataFormatError(
          fileName,
          `label ${JSON.stringify(cell)} at row ${rows[i]} column ${col} is not a whole number ≥ 0 (use labels: 'string' to map names to classes)`,
        );
      }
      const y = Number(cell);
      if (y >= limit) {
        throw new DataFormatError(
          fileName,
          names === undefined
            ? `label ${cell} at row ${rows[i]} column ${col} is too large: integer labels must be below ${MAX_CSV_CLASSES} (use labels: 'string' for arbitrary values)`
            : `label ${cell} outside 0..${limit - 1} at row ${rows[i]} column ${col} (${limit} class names given)`,
        );
      }
      labels[i] = y;
      if (y > max) max = y;
    }
    return { labels, classNames: names === undefined ? Array.from({ length: max + 1 }, (_, i) => String(i)) : [...names] };
  }
  let order: string[];
  if (names === undefined) {
    // Sorted by UTF-16 code units (like numpy.unique / sklearn's LabelEncoder), so the mapping does not
    // depend on which rows come first.
    order = [...new Set(cells)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } else {
    order = [...names];
  }
  const index = new Map(order.map((name, i) => [name, i]));
  for (let i = 0; i < n; i++) {
    const y = index.get(cells[i]!);
    if (y === undefined) {
      throw new DataFormatError(
        fileName,
        `label ${JSON.stringify(cells[i])} at row ${rows[i]} column ${col} is not one of the class names given (${order.map((s) => JSON.stringify(s)).join(', ')})`,
      );
    }
    labels[i] = y;
  }
  return { labels, classNames: order };
}

/** parseCsv over a file's bytes (UTF-8; a byte-order mark is dropped, invalid UTF-8 is an error). */
export function parseCsvBytes(bytes: Uint8Array, fileName: string, options: CsvOptions = {}): Dataset {
  return parseCsv(decodeUtf8(bytes, fileName), fileName, options);
}
