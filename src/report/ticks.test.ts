import { describe, expect, it } from 'vitest';
import { escapeXml, estimateTextWidth, px, truncate } from './markup.js';
import { formatTick, niceStep, niceTicks } from './ticks.js';

describe('niceTicks', () => {
  it('steps of 1, 2 or 5 times a power of ten covering the range', () => {
    expect(niceStep(0.3)).toBe(0.5);
    expect(niceStep(1)).toBe(1);
    expect(niceStep(1.5)).toBe(2);
    expect(niceStep(7)).toBe(10);
    expect(niceTicks(0, 2.3).values).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0.52, 0.94).values).toEqual([0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(niceTicks(1, 20, 6).values).toEqual([0, 5, 10, 15, 20]);
  });

  it('widens an empty range and respects a minimum step', () => {
    expect(niceTicks(1, 1, 6, 1).values).toEqual([0, 1, 2]);
    expect(niceTicks(0, 0).values).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(1, 3, 6, 1).values).toEqual([1, 2, 3]); // epochs never at 0.5
    expect(niceTicks(NaN, 5).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('prints ticks without float noise', () => {
    expect(niceTicks(0, 0.3).values).toEqual([0, 0.1, 0.2, 0.3]); // 0.1 + 0.2 is not 0.30000000000000004 here
    const t = niceTicks(0, 0.3, 6);
    expect(t.values.map((v) => formatTick(v, t))).toEqual(['0', '0.05', '0.10', '0.15', '0.20', '0.25', '0.30']);
    const tiny = niceTicks(0, 3e-7);
    expect(formatTick(tiny.values[1]!, tiny)).toBe('1e-7'); // step 3e-7 / 5 = 6e-8 → 1e-7
    const big = niceTicks(0, 3e7);
    expect(formatTick(big.values[1]!, big)).toBe('1e7');
  });
});

describe('markup helpers', () => {
  it('escapeXml escapes the five XML characters and replaces characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001Fc\tok\n')).toBe('a\uFFFDb\uFFFDc\tok\n');
    expect(escapeXml('\uD800x')).toBe('\uFFFDx'); // lone surrogate
    expect(escapeXml('😀')).toBe('😀'); // a pair is fine
  });

  it('truncate, px and width estimates', () => {
    expect(truncate('abcdef', 4)).toBe('abc\u2026');
    expect(truncate('abc', 4)).toBe('abc');
    expect(px(1.005)).toBe('1');
    expect(px(-0.001)).toBe('0');
    expect(px(12.345)).toBe('12.35');
    expect(estimateTextWidth('abcd', 10)).toBeCloseTo(24.8);
  });
});
