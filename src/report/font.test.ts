import { describe, expect, it } from 'vitest';
import { drawText, fitText, glyphBitmap, hasGlyph, textWidth } from './font.js';
import { BOX, GLYPHS, GLYPH_ROWS, GLYPH_WIDTH } from './font-glyphs.js';
import { createRaster, type RasterImage } from './raster.js';

/** The raster as string art, '#' where the gray value is below 128 (ink), '.' elsewhere. */
function art(img: RasterImage): string[] {
  const out: string[] = [];
  for (let y = 0; y < img.height; y++) {
    let line = '';
    for (let x = 0; x < img.width; x++) line += img.data[(y * img.width + x) * img.channels]! < 128 ? '#' : '.';
    out.push(line);
  }
  return out;
}

describe('the glyph table', () => {
  const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

  it('covers printable ASCII (space through ~) and the ellipsis', () => {
    expect(printable.filter((c) => !hasGlyph(c))).toEqual([]);
    expect(hasGlyph('\u2026')).toBe(true);
    expect(hasGlyph('é')).toBe(false);
  });

  it('every glyph is 5 wide, 7 or 9 rows, only "#" and "."; only descenders use rows 7–8', () => {
    for (const [ch, rows] of Object.entries(GLYPHS)) {
      expect([7, 9], ch).toContain(rows.length);
      for (const r of rows) expect(r, ch).toMatch(/^[#.]{5}$/);
      if (rows.length === 9) expect(rows.slice(7).join(''), ch).toContain('#');
    }
    expect(Object.entries(GLYPHS).filter(([, r]) => r.length === 9).map(([c]) => c).sort()).toEqual([',', ';', '_', 'g', 'j', 'p', 'q', 'y']);
  });

  it('no two characters share a glyph (a copy-paste slip would show here)', () => {
    const seen = new Map<string, string>();
    for (const [ch, rows] of Object.entries(GLYPHS)) {
      const key = rows.join('|');
      expect(seen.get(key), `${ch} looks like ${seen.get(key)}`).toBeUndefined();
      seen.set(key, ch);
    }
  });

  it('only the space is blank, and the box is not a character', () => {
    for (const [ch, rows] of Object.entries(GLYPHS)) expect(rows.join('').includes('#'), ch).toBe(ch !== ' ');
    expect(Object.values(GLYPHS).some((r) => r.join('|') === BOX.join('|'))).toBe(false);
  });
});

describe('drawText', () => {
  it("draws 'A' as designed, the descender of 'g' below the baseline", () => {
    const img = createRaster(11, GLYPH_ROWS, 1);
    drawText(img, 'Ag', 0, 0);
    expect(art(img)).toEqual([
      '.###.......',
      '#...#......',
      '#...#..####', // g's bowl starts on row 2 (x-height 5), after a one-column gap
      '#####.#...#',
      '#...#.#...#',
      '#...#.#...#',
      '#...#..####',
      '..........#', // rows 7–8: the descender
      '.......###.',
    ]);
  });

  it('scale 2 doubles every dot', () => {
    const img = createRaster(10, 2 * GLYPH_ROWS, 1);
    drawText(img, 'I', 0, 0, { scale: 2 });
    expect(art(img).slice(0, 4)).toEqual(['..######..', '..######..', '....##....', '....##....']);
  });

  it('an unknown character (é, 中, an emoji) is one box', () => {
    for (const ch of ['é', '中', '😀']) {
      const img = createRaster(5, 7, 1);
      expect(drawText(img, ch, 0, 0)).toBe(5);
      expect(art(img)).toEqual(BOX);
    }
  });

  it('draws in the colour asked, clipped at the edges', () => {
    const img = createRaster(4, 4, 3, [255, 255, 255]);
    drawText(img, '#', -1, -1, { color: [200, 0, 0] });
    // '#' row 1 is '.#.#.': shifted by (−1, −1) it lands on image row 0 at x = 0 and x = 2.
    expect(Array.from(img.data.subarray(0, 12))).toEqual([200, 0, 0, 255, 255, 255, 200, 0, 0, 255, 255, 255]);
  });

  it('glyph bitmaps are the string art', () => {
    const b = glyphBitmap('T');
    expect(Array.from(b.subarray(0, GLYPH_WIDTH * 2))).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
  });
});

describe('text measuring', () => {
  it('textWidth is 6 per character minus the last gap, times scale', () => {
    expect(textWidth('')).toBe(0);
    expect(textWidth('a')).toBe(5);
    expect(textWidth('abc')).toBe(17);
    expect(textWidth('abc', 2)).toBe(34);
    expect(textWidth('中😀')).toBe(11); // two code points
    expect(() => textWidth('a', 1.5)).toThrow('scale: must be a whole number ≥ 1, got 1.5');
  });

  it("fitText cuts with '…' to fit", () => {
    expect(fitText('airplane', 100)).toBe('airplane');
    expect(fitText('automobile', 40)).toBe('autom…'); // 6 characters: 35 px
    expect(fitText('automobile', 4)).toBe('');
    expect(fitText('', 0)).toBe('');
  });
});
