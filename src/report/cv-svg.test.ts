import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { parseXml } from '../../test/helpers/xml.js';
import { cvSvg } from './cv-svg.js';

describe('cvSvg', () => {
  const input = {
    ks: [1, 3, 5, 100],
    accuracy: [[0.9, 0.92], [0.91, 0.93], [0.9, 0.9], [0.8, 0.82]],
    mean: [0.91, 0.92, 0.9, 0.81],
    std: [0.01, 0.01, 0, 0.01],
    bestK: 3,
    title: 'kNN <l2>',
  };
  it('is well-formed SVG with one dot per (k, fold), a bar and a mean per k, the best k marked', () => {
    const svg = cvSvg(input);
    const doc = parseXml(svg);
    expect(doc.getElementsByTagName('circle').length).toBe(8 + 4);
    expect(svg).toContain('best k = 3');
    expect(svg).toContain('kNN &lt;l2&gt;');
    expect(svg).toContain('log scale'); // 1…100 spans more than 20×
    expect(svg).toContain('k = 3: 92.00% ± 1.00');
  });
  it('plots a single k and refuses ragged input', () => {
    expect(() => parseXml(cvSvg({ ks: [1], accuracy: [[0.5]], mean: [0.5], std: [0], bestK: 1 }))).not.toThrow();
    expect(() => cvSvg({ ...input, mean: [0.1] })).toThrow(ArgumentError);
  });
});
