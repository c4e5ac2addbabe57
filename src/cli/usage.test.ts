import { describe, expect, it } from 'vitest';
import { parseInteger, parseNumberList, parseNumberRows, UsageError } from './usage.js';

describe('parseNumberRows', () => {
  it('rows by ";", values by ",", a trailing ";" allowed', () => {
    expect(parseNumberRows('1,2;3,4;', '--W')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseNumberList('3.2, 5.1 ,−1.7', '--scores')).toEqual([3.2, 5.1, -1.7]);
  });

  it('an empty value is a usage error, not an empty list (found by the fuzz suite: `explain --scores=` crashed)', () => {
    for (const text of ['', ';', ' ']) {
      expect(() => parseNumberRows(text, '--scores'), JSON.stringify(text)).toThrow(UsageError);
    }
    expect(() => parseNumberRows('', '--scores')).toThrow("--scores: no values; write numbers separated by commas (rows by ';'), e.g. 3.2,5.1,-1.7");
  });
});

describe('parseInteger', () => {
  it('whole numbers ≥ min, and no larger than the safe integers (1e308 is "whole" to Number.isInteger)', () => {
    expect(parseInteger('12', '--k', 1)).toBe(12);
    expect(parseInteger('1e3', '--k', 1)).toBe(1000);
    expect(() => parseInteger('0', '--k', 1)).toThrow("--k: '0' must be a whole number ≥ 1");
    expect(() => parseInteger('1e308', '--epochs', 1)).toThrow("--epochs: '1e308' is too large (at most 9007199254740991)");
  });
});
