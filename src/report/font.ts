/**
 * Text in rasters with the project's 5-pixel bitmap font (font-glyphs.ts). Monospaced: every character
 * advances 6 pixels (5 of glyph, 1 of space) and a line is 9 pixels tall (7 above the baseline, 2 of
 * descender), all times `scale`, a whole number ≥ 1 (2 is comfortable to read). Text is split into code
 * points, so a character outside the font (é, 中, an emoji) is one box, not two.
 */
import { ArgumentError } from '../errors.js';
import { BOX, GLYPHS, GLYPH_ROWS, GLYPH_WIDTH } from './font-glyphs.js';
import { setPixel, type Color, type RasterImage } from './raster.js';

/** Horizontal distance from one character to the next, at scale 1. */
export const CHAR_ADVANCE = GLYPH_WIDTH + 1;
/** Height of a line of text (cap height 7 plus 2 rows of descender), at scale 1. */
export const LINE_HEIGHT = GLYPH_ROWS;

const ELLIPSIS = '\u2026';
const cache = new Map<string, Uint8Array>();

/** A glyph as GLYPH_WIDTH × GLYPH_ROWS bytes (1 = ink), row by row; BOX for characters the font lacks. */
export function glyphBitmap(ch: string): Uint8Array {
  const known = cache.get(ch);
  if (known) return known;
  const art = GLYPHS[ch] ?? BOX;
  const bits = new Uint8Array(GLYPH_WIDTH * GLYPH_ROWS);
  art.forEach((line, y) => {
    for (let x = 0; x < GLYPH_WIDTH; x++) bits[y * GLYPH_WIDTH + x] = line[x] === '#' ? 1 : 0;
  });
  if (GLYPHS[ch] !== undefined) cache.set(ch, bits);
  return bits;
}

/** Whether the font has a glyph of its own for `ch` (otherwise it is drawn as a box). */
export function hasGlyph(ch: string): boolean {
  return GLYPHS[ch] !== undefined;
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 1) throw new ArgumentError('scale', `must be a whole number ≥ 1, got ${scale}`);
}

/** Width in pixels of `text` drawn at `scale` (no trailing gap after the last character; 0 for ''). */
export function textWidth(text: string, scale = 1): number {
  checkScale(scale);
  const n = Array.from(text).length;
  return n === 0 ? 0 : (n * CHAR_ADVANCE - 1) * scale;
}

/** `text`, or its longest prefix followed by '…' that fits in `maxWidth` pixels ('' if not even '…' fits). */
export function fitText(text: string, maxWidth: number, scale = 1): string {
  if (textWidth(text, scale) <= maxWidth) return text;
  const chars = Array.from(text);
  for (let n = chars.length - 1; n >= 0; n--) {
    const candidate = chars.slice(0, n).join('') + ELLIPSIS;
    if (textWidth(candidate, scale) <= maxWidth) return candidate;
  }
  return '';
}

export interface DrawTextOptions {
  /** Pixel size of one font dot (default 1). */
  readonly scale?: number;
  /** Ink colour, one sample per channel of the image (default black, opaque). */
  readonly color?: Color;
}

/** Draw `text` with its top-left corner at (x, y); pixels outside the image are dropped. Returns the width drawn. */
export function drawText(image: RasterImage, text: string, x: number, y: number, options: DrawTextOptions = {}): number {
  const scale = options.scale ?? 1;
  checkScale(scale);
  const color = options.color ?? defaultInk(image);
  let penX = x;
  for (const ch of Array.from(text)) {
    const bits = glyphBitmap(ch);
    for (let gy = 0; gy < GLYPH_ROWS; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (bits[gy * GLYPH_WIDTH + gx] === 0) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) setPixel(image, penX + gx * scale + dx, y + gy * scale + dy, color);
        }
      }
    }
    penX += CHAR_ADVANCE * scale;
  }
  return textWidth(text, scale);
}

function defaultInk(image: RasterImage): Color {
  switch (image.channels) {
    case 1:
      return [0];
    case 2:
      return [0, 255];
    case 3:
      return [0, 0, 0];
    default:
      return [0, 0, 0, 255];
  }
}
