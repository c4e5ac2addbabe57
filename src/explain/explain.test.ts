import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError } from '../errors.js';
import { explainBatch, explainExample, explainScores } from './explain.js';
import { formatNumber, toPersianDigits } from './i18n.js';
import { renderBatch, renderExample } from './render.js';

describe('explain', () => {
  it('the terms of every hinge loss sum to the library\'s loss', () => {
    const s = [3.2, 5.1, -1.7];
    for (const loss of ['ww', 'ova', 'cs', 'squared'] as const) {
      for (const margin of [0.5, 1, 4]) {
        const e = explainExample(s, 0, { loss, margin });
        expect(e.terms.reduce((a, t) => a + t.value, 0)).toBeCloseTo(e.loss, 12);
      }
    }
  });

  it('writes the scores s = Wx + b out term by term', () => {
    const r = explainScores([[1, -2]], [3, 4], [0.5]);
    expect(r.scores).toEqual([-4.5]);
    expect(r.steps[0]!.expression).toBe('1·3 + (−2)·4 + 0.5 = −4.5');
  });

  it('formats numbers as the slides print them', () => {
    expect([2.9, 12.9, 5.266666, 164.0203, 0.000967, 3.4e-48, 0, -1.7].map(formatNumber)).toEqual([
      '2.9',
      '12.9',
      '5.27',
      '164.02',
      '0.00097',
      '3.4e-48',
      '0',
      '−1.7',
    ]);
    expect(toPersianDigits('2.04')).toBe('۲٫۰۴');
  });

  it('renders English and Persian, keeping the mathematics left-to-right in Persian', () => {
    const b = explainBatch([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]], [0, 1, 2], {
      loss: 'ww',
      classNames: ['cat', 'car', 'frog'],
    });
    const en = renderBatch(b, 'en').join('\n');
    expect(en).toContain('j = 1 (car): max(0, 5.1 − 3.2 + 1) = 2.9');
    expect(en).toContain('L = (1/N) Σ L_i = (2.9 + 0 + 12.9) / 3 = 5.27');
    const fa = renderBatch(b, 'fa').join('\n');
    expect(fa).toContain('گربه');
    expect(fa).toContain('قورباغه');
    expect(fa).toContain('میانگین');
    expect(fa).toContain('\u2066L = (1/N) Σ L_i = (2.9 + 0 + 12.9) / 3 = 5.27\u2069');
  });

  it('renders the softmax walk', () => {
    const lines = renderExample(explainExample([3.2, 5.1, -1.7], 0, { loss: 'softmax' }), 'en');
    expect(lines).toContain('Normalise (probabilities) p = e^s / Σ e^s: [0.13, 0.87, 0.00097]');
    expect(lines).toContain('Loss: L_i = −ln p_y = −ln 0.13 = 2.04');
  });

  it('gives the per-example gradient of the loss with respect to the scores', () => {
    expect(explainExample([3.2, 5.1, -1.7], 0, { loss: 'ww' }).dScores).toEqual([-1, 1, 0]);
  });

  it('refuses bad input with the argument named', () => {
    expect(() => explainExample([1, 2], 2, { loss: 'ww' })).toThrow('labels: label 2 at index 0 is outside 0..1');
    expect(() => explainExample([1, 2], 0, { loss: 'nope' as 'ww' })).toThrow(ArgumentError);
    expect(() => explainScores([[1, 2]], [1])).toThrow(ShapeError);
    expect(() => explainScores([[1, 2]], [1, NaN])).toThrow('x: element 1 is NaN');
    expect(() => explainExample([1, 2], 0, { loss: 'ww', classNames: ['a'] })).toThrow('classNames: has 1 names for 2 classes');
  });
});
