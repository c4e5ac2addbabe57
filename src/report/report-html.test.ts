import { describe, expect, it } from 'vitest';
import { formatReportValue, reportHtml, RUN_PICTURES } from './report-html.js';

describe('formatReportValue', () => {
  it('formats without inventing: integers as they are, 4 significant digits, exponents for tiny and huge', () => {
    expect(formatReportValue(60000)).toBe('60000');
    expect(formatReportValue(0.923456)).toBe('0.9235');
    expect(formatReportValue(12.3456)).toBe('12.35');
    expect(formatReportValue(0.1)).toBe('0.1');
    expect(formatReportValue(0.000123)).toBe('1.23e-4');
    expect(formatReportValue(1e-7)).toBe('1e-7');
    expect(formatReportValue(2.5e7 + 0.5)).toBe('2.5e7');
    expect(formatReportValue(-0.5)).toBe('-0.5');
    expect(formatReportValue(0)).toBe('0');
  });

  it('spells out what is not a plain number', () => {
    expect(formatReportValue(NaN)).toBe('NaN');
    expect(formatReportValue(Infinity)).toBe('∞');
    expect(formatReportValue(-Infinity)).toBe('−∞');
    expect(formatReportValue(null)).toBe('\u2013');
    expect(formatReportValue(true)).toBe('yes');
    expect(formatReportValue(false)).toBe('no');
    expect(formatReportValue('wasm-simd')).toBe('wasm-simd');
  });
});

describe('reportHtml', () => {
  const page = reportHtml({
    title: 'linclass train · softmax on MNIST',
    subtitle: 'linclass train --loss softmax',
    figures: { testAccuracy: 0.9234, epochs: 10, kernels: 'ref' },
    tables: [{ heading: 'Per class', rows: [['0', 0.99], ['1', 0.98]] }],
    pictures: RUN_PICTURES.filter((p) => p.file !== 'confusion.svg'),
  });

  it('is one self-contained document: doctype, charset, inline CSS, no scripts, no remote URLs', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<style>');
    expect(page).not.toMatch(/<script|<link|@import|https?:\/\//i);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('shows the figures as a table, in order, formatted', () => {
    expect(page).toContain('<tr><th scope="row">testAccuracy</th><td class="value">0.9234</td></tr>');
    expect(page.indexOf('testAccuracy')).toBeLessThan(page.indexOf('epochs'));
    expect(page).toContain('<h2>Per class</h2>');
    expect(page).toContain('<tr><th scope="row">1</th><td class="value">0.98</td></tr>');
  });

  it('shows only the pictures passed, by relative path, and links report.json', () => {
    expect(page).toContain('<img src="curves.svg"');
    expect(page).toContain('<img src="weights.png"');
    expect(page).not.toContain('confusion.svg');
    expect(page).toContain('<a href="report.json">report.json</a>');
    const none = reportHtml({ title: 't', figures: [], reportJson: null });
    expect(none).not.toContain('<figure>');
    expect(none).not.toContain('report.json');
    expect(none).toContain('(none)');
  });

  it('escapes everything the caller passes: <script> in a class name stays text', () => {
    const evil = reportHtml({
      title: '<script>alert(1)</script>',
      figures: [['class <script>alert(2)</script>', '<img src=x onerror=alert(3)>']],
      pictures: [{ file: 'a "b".png', caption: '</figcaption><script>' }],
    });
    expect(evil).not.toMatch(/<script/i);
    expect(evil).not.toContain('<img src=x');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).toContain('<img src="a%20%22b%22.png"');
  });

  it('refuses absolute paths and URLs for pictures and the JSON link', () => {
    expect(() => reportHtml({ title: 't', figures: {}, pictures: [{ file: 'javascript:alert(1)', caption: 'x' }] })).toThrow(
      'pictures[0].file: must be a path relative to the report (e.g. "weights.png"), got "javascript:alert(1)"',
    );
    expect(() => reportHtml({ title: 't', figures: {}, pictures: [{ file: '/etc/passwd', caption: 'x' }] })).toThrow('pictures[0].file');
    expect(() => reportHtml({ title: 't', figures: {}, reportJson: 'https://example.org/r.json' })).toThrow('reportJson');
  });
});
