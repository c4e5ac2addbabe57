import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { byClass, elements, parseXml, texts } from '../../test/helpers/xml.js';
import { confusionSvg, heatColor } from './confusion-svg.js';

// 3 classes: row = true class, column = predicted.
const M = [
  [5, 1, 0],
  [2, 6, 2],
  [0, 0, 0],
];
const names = ['cat', 'dog', 'bird'];

/** The element's own text, without that of its <title> tooltip. */
function ownText(el: Element): string {
  return Array.from(el.childNodes)
    .filter((n) => n.nodeType === 3)
    .map((n) => n.nodeValue)
    .join('');
}

describe('confusionSvg', () => {
  it('is a standalone SVG with one cell per (true, predicted) pair and the counts in them', () => {
    const doc = parseXml(confusionSvg(M, names));
    expect(doc.documentElement!.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    const cells = byClass(doc, 'rect', 'cell');
    expect(cells).toHaveLength(9);
    expect(cells.map((c) => `${c.getAttribute('data-row')},${c.getAttribute('data-col')}`).slice(0, 4)).toEqual(['0,0', '0,1', '0,2', '1,0']);
    expect(texts(byClass(doc, 'text', 'count'))).toEqual(['5', '1', '0', '2', '6', '2', '0', '0', '0']);
    // Row labels are the true classes, column labels the predicted ones, in order.
    expect(elements(byClass(doc, 'g', 'row-labels')[0]!, 'text').map(ownText)).toEqual(names);
    expect(elements(byClass(doc, 'g', 'col-labels')[0]!, 'text').map(ownText)).toEqual(names);
    expect(texts(byClass(doc, 'text', 'axis-title'))).toEqual(['true class', 'predicted class']);
  });

  it('writes recall M[i][i] / Σ_j M[i][j] beside each row, "–" for a class without examples', () => {
    const doc = parseXml(confusionSvg(M, names));
    expect(texts(byClass(doc, 'text', 'recall-value'))).toEqual(['83.3%', '60.0%', '\u2013']);
    expect(texts(byClass(doc, 'text', 'row-total'))).toEqual(['6', '10', '0']);
    expect(texts(byClass(doc, 'text', 'accuracy'))[0]).toMatch(/^accuracy 68\.8% \(11 of 16\)/);
  });

  it('shades a cell by the square root of its share of the row', () => {
    const doc = parseXml(confusionSvg(M, names));
    const fill = (i: number, j: number) => byClass(doc, 'rect', 'cell').find((c) => c.getAttribute('data-row') === `${i}` && c.getAttribute('data-col') === `${j}`)!.getAttribute('fill');
    expect(fill(0, 0)).toBe(heatColor(Math.sqrt(5 / 6)));
    expect(fill(1, 2)).toBe(heatColor(Math.sqrt(0.2)));
    expect(fill(2, 2)).toBe('rgb(255,255,255)'); // empty row: share 0
    expect(heatColor(0)).toBe('rgb(255,255,255)');
    expect(heatColor(1)).toBe('rgb(8,48,107)');
    expect(heatColor(0.25)).toBe('rgb(198,219,239)'); // the second stop
  });

  it('accepts an Int32 matrix {data, rows, cols} as src/train/metrics.ts returns', () => {
    const flat = { data: Int32Array.from(M.flat()), rows: 3, cols: 3 };
    expect(confusionSvg(flat, names)).toBe(confusionSvg(M, names));
  });

  it('stays readable with 10 long names: cut to 16 characters, rotated, full name as a tooltip, escaped', () => {
    const long = Array.from({ length: 10 }, (_, i) => (i === 3 ? '<script>alert("x")</script> & co' : `class number ${i} with a long name`));
    const m = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 1000 : j)));
    const svg = confusionSvg(m, long);
    const doc = parseXml(svg);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    const cols = elements(byClass(doc, 'g', 'col-labels')[0]!, 'text');
    expect(cols).toHaveLength(10);
    expect(cols.every((t) => (t.getAttribute('transform') ?? '').includes('rotate(-45)'))).toBe(true);
    const shown = cols.map(ownText);
    expect(shown[0]).toBe('class number 0 \u2026');
    expect(Array.from(shown[0]!)).toHaveLength(16);
    expect(elements(cols[0]!, 'title')[0]!.textContent).toBe('class number 0 with a long name');
    expect(texts(byClass(doc, 'text', 'count'))).toHaveLength(100);
  });

  it('short names stay horizontal', () => {
    const doc = parseXml(confusionSvg(M, ['a', 'b', 'c']));
    expect(elements(byClass(doc, 'g', 'col-labels')[0]!, 'text').every((t) => t.getAttribute('transform') === null)).toBe(true);
  });

  it('with 100 classes: small cells, every 2nd class labelled, recall as bars, no per-cell tooltips', () => {
    const c = 100;
    const m = Array.from({ length: c }, (_, i) => Array.from({ length: c }, (_, j) => (i === j ? 9 : j === 0 ? 1 : 0)));
    const names = Array.from({ length: c }, (_, i) => `class_${i}`);
    const svg = confusionSvg(m, names);
    const doc = parseXml(svg);
    expect(byClass(doc, 'rect', 'cell')).toHaveLength(c * c);
    expect(byClass(doc, 'rect', 'cell')[0]!.getAttribute('width')).toBe('6');
    expect(elements(byClass(doc, 'g', 'row-labels')[0]!, 'text').map(ownText).slice(0, 3)).toEqual(['class_0', 'class_2', 'class_4']);
    expect(byClass(doc, 'text', 'count')).toHaveLength(0);
    const bars = byClass(doc, 'rect', 'recall-bar');
    expect(bars).toHaveLength(c);
    expect(bars[1]!.getAttribute('width')).toBe('90'); // 9 of 10
    expect(svg.length).toBeLessThan(1_500_000);
  });

  it('one class', () => {
    const doc = parseXml(confusionSvg([[4]], ['only']));
    expect(texts(byClass(doc, 'text', 'recall-value'))).toEqual(['100.0%']);
  });

  it('refuses a matrix that does not match the names, negative or non-finite counts', () => {
    expect(() => confusionSvg(M, ['a', 'b'])).toThrow('matrix: has 3 rows, expected 2 (one per class name)');
    expect(() => confusionSvg([[1, 2], [3]], ['a', 'b'])).toThrow('matrix[1]: has 1 entries, expected 2');
    expect(() => confusionSvg({ data: new Int32Array(6), rows: 2, cols: 3 }, ['a', 'b'])).toThrow('matrix: has shape [2, 3], expected [2, 2]');
    expect(() => confusionSvg([[1, -1], [0, 1]], ['a', 'b'])).toThrow('matrix[0][1]: is -1; counts must be finite and ≥ 0');
    expect(() => confusionSvg([], [])).toThrow('classNames: is empty');
  });
});
