import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gzip, tempDir } from '../../test/helpers/data-files.js';
import { ArgumentError, DataFormatError } from '../errors.js';
import { forEachCsvRecord, parseCsv, parseCsvBytes } from './csv.js';
import { readCsvFile } from './datasets.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function records(text: string, delimiter = ','): [number, string[]][] {
  const out: [number, string[]][] = [];
  forEachCsvRecord(text, 't.csv', delimiter, (fields, row) => out.push([row, fields]));
  return out;
}

const f32 = (values: number[]) => values.map((v) => Math.fround(v));

describe('forEachCsvRecord', () => {
  it('splits fields, trims them, skips blank lines and numbers rows like an editor', () => {
    expect(records('a, b ,c\n\n 1,2,3\r\n4,5,6\r7,8,9\n')).toEqual([
      [1, ['a', 'b', 'c']],
      [3, ['1', '2', '3']],
      [4, ['4', '5', '6']],
      [5, ['7', '8', '9']],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(records('1,"a, ""b""",x\n2, "multi\nline" ,y\n3,"",z')).toEqual([
      [1, ['1', 'a, "b"', 'x']],
      [2, ['2', 'multi\nline', 'y']],
      [4, ['3', '', 'z']],
    ]);
  });

  it('uses other delimiters', () => {
    expect(records('1\t2\t"x\ty"\n', '\t')).toEqual([[1, ['1', '2', 'x\ty']]]);
    expect(records('1;2,5;a', ';')).toEqual([[1, ['1', '2,5', 'a']]]);
  });

  it('names an unclosed quote and junk after a closing quote', () => {
    expect(() => records('1,2\n3,"abc\n\n')).toThrow('t.csv: quoted field opened at row 2 column 2 is never closed');
    expect(() => records('1,"ab"c,3')).toThrow('t.csv: unexpected "c" after the closing quote at row 1 column 2');
  });
});

describe('parseCsv', () => {
  const iris = 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n';

  it('reads a header, float features and string labels mapped in sorted order', () => {
    const ds = parseCsv(iris, 'iris.csv');
    expect([ds.X.rows, ds.X.cols]).toEqual([4, 2]);
    expect(ds.X.data).toBeInstanceOf(Float32Array);
    expect(Array.from(ds.X.data)).toEqual(f32([5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0]));
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 0]);
    expect(ds.imageShape).toBeNull();
    expect(ds.name).toBe('iris.csv');
  });

  it('detects a missing header and reads integer labels as class indices', () => {
    const ds = parseCsv('1,2,0\n3,4,2\n', 'n.csv');
    expect(Array.from(ds.X.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(ds.labels)).toEqual([0, 2]);
    expect(ds.classNames).toEqual(['0', '1', '2']);
    // string labels in the first row do not make it a header
    expect(parseCsv('1,2,cat\n3,4,dog\n', 's.csv').X.rows).toBe(2);
  });

  it('takes the label column by name or by index (negative from the end)', () => {
    const text = 'id,label,x\n1,"b, quoted",0.5\n2,a,-1e-3\n';
    const byName = parseCsv(text, 't.csv', { label: 'label' });
    expect(byName.classNames).toEqual(['a', 'b, quoted']);
    expect(Array.from(byName.labels)).toEqual([1, 0]);
    expect(Array.from(byName.X.data)).toEqual(f32([1, 0.5, 2, -1e-3]));
    expect(parseCsv(text, 't.csv', { label: 1 })).toEqual(byName);
    expect(parseCsv(text, 't.csv', { label: -2 })).toEqual(byName);
    expect(() => parseCsv(text, 't.csv', { label: 'y' })).toThrow('t.csv: has no column named "y" (option label); its header\'s columns are "id", "label", "x"');
    expect(() => parseCsv(text, 't.csv', { label: 3 })).toThrow('t.csv: has 3 columns, so the label column index 3 is outside 0..2');
    expect(() => parseCsv(text, 't.csv', { label: 'x', header: false })).toThrow(ArgumentError);
  });

  it('forces the header either way', () => {
    expect(parseCsv('1,2,0\n3,4,1\n', 'h.csv', { header: true }).X.rows).toBe(1);
    expect(() => parseCsv('a,b,0\n3,4,1\n', 'h.csv', { header: false })).toThrow('h.csv: non-numeric cell "a" at row 1 column 1');
  });

  it('maps labels through given class names, and reads integers as strings when asked', () => {
    const ds = parseCsv('1,dog\n2,cat\n', 'c.csv', { classNames: ['dog', 'cat'] });
    expect(Array.from(ds.labels)).toEqual([0, 1]);
    expect(() => parseCsv('1,dog\n2,cow\n', 'c.csv', { classNames: ['dog', 'cat'] })).toThrow(
      'c.csv: label "cow" at row 2 column 2 is not one of the class names given ("dog", "cat")',
    );
    const s = parseCsv('1,10\n2,9\n', 'c.csv', { labels: 'string' });
    expect(s.classNames).toEqual(['10', '9']);
    expect(() => parseCsv('1,5\n2,x\n', 'c.csv', { labels: 'integer' })).toThrow('c.csv: label "x" at row 2 column 2 is not a whole number ≥ 0');
    expect(() => parseCsv('1,12\n', 'c.csv', { classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] })).toThrow(
      'c.csv: label 12 outside 0..9 at row 1 column 2',
    );
    expect(() => parseCsv('1,99999999\n', 'c.csv')).toThrow('c.csv: label 99999999 at row 1 column 2 is too large');
  });

  it('names a ragged row', () => {
    const rows = ['a,b,y', ...Array.from({ length: 15 }, (_, i) => `${i},${i},0`), '1,2,3,0'];
    expect(() => parseCsv(rows.join('\n'), 'r.csv')).toThrow('r.csv: row 17 has 4 fields, expected 3 like row 1');
  });

  it('names non-numeric, empty and overflowing cells with row, column and header name', () => {
    expect(() => parseCsv('x,y,label\n1,2,a\n3,abc,b\n', 'v.csv')).toThrow(DataFormatError);
    expect(() => parseCsv('x,y,label\n1,2,a\n3,abc,b\n', 'v.csv')).toThrow('v.csv: non-numeric cell "abc" at row 3 column 2 ("y")');
    expect(() => parseCsv('1,,a\n', 'v.csv')).toThrow('v.csv: empty cell at row 1 column 2');
    expect(() => parseCsv('x,y\nNaN,a\n', 'v.csv')).toThrow('non-numeric cell "NaN" at row 2 column 1');
    expect(() => parseCsv('x,y\n1e39,a\n', 'v.csv')).toThrow('v.csv: cell "1e39" at row 2 column 1 ("x") is too large for float32');
    expect(() => parseCsv('x,y\n1,\n', 'v.csv')).toThrow('v.csv: empty label at row 2 column 2 ("y")');
  });

  it('refuses empty files, header-only files and a single column', () => {
    expect(() => parseCsv('', 'e.csv')).toThrow('e.csv: is empty');
    expect(() => parseCsv('\n \n', 'e.csv')).toThrow('e.csv: is empty');
    expect(() => parseCsv('a,b\n', 'e.csv')).toThrow('e.csv: has a header but no data rows');
    expect(() => parseCsv('1\n2\n', 'e.csv')).toThrow('e.csv: row 1 has 1 column; a CSV dataset needs at least one feature column and a label column');
  });

  it('grows past its initial buffer and keeps every value', () => {
    const rows = Array.from({ length: 700 }, (_, i) => `${i},${-i},${i / 4},${i % 3}`);
    const ds = parseCsv(rows.join('\n'), 'big.csv');
    expect([ds.X.rows, ds.X.cols]).toEqual([700, 3]);
    expect(ds.X.data.length).toBe(2100);
    expect(Array.from(ds.X.data.subarray(3 * 699))).toEqual([699, -699, 699 / 4]);
    expect(ds.labels[699]).toBe(0);
  });
});

describe('CSV bytes and files', () => {
  it('drops a byte-order mark and refuses invalid UTF-8', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x,y\n1,a\n')]);
    expect(parseCsvBytes(bom, 'b.csv').X.rows).toBe(1);
    expect(() => parseCsvBytes(new Uint8Array([0x31, 0x2c, 0xff, 0x0a]), 'u.csv')).toThrow('u.csv: is not valid UTF-8 text');
  });

  it('reads a file, raw or gzip', () => {
    const text = 'f1,f2,cls\n0.5,1,b\n1.5,2,a\n';
    const raw = join(tmp.dir, 'd.csv');
    const gz = join(tmp.dir, 'd.csv.gz');
    writeFileSync(raw, text);
    writeFileSync(gz, gzip(new TextEncoder().encode(text)));
    for (const p of [raw, gz]) {
      const ds = readCsvFile(p);
      expect(Array.from(ds.X.data)).toEqual([0.5, 1, 1.5, 2]);
      expect(ds.classNames).toEqual(['a', 'b']);
      expect(ds.name).toBe(p);
    }
    expect(() => readCsvFile(join(tmp.dir, 'missing.csv'))).toThrow('missing.csv: file not found');
  });
});
