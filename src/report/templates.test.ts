import { describe, expect, it } from 'vitest';
import type { ImageShape } from '../data/types.js';
import { NonFiniteError, ShapeError } from '../errors.js';
import { decodePng } from './png-decode.js';
import { imageGridPng, weightsPng } from './pictures.js';
import type { RasterImage } from './raster.js';
import { imageGridImage, templateRaster, weightsImage } from './templates.js';
import { renderTileGrid, tileGridGeometry } from './tile-grid.js';

const GRAY_2x2: ImageShape = { height: 2, width: 2, channels: 1, layout: 'hwc' };
const MNIST: ImageShape = { height: 28, width: 28, channels: 1, layout: 'hwc' };
const CIFAR: ImageShape = { height: 32, width: 32, channels: 3, layout: 'chw' };

function pixel(img: RasterImage, x: number, y: number): number[] {
  const p = (y * img.width + x) * img.channels;
  return Array.from(img.data.subarray(p, p + img.channels));
}

describe('templateRaster: a row of W as bytes', () => {
  it('maps min → 0 and max → 255 linearly, rounding (row [−1, 0, 1, 3] → [0, 64, 128, 255])', () => {
    // 255/4 = 63.75 per unit: 0 → 0, 1 → 63.75, 2 → 127.5, 4 → 255.
    expect(Array.from(templateRaster([-1, 0, 1, 3], GRAY_2x2).data)).toEqual([0, 64, 128, 255]);
  });

  it('draws a constant row as mid-grey, without dividing by zero', () => {
    expect(Array.from(templateRaster([0.3, 0.3, 0.3, 0.3], GRAY_2x2).data)).toEqual([128, 128, 128, 128]);
    expect(Array.from(templateRaster([0, 0, 0, 0], GRAY_2x2).data)).toEqual([128, 128, 128, 128]);
  });

  it("reorders CIFAR's R, G, B planes ('chw') into interleaved pixels", () => {
    // 1×2 image, planes R = [0, 1], G = [2, 3], B = [4, 5]; 255/5 = 51 per unit.
    const shape: ImageShape = { height: 1, width: 2, channels: 3, layout: 'chw' };
    const img = templateRaster([0, 1, 2, 3, 4, 5], shape);
    expect(img.channels).toBe(3);
    expect(Array.from(img.data)).toEqual([0, 102, 204, 51, 153, 255]);
    const hwc = templateRaster([0, 1, 2, 3, 4, 5], { ...shape, layout: 'hwc' });
    expect(Array.from(hwc.data)).toEqual([0, 51, 102, 153, 204, 255]);
  });

  it('refuses NaN and short rows', () => {
    expect(() => templateRaster([0, NaN, 1, 2], GRAY_2x2)).toThrow(NonFiniteError);
    expect(() => templateRaster([0, 1, 2], GRAY_2x2)).toThrow('row: has 3 values, the image 2×2×1 (hwc) needs 4');
  });
});

describe('weightsImage', () => {
  const two = { weights: { data: [-1, 0, 1, 3, 0, 0, 0, 2], rows: 2, cols: 4 }, imageShape: GRAY_2x2, classNames: ['a', 'b'] };

  it('puts each scaled template, enlarged, in its cell (zoom 3, padding 2)', () => {
    const img = weightsImage(two, { zoom: 3, padding: 2 });
    const g = tileGridGeometry(2, 2, 2, { zoom: 3, padding: 2 }, ['a', 'b']);
    expect([img.width, img.height]).toEqual([g.width, g.height]);
    expect(img.channels).toBe(1);
    // Tile 0 at (2, 2): its 2×2 pixels become 3×3 blocks.
    expect([pixel(img, 2, 2), pixel(img, 4, 4), pixel(img, 5, 2), pixel(img, 7, 7)]).toEqual([[0], [0], [64], [255]]);
    expect(pixel(img, 4, 5)).toEqual([128]);
    // Tile 1 starts one cell (2·3 + 2·2 = 10 px) to the right: row [0, 0, 0, 2] → [0, 0, 0, 255].
    expect([pixel(img, 12, 2), pixel(img, 15, 5)]).toEqual([[0], [255]]);
    // The light-gray frame one pixel around the tile.
    expect(pixel(img, 1, 1)).toEqual([200]);
  });

  it("leaves out the bias trick's last column", () => {
    const withBias = { ...two, weights: { data: [-1, 0, 1, 3, 1000, 0, 0, 0, 2, -1000], rows: 2, cols: 5 } };
    expect(weightsImage(withBias).data).toEqual(weightsImage(two).data);
  });

  it("scaling 'global' uses one range for all of W", () => {
    const g = weightsImage({ ...two, weights: { data: [0, 1, 0, 1, 0, 2, 0, 2], rows: 2, cols: 4 } }, { scaling: 'global', zoom: 1, padding: 0 });
    expect([pixel(g, 1, 0), pixel(g, 3, 0)]).toEqual([[128], [255]]); // 1/2 · 255 = 127.5 → 128; 2 → 255
    const p = weightsImage({ ...two, weights: { data: [0, 1, 0, 1, 0, 2, 0, 2], rows: 2, cols: 4 } }, { zoom: 1, padding: 0 });
    expect([pixel(p, 1, 0), pixel(p, 3, 0)]).toEqual([[255], [255]]);
  });

  it('names the class of a non-finite weight', () => {
    const bad = { ...two, weights: { data: [0, 1, 2, 3, 0, Infinity, 0, 0], rows: 2, cols: 4 } };
    expect(() => weightsImage(bad)).toThrow('weights: element 5 is Infinity; finite numbers are required (class 1 "b", pixel value 1)');
  });

  it('checks shapes and names', () => {
    expect(() => weightsImage({ ...two, classNames: ['a'] })).toThrow('classNames: has 1 names, weights has 2 rows (one per class)');
    expect(() => weightsImage({ ...two, weights: { data: new Float32Array(6), rows: 2, cols: 3 } })).toThrow(
      'weights: has 3 columns; the image 2×2×1 (hwc) needs 4 (or 5 with a bias column)',
    );
    expect(() => weightsImage({ ...two, imageShape: { ...GRAY_2x2, channels: 2 } })).toThrow('imageShape.channels: is 2');
    expect(() => weightsImage({ ...two, weights: { data: [], rows: 0, cols: 4 }, classNames: [] })).toThrow('weights: has no rows');
  });
});

describe('grid geometry', () => {
  it('MNIST, 10 classes: zoom 4, one row of 10 cells of 132 × 154', () => {
    const g = tileGridGeometry(10, 28, 28, {}, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(g).toMatchObject({ zoom: 4, columns: 10, rows: 1, textScale: 2, tileWidth: 112, cellWidth: 132, cellHeight: 154 });
    // cell height = padding 10 + tile 112 + gap 4 + text 9·2 + padding 10
    expect([g.width, g.height]).toEqual([1320, 154]);
  });

  it('C classes make ceil(C / 10) rows of min(C, 10) cells; a title adds a band', () => {
    for (const [c, cols, rows] of [
      [1, 1, 1],
      [3, 3, 1],
      [10, 10, 1],
      [11, 10, 2],
      [25, 10, 3],
    ] as const) {
      const g = tileGridGeometry(c, 32, 32);
      expect([g.columns, g.rows, g.width, g.height], `C = ${c}`).toEqual([cols, rows, cols * 148, rows * 170]);
    }
    expect(tileGridGeometry(3, 32, 32, { title: 'x' }).height).toBe(170 + 10 + 18);
    expect(tileGridGeometry(3, 8, 8).zoom).toBe(16);
    expect(tileGridGeometry(3, 300, 200).zoom).toBe(1);
  });

  it('falls back to text scale 1 when a label would not fit at 2', () => {
    expect(tileGridGeometry(2, 28, 28, {}, ['T-shirt/top', 'Bag']).textScale).toBe(2); // 130 px ≤ 130
    expect(tileGridGeometry(2, 28, 28, {}, ['a much longer name', 'Bag']).textScale).toBe(1);
  });

  it('the PNG of CIFAR-10 templates has the size the geometry gives', () => {
    const names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
    const data = Float32Array.from({ length: 10 * 3072 }, (_, i) => Math.sin(i));
    const png = decodePng(weightsPng({ weights: { data, rows: 10, cols: 3072 }, imageShape: CIFAR, classNames: names }), 'w.png');
    const g = tileGridGeometry(10, 32, 32, {}, names);
    expect([png.width, png.height, png.channels]).toEqual([g.width, g.height, 3]);
    expect([png.width, png.height]).toEqual([1480, 170]);
  });

  it('an MNIST-sized PNG decodes as gray', () => {
    const data = Float32Array.from({ length: 3 * 784 }, (_, i) => (i % 97) - 40);
    const png = decodePng(weightsPng({ weights: { data, rows: 3, cols: 784 }, imageShape: MNIST, classNames: ['x', 'y', 'z'] }), 'w.png');
    expect([png.width, png.height, png.channels]).toEqual([396, 154, 1]);
  });

  it('labels are drawn under their tile, centred', () => {
    const img = renderTileGrid([{ image: { width: 2, height: 2, channels: 1, data: new Uint8Array(4).fill(255) }, label: 'I' }], { zoom: 5, padding: 4, textScale: 1 });
    // Cell 18 wide; 'I' is 5 wide → x from 6; its top row '.###.' at y = 4 + 10 + 4 = 18.
    const row = Array.from({ length: img.width }, (_, x) => (pixel(img, x, 18)[0]! < 128 ? '#' : '.')).join('');
    expect(row).toBe('.......###........');
  });

  it('refuses tiles of different sizes and an empty grid', () => {
    const a = { width: 2, height: 2, channels: 1 as const, data: new Uint8Array(4) };
    const b = { width: 3, height: 2, channels: 1 as const, data: new Uint8Array(6) };
    expect(() => renderTileGrid([{ image: a, label: '' }, { image: b, label: '' }])).toThrow(ShapeError);
    expect(() => renderTileGrid([])).toThrow('tiles: is empty');
  });
});

describe('imageGridImage', () => {
  it('shows the chosen rows as they are (no rescaling), labelled', () => {
    const images = { data: Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80]), rows: 2, cols: 4 };
    const img = imageGridImage({ images, imageShape: GRAY_2x2, indices: [1], labels: ['second'] }, { zoom: 1, padding: 0 });
    expect([pixel(img, 0, 0), pixel(img, 1, 0), pixel(img, 0, 1), pixel(img, 1, 1)]).toEqual([[50], [60], [70], [80]]);
  });

  it('checks indices and labels', () => {
    const images = { data: new Uint8Array(8), rows: 2, cols: 4 };
    expect(() => imageGridImage({ images, imageShape: GRAY_2x2, indices: [2], labels: ['x'] })).toThrow('indices: index 2 at position 0 is outside 0..1');
    expect(() => imageGridImage({ images, imageShape: GRAY_2x2, labels: ['x'] })).toThrow('labels: has 1 labels for 2 images');
    expect(decodePng(imageGridPng({ images, imageShape: GRAY_2x2, labels: ['a', 'b'] }), 'g.png').width).toBe(2 * (2 * 64 + 20));
  });
});
