import { describe, expect, it } from 'vitest';
import type { ImageShape } from '../data/types.js';
import { DataFormatError } from '../errors.js';
import { boxWeights, imageToRow } from './image-input.js';
import type { RasterImage } from './raster.js';

const GRAY: ImageShape = { height: 2, width: 2, channels: 1, layout: 'hwc' };
const RGB_CHW: ImageShape = { height: 1, width: 2, channels: 3, layout: 'chw' };

const img = (width: number, height: number, channels: 1 | 2 | 3 | 4, data: number[]): RasterImage => ({ width, height, channels, data: Uint8Array.from(data) });

describe('imageToRow', () => {
  it('gray stays as it is; invert maps v → 255 − v', () => {
    expect(Array.from(imageToRow(img(2, 2, 1, [0, 10, 200, 255]), GRAY, 'a.png'))).toEqual([0, 10, 200, 255]);
    expect(Array.from(imageToRow(img(2, 2, 1, [0, 10, 200, 255]), GRAY, 'a.png', { invert: true }))).toEqual([255, 245, 55, 0]);
  });

  it('colour → gray by BT.601 luma: round(0.299 R + 0.587 G + 0.114 B)', () => {
    const row = imageToRow(img(2, 2, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 100, 150, 200]), GRAY, 'c.png');
    // 76.245 → 76, 149.685 → 150, 29.07 → 29, 29.9 + 88.05 + 22.8 = 140.75 → 141
    expect(Array.from(row)).toEqual([76, 150, 29, 141]);
  });

  it('alpha is composited onto the background (default black)', () => {
    const ga = img(2, 2, 2, [200, 255, 200, 0, 200, 128, 0, 0]);
    expect(Array.from(imageToRow(ga, GRAY, 'g.png'))).toEqual([200, 0, 100, 0]); // 200·128/255 = 100.39
    expect(Array.from(imageToRow(ga, GRAY, 'g.png', { background: 255 }))).toEqual([200, 255, 227, 255]); // 100.39 + 255·127/255
  });

  it("gray → RGB repeats the value, laid out in planes for 'chw'", () => {
    expect(Array.from(imageToRow(img(2, 1, 1, [10, 20]), RGB_CHW, 'g.png'))).toEqual([10, 20, 10, 20, 10, 20]);
    expect(Array.from(imageToRow(img(2, 1, 4, [1, 2, 3, 255, 4, 5, 6, 255]), RGB_CHW, 'c.png'))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('refuses another size by default, naming both sizes', () => {
    expect(() => imageToRow(img(3, 2, 1, [0, 0, 0, 0, 0, 0]), GRAY, 'big.png')).toThrow(DataFormatError);
    expect(() => imageToRow(img(3, 2, 1, [0, 0, 0, 0, 0, 0]), GRAY, 'big.png')).toThrow(
      'big.png: is 3×2 pixels, the model expects 2×2: scale the picture to 2×2 first',
    );
  });

  it("resize: 'area' averages blocks exactly when shrinking by a whole factor", () => {
    // 4×4 → 2×2: each output is the mean of a 2×2 block.
    const src = img(4, 4, 1, [0, 0, 100, 100, 0, 0, 100, 100, 10, 20, 255, 255, 30, 40, 255, 255]);
    expect(Array.from(imageToRow(src, GRAY, 's.png', { resize: 'area' }))).toEqual([0, 100, 25, 255]);
  });

  it('area weights cover fractional pixels and sum to 1', () => {
    const w = boxWeights(3, 2); // each output covers 1.5 source pixels
    expect(w[0]).toEqual([
      { index: 0, weight: 2 / 3 },
      { index: 1, weight: 1 / 3 },
    ]);
    expect(w[1]).toEqual([
      { index: 1, weight: 1 / 3 },
      { index: 2, weight: 2 / 3 },
    ]);
    for (const cells of boxWeights(28, 280)) expect(cells.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
  });
});
